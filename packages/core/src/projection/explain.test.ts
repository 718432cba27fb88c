import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import { referenceFigure, referenceLiveRecords, referenceTarget } from '../testing/referenceModel.js';
import { DISTRICT, appendInBatches, arbDrafts, buildHistory, queriesFor, workspace } from '../testing/projectionSupport.js';

/**
 * `explain` (docs/cli.md `ledger explain`): the entities and event ids that produced a figure — for counts exactly the
 * counted entities, each with an event that made it count; for ratios the statistic reports used.
 */
describe('explain', () => {
  it('contributions are exactly the counted entities, each with one of the live events that made it count; ratios list the reports used', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const { ledger, projections } = workspace();
        await appendInBatches(ledger, history.inputs);
        const positionOf = new Map(history.records.map((r) => [r.eventId as string, r.position]));
        for (const q of queriesFor(history, seed, 3)) {
          const asOf = q.asOf === undefined ? null : new Date(Date.parse(q.asOf)).toISOString();
          const live = referenceLiveRecords(history.records, asOf);
          const snapshot = await projections.snapshot(DISTRICT, q);
          if (E.isLeft(snapshot)) throw new Error(JSON.stringify(snapshot.left));
          for (const id of INDICATOR_IDS) {
            const x = await projections.explain(DISTRICT, id, q);
            if (E.isLeft(x)) throw new Error(JSON.stringify(x.left));
            const expected = referenceFigure(live, id, q.date);
            const figure = snapshot.right.indicators[id];
            // The explanation is of the same figure the snapshot gives.
            expect({ value: x.right.value, unit: x.right.unit, target: x.right.target, status: x.right.status, missing: x.right.missing }).toEqual(figure);
            expect(x.right.position).toBe(snapshot.right.position);
            expect(x.right.asOf).toBe(asOf);
            expect(x.right.date).toBe(q.date);
            // Counted entities: the same set as the reference model's, one contribution each.
            expect(x.right.contributions.map((c) => c.entity).sort()).toEqual(expected.contributions.map((c) => c.entity).sort());
            for (const c of x.right.contributions) {
              const made = expected.contributions.find((e) => e.entity === c.entity)!;
              expect(made.eventIds).toContain(c.eventId);
              expect(c.position).toBe(positionOf.get(c.eventId));
            }
            // Statistic reports used: exactly the live reports the formula read.
            expect(x.right.statistics.map((s) => s.eventId).sort()).toEqual(expected.reports.map((r) => r.eventId as string).sort());
            for (const s of x.right.statistics) {
              const report = history.records.find((r) => r.eventId === s.eventId)!;
              const d = report.data as unknown as { statistic: string; year: number; value: number };
              expect({ statistic: s.statistic, year: s.year, value: s.value, position: s.position }).toEqual({
                statistic: d.statistic,
                year: d.year,
                value: d.value,
                position: report.position,
              });
            }
            // The target's event: the last live TargetSet by position.
            const target = referenceTarget(live, id, Number(q.date.slice(0, 4)));
            const targetEvents = live.filter((r) => r.type === 'TargetSet' && (r.data as { indicator: string }).indicator === id && (r.data as { year: number }).year === Number(q.date.slice(0, 4)));
            expect(x.right.targetEventId).toBe(target === null ? null : targetEvents[targetEvents.length - 1]!.eventId);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('an unknown indicator, district or date is a problem, not an exception', async () => {
    const { projections } = workspace();
    const bad = await projections.explain('999999', 'no-such-indicator', { date: '2020-02-30' });
    expect(E.isLeft(bad) && bad.left.map((p) => p.path).sort()).toEqual(['date', 'district', 'indicator']);
  });
});
