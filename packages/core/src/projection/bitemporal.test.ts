import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { EventInputJson } from '../events/envelope.js';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import { referenceLiveRecords, referenceStatistic } from '../testing/referenceModel.js';
import { createIndicatorProjections } from './indicatorProjections.js';
import type { IndicatorProjections } from './indicatorProjections.js';
import type { Snapshot } from './snapshot.js';
import { DISTRICT, appendInBatches, arbDrafts, buildHistory, eventIdOf, queriesFor, storeOfRecords, workspace } from '../testing/projectionSupport.js';
import type { Query } from '../testing/projectionSupport.js';

/**
 * The two time axes (docs/spec.md §1, §4 "Live"): what was known as of K depends only on the records recorded by
 * K; appending never rewrites the past; a retraction acts from its own recordedAt on.
 */

const snapshotOf = async (projections: IndicatorProjections, q: Query): Promise<Snapshot> => {
  const s = await projections.snapshot(DISTRICT, q);
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
  return s.right;
};

const projectionsOver = async (records: Parameters<typeof storeOfRecords>[0]): Promise<IndicatorProjections> =>
  createIndicatorProjections(await storeOfRecords(records));

const DAY_MS = 86_400_000;

describe('as-of K = the ledger of the records with recordedAt ≤ K', () => {
  it('at every K (a record instant, a millisecond before one, before all)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        for (const q of queriesFor(history, seed, 6)) {
          if (q.asOf === undefined) continue;
          const k = Date.parse(q.asOf);
          const known = history.records.filter((r) => Date.parse(r.recordedAt) <= k);
          const only = await projectionsOver(known);
          const asOf = await snapshotOf(projections, q);
          expect(asOf).toEqual(await snapshotOf(only, q));
          expect({ ...asOf, asOf: null }).toEqual(await snapshotOf(only, { date: q.date }));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('answers about the past never change when later events are appended', () => {
  it('snapshots, explanations and progress as of any K before the new records are unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), arbDrafts(30), fc.integer(), async (first, later, seed) => {
        const before = await buildHistory(first);
        const lastMs = before.records.length === 0 ? Date.parse('2018-01-01T00:00:00Z') : Date.parse(before.records[before.records.length - 1]!.recordedAt);
        const after = await buildHistory(later, { previous: before, startMs: lastMs + 1 });
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, before.inputs);
        // Every K at or before the last record of the first part (the new records come strictly later).
        const queries = queriesFor(before, seed, 6).map((q) => ({
          ...q,
          asOf: q.asOf === undefined || Date.parse(q.asOf) > lastMs ? new Date(lastMs).toISOString() : q.asOf,
        }));
        const indicator = INDICATOR_IDS[(seed >>> 0) % INDICATOR_IDS.length]!;
        const answers = [];
        for (const q of queries) {
          answers.push({
            snapshot: await snapshotOf(projections, q),
            explain: await projections.explain(DISTRICT, indicator, q),
            progress: await projections.progress(DISTRICT, { from: 2018, to: 2022, asOf: q.asOf }),
          });
        }
        await appendInBatches(ledger, after.inputs.slice(before.inputs.length), [3, 1, 4, 1, 5]);
        for (const [i, q] of queries.entries()) {
          expect(await snapshotOf(projections, q)).toEqual(answers[i]!.snapshot);
          expect(await projections.explain(DISTRICT, indicator, q)).toEqual(answers[i]!.explain);
          expect(await projections.progress(DISTRICT, { from: 2018, to: 2022, asOf: q.asOf })).toEqual(answers[i]!.progress);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('retract(e): at or after the retraction = the ledger without e; before it = with e', () => {
  it('for any retractable e of a random history', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.nat(), fc.integer({ min: 1, max: 3 * DAY_MS }), fc.integer(), async (drafts, pick, gap, seed) => {
        const history = await buildHistory(drafts);
        const retracted = new Set(history.records.flatMap((r) => (r.type === 'EventRetracted' ? [r.data.eventId as string] : [])));
        const candidates = history.records.filter((r) => r.type !== 'EventRetracted' && !retracted.has(r.eventId));
        fc.pre(candidates.length > 0);
        const e = candidates[pick % candidates.length]!;
        const lastMs = Date.parse(history.records[history.records.length - 1]!.recordedAt);
        const at = new Date(lastMs + gap).toISOString();
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        const retraction = {
          type: 'EventRetracted',
          eventId: eventIdOf(999_999),
          district: DISTRICT,
          effectiveDate: '2021-06-30',
          recordedAt: at,
          actor: { unit: 'development-reform', user: 'test.clerk' },
          data: { eventId: e.eventId, reason: 'entered in error' },
        } as EventInputJson;
        await appendInBatches(ledger, [retraction]);
        const withE = await projectionsOver(history.records);
        const withoutE = await projectionsOver(history.records.filter((r) => r.eventId !== e.eventId));
        for (const q of queriesFor(history, seed, 4)) {
          // Before the retraction was recorded: exactly the ledger with e.
          const earlier = { date: q.date, asOf: q.asOf ?? new Date(lastMs + gap - 1).toISOString() };
          expect(await snapshotOf(projections, earlier)).toEqual(await snapshotOf(withE, earlier));
          // At and after it: the figures of the ledger without e.
          for (const asOf of [at, new Date(lastMs + gap + DAY_MS).toISOString(), undefined]) {
            const later = asOf === undefined ? { date: q.date } : { date: q.date, asOf };
            expect((await snapshotOf(projections, later)).indicators).toEqual((await snapshotOf(withoutE, later)).indicators);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

/** The statistic inputs of each statistic-based indicator of docs/spec.md §6, with year offsets and roles. */
const INPUTS: Partial<Record<IndicatorId, readonly (readonly [string, number, 'value' | 'numerator' | 'denominator'])[]>> = {
  'invention-patents-per-10k': [['resident-population', 0, 'denominator']],
  'fiscal-st-share': [
    ['fiscal-st-expenditure', 0, 'numerator'],
    ['general-public-budget-expenditure', 0, 'denominator'],
  ],
  'rd-intensity-above-scale': [
    ['above-scale-industrial-rd-expenditure', 0, 'numerator'],
    ['above-scale-industrial-main-revenue', 0, 'denominator'],
  ],
  'rd-institution-share': [
    ['above-scale-industrial-enterprises-with-rd-institution', 0, 'numerator'],
    ['above-scale-industrial-enterprises', 0, 'denominator'],
  ],
  'high-tech-value-added-growth': [
    ['high-tech-industry-value-added', 0, 'numerator'],
    ['high-tech-industry-value-added', -1, 'denominator'],
  ],
  'agricultural-industrialization-rate': [['agricultural-industrialization-rate', 0, 'value']],
};

describe('counts and missing inputs (docs/spec.md §6)', () => {
  it('counts are distinct entities and never negative: a count equals its explanation’s distinct entities', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        for (const q of queriesFor(history, seed, 3)) {
          const s = await snapshotOf(projections, q);
          for (const id of INDICATOR_IDS) {
            if (s.indicators[id].unit !== 'count') continue;
            const value = s.indicators[id].value;
            expect(value !== null && Number.isInteger(value) && value >= 0).toBe(true);
            const x = await projections.explain(DISTRICT, id, q);
            if (E.isLeft(x)) throw new Error(JSON.stringify(x.left));
            const entities = x.right.contributions.map((c) => c.entity);
            expect(new Set(entities).size).toBe(entities.length);
            expect(entities.length).toBe(value);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('`missing` is exactly the absent inputs (and zero denominators as `=0`); null exactly when something is missing', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        for (const q of queriesFor(history, seed, 4)) {
          const s = await snapshotOf(projections, q);
          const live = referenceLiveRecords(history.records, q.asOf === undefined ? null : new Date(Date.parse(q.asOf)).toISOString());
          const year = Number(q.date.slice(0, 4));
          for (const id of INDICATOR_IDS) {
            const figure = s.indicators[id];
            const expected: string[] = [];
            for (const [statistic, offset, role] of INPUTS[id] ?? []) {
              const report = referenceStatistic(live, statistic, year + offset);
              if (report === undefined) expected.push(`${statistic}:${year + offset}`);
              else if (role === 'denominator' && (report.data as { value: number }).value === 0) expected.push(`${statistic}:${year + offset}=0`);
            }
            expect([...figure.missing].sort()).toEqual(expected.sort());
            expect(figure.value === null).toBe(expected.length > 0);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
