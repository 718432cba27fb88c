import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import { REFERENCE_INDICATOR_IDS, REFERENCE_UNITS, referenceSnapshot } from '../testing/referenceModel.js';
import { DISTRICT, appendInBatches, arbDrafts, buildHistory, queriesFor, workspace } from '../testing/projectionSupport.js';

/**
 * The projections against the reference model of docs/spec.md §6–7 (packages/core/src/testing/referenceModel.ts,
 * written from docs/spec.md alone): for random histories at random (date, asOf), every indicator's value,
 * target, status and missing, and the snapshot's district, date, asOf and position.
 */
describe('projections = reference model (docs/spec.md §6–7)', () => {
  it('every indicator, at random (date, asOf), on random histories', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(45), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        for (const q of queriesFor(history, seed, 6)) {
          const actual = await projections.snapshot(DISTRICT, q);
          expect(E.isRight(actual)).toBe(true);
          const expected = referenceSnapshot(DISTRICT, history.records, q);
          expect(E.isRight(actual) && actual.right).toEqual(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('yearly queries value on December 31 (docs/spec.md §1)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(30), fc.integer({ min: 2017, max: 2024 }), async (drafts, year) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        const byYear = await projections.snapshot(DISTRICT, { year });
        expect(E.isRight(byYear) && byYear.right).toEqual(referenceSnapshot(DISTRICT, history.records, { year }));
        const byDate = await projections.snapshot(DISTRICT, { date: `${year}-12-31` });
        expect(byYear).toEqual(byDate);
      }),
      { numRuns: 30 },
    );
  });
});

describe('progress', () => {
  it('is the table of each year’s December 31 snapshot figures, as known at asOf', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.integer(), fc.integer({ min: 2018, max: 2021 }), fc.integer({ min: 0, max: 3 }), async (drafts, seed, from, span) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        const asOf = queriesFor(history, seed, 1)[0]!.asOf;
        const rows = await projections.progress(DISTRICT, { from, to: from + span, ...(asOf === undefined ? {} : { asOf }) });
        if (E.isLeft(rows)) throw new Error(JSON.stringify(rows.left));
        expect(rows.right.map((r) => r.year)).toEqual(Array.from({ length: span + 1 }, (_, i) => from + i));
        for (const row of rows.right) {
          const expected = referenceSnapshot(DISTRICT, history.records, { year: row.year, asOf: asOf ?? null });
          expect(row.date).toBe(expected.date);
          expect(row.indicators).toEqual(expected.indicators);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a reversed or out-of-range span and a malformed asOf, naming each', async () => {
    const { projections } = workspace();
    const reversed = await projections.progress(DISTRICT, { from: 2021, to: 2020 });
    expect(E.isLeft(reversed) && reversed.left.map((p) => p.path)).toEqual(['from']);
    const bad = await projections.progress(DISTRICT, { from: 1979, to: 2020, asOf: 'yesterday' });
    expect(E.isLeft(bad) && bad.left.map((p) => p.path).sort()).toEqual(['asOf', 'from']);
  });
});

describe('snapshot shape (docs/spec.md §7)', () => {
  it('the indicator catalog is exactly the §6 table, in its order, with its units', () => {
    expect([...INDICATOR_IDS]).toEqual([...REFERENCE_INDICATOR_IDS]);
  });

  it('every indicator present with its §6 unit; asOf echoed normalised or null; position known as of asOf; null never 0/NaN for unknown', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(30), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        for (const q of queriesFor(history, seed, 4)) {
          const result = await projections.snapshot(DISTRICT, q);
          if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
          const s = result.right;
          expect(Object.keys(s).sort()).toEqual(['asOf', 'date', 'district', 'indicators', 'position']);
          expect(s.district).toBe(DISTRICT);
          expect(s.date).toBe(q.date);
          expect(s.asOf).toBe(q.asOf === undefined ? null : new Date(Date.parse(q.asOf)).toISOString());
          const known = history.records.filter((r) => q.asOf === undefined || Date.parse(r.recordedAt) <= Date.parse(q.asOf));
          expect(s.position).toBe(known.length === 0 ? 0 : known[known.length - 1]!.position);
          expect(Object.keys(s.indicators)).toEqual([...REFERENCE_INDICATOR_IDS]);
          for (const id of REFERENCE_INDICATOR_IDS) {
            const figure = s.indicators[id];
            expect(Object.keys(figure).sort()).toEqual(['missing', 'status', 'target', 'unit', 'value']);
            expect(figure.unit).toBe(REFERENCE_UNITS[id]);
            if (figure.value === null) expect(figure.missing.length).toBeGreaterThan(0);
            else {
              expect(Number.isFinite(figure.value)).toBe(true);
              expect(figure.missing).toEqual([]);
            }
            // JSON carries the figure as it is: no NaN turned into null or 0 on the way.
            expect(JSON.parse(JSON.stringify(figure))).toEqual(figure);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('an empty district: every count 0, every statistic-based figure null with what is missing, position 0', async () => {
    const { projections } = workspace();
    const s = await projections.snapshot(DISTRICT, { year: 2020, asOf: '2021-01-01T08:00:00+08:00' });
    expect(E.isRight(s) && s.right).toEqual(referenceSnapshot(DISTRICT, [], { year: 2020, asOf: '2021-01-01T00:00:00.000Z' }));
    expect(E.isRight(s) && s.right.asOf).toBe('2021-01-01T00:00:00.000Z');
    expect(E.isRight(s) && s.right.position).toBe(0);
    expect(E.isRight(s) && s.right.indicators['fiscal-st-share']).toEqual({
      value: null,
      unit: 'percent',
      target: null,
      status: 'no-target',
      missing: ['fiscal-st-expenditure:2020', 'general-public-budget-expenditure:2020'],
    });
    expect(E.isRight(s) && s.right.indicators['st-funds-allocated']).toEqual({ value: 0, unit: 'yuan', target: null, status: 'no-target', missing: [] });
  });
});
