import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { DistrictCode } from '../ids/districtCode.js';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import type { StoredRecord } from '../record/record.js';
import { referenceFigure, referenceLiveRecords, referenceStatistic } from '../testing/referenceModel.js';
import type { IndicatorProjections, ValuationQuery } from './indicatorProjections.js';
import type { Rollup } from './rollup.js';
import { appendInBatches, arbDrafts, buildHistory, fundsInput, queriesFor, recordsOf, workspace } from '../testing/projectionSupport.js';

/**
 * Roll-ups over several districts (docs/spec.md §8.5; docs/cli.md `ledger rollup`): counts and money summed, ratios recomputed from the summed
 * inputs (never averaged), a district missing an input makes the combined ratio null and is named; and
 * rankings of districts on one indicator.
 */

const A = '130302' as DistrictCode;
const B = '130303' as DistrictCode;
const C = '110101' as DistrictCode;

const rollupOf = async (projections: IndicatorProjections, districts: readonly string[], q: ValuationQuery): Promise<Rollup> => {
  const r = await projections.rollup(districts, q);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const stat = (district: string, statistic: string, year: number, value: number, recordedAt = '2021-05-01T00:00:00Z') => ({
  type: 'StatisticReported',
  district,
  effectiveDate: '2021-04-01',
  recordedAt,
  actor: { unit: 'statistics', user: 'clerk' },
  data: { statistic, year, value, status: 'final' },
});

describe('roll-up: which districts (docs/spec.md §8.5)', () => {
  it('refuses a district named twice (it would be counted twice) and an empty list (zeros for nothing), as problems', async () => {
    const { ledger, projections } = workspace();
    await appendInBatches(ledger, [stat(A, 'fiscal-st-expenditure', 2020, 1)]);
    const twice = await projections.rollup([A, B, A], { year: 2020 });
    expect(twice).toEqual(E.left([{ path: 'districts[2]', reason: `${A} is already at districts[0]; a district named twice would be counted twice` }]));
    const none = await projections.rollup([], { year: 2020 });
    expect(none).toEqual(E.left([{ path: 'districts', reason: 'give at least one district' }]));
  });
});

describe('roll-up: hand-computed examples where averaging would give another answer', () => {
  it('ratios are recomputed from summed numerators and denominators', async () => {
    const { ledger, projections } = workspace();
    await appendInBatches(ledger, [stat(A, 'fiscal-st-expenditure', 2020, 1), stat(A, 'general-public-budget-expenditure', 2020, 100)]);
    await appendInBatches(ledger, [stat(B, 'fiscal-st-expenditure', 2020, 30), stat(B, 'general-public-budget-expenditure', 2020, 1000)]);
    await appendInBatches(ledger, [
      stat(A, 'high-tech-industry-value-added', 2019, 100),
      stat(A, 'high-tech-industry-value-added', 2020, 200),
      stat(A, 'resident-population', 2020, 10_000),
      {
        type: 'PatentGranted',
        district: A,
        effectiveDate: '2019-01-01',
        recordedAt: '2021-05-02T00:00:00Z',
        actor: { unit: 'market-regulation', user: 'clerk' },
        data: { patentNo: '201710601862.3', kind: 'invention', filingDate: '2017-03-01' },
      },
    ]);
    await appendInBatches(ledger, [
      stat(B, 'high-tech-industry-value-added', 2019, 1000),
      stat(B, 'high-tech-industry-value-added', 2020, 1000),
      stat(B, 'resident-population', 2020, 30_000),
    ]);
    const r = await rollupOf(projections, [A, B], { year: 2020 });
    // (1% + 3%) / 2 = 2% would be the average; the city's share is 31 of 1100.
    expect(r.indicators['fiscal-st-share']).toEqual({ value: (100 * 31) / 1100, unit: 'percent', missing: [] });
    // (100% + 0%) / 2 = 50% would be the average; the city grew from 1100 to 1200.
    expect(r.indicators['high-tech-value-added-growth'].value).toBe(100 * (1200 / 1100 - 1));
    // (1 + 0) / 2 = 0.5 per 10k would be the average; the city has 1 patent for 40,000 people.
    expect(r.indicators['invention-patents-per-10k'].value).toBe(1 / (40_000 / 10_000));
    expect(r.districts).toEqual([A, B]);
    expect(r.date).toBe('2020-12-31');
    expect(r.asOf).toBeNull();
  });

  it('counts and money are summed; money in fen first, so 0.1 + 0.2 yuan is 0.3', async () => {
    const { ledger, projections } = workspace();
    const funds = (district: string, allocationId: string, amountFen: number) => fundsInput(district, allocationId, amountFen, 'talent');

    const project = (district: string, projectId: string) => ({
      type: 'ProjectApproved',
      district,
      effectiveDate: '2020-05-01',
      recordedAt: '2020-05-03T00:00:00Z',
      actor: { unit: 'development-reform', user: 'clerk' },
      data: { projectId, title: '项目', level: 'provincial' },
    });
    await appendInBatches(ledger, [funds(A, 'X', 10), project(A, 'J1'), project(A, 'J2')]);
    await appendInBatches(ledger, [funds(B, 'X', 20), project(B, 'J1')]);
    const r = await rollupOf(projections, [A, B], { date: '2020-12-31' });
    expect(r.indicators['st-funds-allocated']).toEqual({ value: 0.3, unit: 'yuan', missing: [] });
    expect(r.indicators['st-projects']).toEqual({ value: 3, unit: 'count', missing: [] });
    expect(r.indicators['high-tech-enterprises']).toEqual({ value: 0, unit: 'count', missing: [] });
  });

  it('a district missing an input makes the combined ratio null, named district by district', async () => {
    const { ledger, projections } = workspace();
    await appendInBatches(ledger, [stat(A, 'fiscal-st-expenditure', 2020, 1), stat(A, 'general-public-budget-expenditure', 2020, 100)]);
    await appendInBatches(ledger, [stat(B, 'general-public-budget-expenditure', 2020, 0)]);
    const r = await rollupOf(projections, [A, B, C], { year: 2020 });
    expect(r.indicators['fiscal-st-share'].value).toBeNull();
    expect([...r.indicators['fiscal-st-share'].missing].sort()).toEqual(
      [`${B}:fiscal-st-expenditure:2020`, `${C}:fiscal-st-expenditure:2020`, `${C}:general-public-budget-expenditure:2020`].sort(),
    );
  });

  it('agricultural-industrialization-rate has no reported base, so it is not combined (null with a note), never averaged', async () => {
    const { ledger, projections } = workspace();
    await appendInBatches(ledger, [stat(A, 'agricultural-industrialization-rate', 2020, 60)]);
    await appendInBatches(ledger, [stat(B, 'agricultural-industrialization-rate', 2020, 70)]);
    const r = await rollupOf(projections, [A, B], { year: 2020 });
    expect(r.indicators['agricultural-industrialization-rate'].value).toBeNull();
    expect(r.indicators['agricultural-industrialization-rate'].note).toEqual(expect.any(String));
  });
});

/** docs/spec.md §6 ratio rows as parts: numerator and denominator statistic (year offset), and the literal formula. */
const RATIO_PARTS: Partial<Record<IndicatorId, { numerator: readonly [string, number] | 'patents'; denominator: readonly [string, number]; value: (a: number, b: number) => number }>> = {
  'invention-patents-per-10k': { numerator: 'patents', denominator: ['resident-population', 0], value: (a, b) => a / (b / 10000) },
  'fiscal-st-share': { numerator: ['fiscal-st-expenditure', 0], denominator: ['general-public-budget-expenditure', 0], value: (a, b) => (100 * a) / b },
  'rd-intensity-above-scale': {
    numerator: ['above-scale-industrial-rd-expenditure', 0],
    denominator: ['above-scale-industrial-main-revenue', 0],
    value: (a, b) => (100 * a) / b,
  },
  'rd-institution-share': {
    numerator: ['above-scale-industrial-enterprises-with-rd-institution', 0],
    denominator: ['above-scale-industrial-enterprises', 0],
    value: (a, b) => (100 * a) / b,
  },
  'high-tech-value-added-growth': {
    numerator: ['high-tech-industry-value-added', 0],
    denominator: ['high-tech-industry-value-added', -1],
    value: (a, b) => 100 * (a / b - 1),
  },
};

/** The roll-up an analyst would compute by hand from each district's live records ("counts and money summed, ratios recomputed", docs/cli.md `ledger rollup`). */
const expectedRollup = (byDistrict: ReadonlyMap<string, readonly StoredRecord[]>, date: string, asOf: string | null, id: IndicatorId) => {
  const year = Number(date.slice(0, 4));
  const lives = [...byDistrict].map(([d, records]) => [d, referenceLiveRecords(records, asOf)] as const);
  if (id === 'st-funds-allocated') {
    const fen = lives
      .flatMap(([, live]) => live)
      .filter((r) => r.type === 'FundsAllocated' && r.effectiveDate >= `${year}-01-01` && r.effectiveDate <= date)
      .reduce((sum, r) => sum + (r.data as { amountFen: number }).amountFen, 0);
    return { value: fen / 100, missing: [] as string[] };
  }
  const parts = RATIO_PARTS[id];
  if (parts === undefined) return { value: lives.reduce((sum, [, live]) => sum + referenceFigure(live, id, date).value!, 0), missing: [] as string[] };
  let a = 0;
  let b = 0;
  const missing: string[] = [];
  for (const [d, live] of lives) {
    if (parts.numerator === 'patents') a += referenceFigure(live, 'invention-patents-per-10k', date).contributions.length;
    else {
      const n = referenceStatistic(live, parts.numerator[0], year + parts.numerator[1]);
      if (n === undefined) missing.push(`${d}:${parts.numerator[0]}:${year + parts.numerator[1]}`);
      else a += (n.data as { value: number }).value;
    }
    const m = referenceStatistic(live, parts.denominator[0], year + parts.denominator[1]);
    if (m === undefined) missing.push(`${d}:${parts.denominator[0]}:${year + parts.denominator[1]}`);
    else b += (m.data as { value: number }).value;
  }
  if (missing.length > 0) return { value: null, missing };
  return b === 0 ? { value: null, missing: ['(summed denominator is 0)'] } : { value: parts.value(a, b), missing };
};

describe('roll-up and ranking on random histories of three districts', () => {
  it('counts and money summed, ratios recomputed from summed parts, missing inputs named by district', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(25), arbDrafts(25), arbDrafts(25), fc.integer(), async (da, db, dc, seed) => {
        const histories = await Promise.all([buildHistory(da, { district: A }), buildHistory(db, { district: B }), buildHistory(dc, { district: C })]);
        const { ledger, store, projections } = workspace();
        for (const h of histories) await appendInBatches(ledger, h.inputs);
        const byDistrict = new Map<string, StoredRecord[]>();
        for (const d of [A, B, C]) byDistrict.set(d, await recordsOf(store, d));
        const all = { inputs: [], records: histories.flatMap((h) => h.records) };
        for (const q of queriesFor(all, seed, 3)) {
          const asOf = q.asOf === undefined ? null : new Date(Date.parse(q.asOf)).toISOString();
          const r = await rollupOf(projections, [A, B, C], q);
          expect(r.asOf).toBe(asOf);
          for (const id of INDICATOR_IDS) {
            if (id === 'agricultural-industrialization-rate') continue;
            const expected = expectedRollup(byDistrict, q.date, asOf, id);
            expect(r.indicators[id].value, id).toBe(expected.value);
            if (expected.missing[0] === '(summed denominator is 0)') expect(r.indicators[id].missing.length).toBeGreaterThan(0);
            else expect([...r.indicators[id].missing].sort(), id).toEqual(expected.missing.sort());
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('ranking: by value (descending, or ascending on request), ties share a rank and go by district code, unknown values last and unranked', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(25), arbDrafts(25), arbDrafts(25), fc.constantFrom(...INDICATOR_IDS), fc.constantFrom('desc', 'asc') as fc.Arbitrary<'desc' | 'asc'>, fc.integer(), async (da, db, dc, id, order, seed) => {
        const histories = await Promise.all([buildHistory(da, { district: A }), buildHistory(db, { district: B }), buildHistory(dc, { district: C })]);
        const { ledger, projections } = workspace();
        for (const h of histories) await appendInBatches(ledger, h.inputs);
        const all = { inputs: [], records: histories.flatMap((h) => h.records) };
        for (const q of queriesFor(all, seed, 2)) {
          const ranked = await projections.ranking([C, A, B], id, { ...q, order });
          if (E.isLeft(ranked)) throw new Error(JSON.stringify(ranked.left));
          const values = new Map<string, number | null>();
          for (const d of [A, B, C]) {
            const s = await projections.snapshot(d, q);
            values.set(d, E.isRight(s) ? s.right.indicators[id].value : null);
          }
          expect(ranked.right.map((r) => r.district).sort()).toEqual([A, B, C].sort());
          for (const row of ranked.right) {
            expect(row.value).toBe(values.get(row.district));
            const better = [...values.values()].filter((v) => v !== null && row.value !== null && (order === 'desc' ? v > row.value : v < row.value)).length;
            expect(row.rank).toBe(row.value === null ? null : better + 1);
          }
          for (let i = 1; i < ranked.right.length; i++) {
            const p = ranked.right[i - 1]!;
            const n = ranked.right[i]!;
            if (n.value === null) continue;
            expect(p.value).not.toBeNull();
            const sign = order === 'desc' ? -1 : 1;
            const cmp = sign * (p.value! - n.value) || p.district.localeCompare(n.district);
            expect(cmp).toBeLessThan(0);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('ranking example: ties share a rank, the next rank skips', async () => {
    const { ledger, projections } = workspace();
    const project = (district: string, projectId: string) => ({
      type: 'ProjectApproved',
      district,
      effectiveDate: '2020-05-01',
      recordedAt: '2020-05-03T00:00:00Z',
      actor: { unit: 'development-reform', user: 'clerk' },
      data: { projectId, title: '项目', level: 'provincial' },
    });
    await appendInBatches(ledger, [project(A, 'J1')]);
    await appendInBatches(ledger, [project(B, 'J1'), project(B, 'J2')]);
    await appendInBatches(ledger, [project(C, 'J1')]);
    const ranked = await projections.ranking([A, B, C], 'st-projects', { year: 2020 });
    expect(E.isRight(ranked) && ranked.right).toEqual([
      { district: B, value: 2, rank: 1 },
      { district: C, value: 1, rank: 2 },
      { district: A, value: 1, rank: 2 },
    ]);
    const byShare = await projections.ranking([A, B], 'fiscal-st-share', { year: 2020 });
    expect(E.isRight(byShare) && byShare.right).toEqual([
      { district: A, value: null, rank: null },
      { district: B, value: null, rank: null },
    ]);
  });
});
