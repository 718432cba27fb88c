import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import { referenceVintages } from '../testing/referenceModel.js';
import type { IndicatorProjections } from './indicatorProjections.js';
import type { Vintage } from './vintages.js';
import { DISTRICT, appendInBatches, arbDrafts, buildHistory, workspace } from '../testing/projectionSupport.js';

/**
 * Vintages (docs/indicators.md "Vintages"): how a yearly figure was revised over knowledge time, as contiguous,
 * non-overlapping, closed-open periods [fromRecordedAt, toRecordedAt), a new period only where the value
 * changed, the last one open.
 */

const vintagesOf = async (projections: IndicatorProjections, id: IndicatorId, year: number): Promise<Vintage[]> => {
  const v = await projections.vintages(DISTRICT, id, year);
  if (E.isLeft(v)) throw new Error(JSON.stringify(v.left));
  return v.right;
};

const valueAt = async (projections: IndicatorProjections, id: IndicatorId, year: number, asOf: string): Promise<number | null> => {
  const s = await projections.snapshot(DISTRICT, { year, asOf });
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
  return s.right.indicators[id].value;
};

describe('vintages', () => {
  it('periods are contiguous, non-overlapping, closed-open, change value at each boundary, the last open; each agrees with the snapshots over its span and with the reference model', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.constantFrom(...INDICATOR_IDS), fc.integer({ min: 2018, max: 2022 }), async (drafts, id, year) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        const periods = await vintagesOf(projections, id, year);
        expect(periods.map(({ fromRecordedAt, toRecordedAt, position, value }) => ({ fromRecordedAt, toRecordedAt, position, value }))).toEqual(
          referenceVintages(history.records, id, year),
        );
        if (history.records.length === 0) {
          expect(periods).toEqual([]);
          return;
        }
        expect(periods[0]!.fromRecordedAt).toBe(history.records[0]!.recordedAt);
        expect(periods[periods.length - 1]!.toRecordedAt).toBeNull();
        for (const [i, p] of periods.entries()) {
          const next = periods[i + 1];
          if (next !== undefined) {
            expect(p.toRecordedAt).toBe(next.fromRecordedAt);
            expect(Date.parse(p.fromRecordedAt)).toBeLessThan(Date.parse(next.fromRecordedAt));
            expect(next.value).not.toBe(p.value);
          }
          // Closed at the start: the period's value is the value as of its first instant…
          expect(await valueAt(projections, id, year, p.fromRecordedAt)).toBe(p.value);
          // …open at the end: still the value one millisecond before the next period begins.
          if (p.toRecordedAt !== null) expect(await valueAt(projections, id, year, new Date(Date.parse(p.toRecordedAt) - 1).toISOString())).toBe(p.value);
          const known = history.records.filter((r) => r.recordedAt <= p.fromRecordedAt);
          expect(p.position).toBe(known[known.length - 1]!.position);
          const s = await projections.snapshot(DISTRICT, { year, asOf: p.fromRecordedAt });
          expect(E.isRight(s) && s.right.indicators[id].missing).toEqual(p.missing);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('appending later records never rewrites earlier vintages: only the last period is closed or continued', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(30), arbDrafts(20), fc.constantFrom(...INDICATOR_IDS), fc.integer({ min: 2019, max: 2021 }), async (first, later, id, year) => {
        const before = await buildHistory(first);
        fc.pre(before.records.length > 0);
        const lastMs = Date.parse(before.records[before.records.length - 1]!.recordedAt);
        const after = await buildHistory(later, { previous: before, startMs: lastMs + 1 });
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, before.inputs);
        const old = await vintagesOf(projections, id, year);
        await appendInBatches(ledger, after.inputs.slice(before.inputs.length));
        const now = await vintagesOf(projections, id, year);
        expect(now.slice(0, old.length - 1)).toEqual(old.slice(0, -1));
        const { toRecordedAt: _open, ...lastOld } = old[old.length - 1]!;
        const { toRecordedAt: _closed, ...sameStart } = now[old.length - 1]!;
        expect(sameStart).toEqual(lastOld);
      }),
      { numRuns: 25 },
    );
  });

  it('a preliminary → final → revised statistic gives three vintages; a report that does not change the value adds none', async () => {
    const { ledger, projections } = workspace();
    const report = (value: number, status: string, recordedAt: string, year = 2020) => ({
      type: 'StatisticReported',
      district: DISTRICT,
      effectiveDate: '2021-02-01',
      recordedAt,
      actor: { unit: 'statistics', user: 'clerk' },
      data: { statistic: 'agricultural-industrialization-rate', year, value, status },
    });
    await appendInBatches(ledger, [
      report(60.1, 'preliminary', '2021-02-01T02:00:00Z'),
      report(60.1, 'final', '2021-03-01T02:00:00Z', 2019),
      report(61.4, 'final', '2021-06-30T02:00:00Z'),
      report(61.4, 'final', '2021-07-01T02:00:00Z'),
      report(61.9, 'revised', '2022-01-15T02:00:00Z'),
    ]);
    expect(await vintagesOf(projections, 'agricultural-industrialization-rate', 2020)).toEqual([
      { fromRecordedAt: '2021-02-01T02:00:00.000Z', toRecordedAt: '2021-06-30T02:00:00.000Z', position: 1, value: 60.1, missing: [] },
      { fromRecordedAt: '2021-06-30T02:00:00.000Z', toRecordedAt: '2022-01-15T02:00:00.000Z', position: 3, value: 61.4, missing: [] },
      { fromRecordedAt: '2022-01-15T02:00:00.000Z', toRecordedAt: null, position: 5, value: 61.9, missing: [] },
    ]);
  });

  it('a figure unknown at first opens with a null vintage naming what is missing; a retraction opens a new one', async () => {
    const { ledger, projections } = workspace();
    const base = { district: DISTRICT, effectiveDate: '2021-02-01', actor: { unit: 'statistics', user: 'clerk' } };
    await appendInBatches(ledger, [
      { ...base, type: 'StatisticReported', recordedAt: '2021-01-10T00:00:00Z', data: { statistic: 'general-public-budget-expenditure', year: 2020, value: 1000, status: 'final' } },
      { ...base, type: 'StatisticReported', eventId: '00000000-0000-4000-8000-0000000000aa', recordedAt: '2021-02-10T00:00:00Z', data: { statistic: 'fiscal-st-expenditure', year: 2020, value: 12, status: 'final' } },
      { ...base, type: 'EventRetracted', recordedAt: '2021-03-10T00:00:00Z', data: { eventId: '00000000-0000-4000-8000-0000000000aa', reason: 'wrong year' } },
    ]);
    expect(await vintagesOf(projections, 'fiscal-st-share', 2020)).toEqual([
      { fromRecordedAt: '2021-01-10T00:00:00.000Z', toRecordedAt: '2021-02-10T00:00:00.000Z', position: 1, value: null, missing: ['fiscal-st-expenditure:2020'] },
      { fromRecordedAt: '2021-02-10T00:00:00.000Z', toRecordedAt: '2021-03-10T00:00:00.000Z', position: 2, value: 1.2, missing: [] },
      { fromRecordedAt: '2021-03-10T00:00:00.000Z', toRecordedAt: null, position: 3, value: null, missing: ['fiscal-st-expenditure:2020'] },
    ]);
  });
});
