import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../record/record.js';
import { generateSyntheticHistory } from '../testing/syntheticHistory.js';
import { referenceSnapshot, referenceVintages } from '../testing/referenceModel.js';
import type { IndicatorProjections } from './indicatorProjections.js';
import { DISTRICT, appendInBatches, arbQueryFor, recordsOf, workspace } from '../testing/projectionSupport.js';

/**
 * The projections against the reference model on the synthetic district history (packages/core/src/
 * testing/syntheticHistory.ts: thousands of events shaped like the plan's district, with revisions,
 * revocations, lapses and retractions), at random (date, asOf) and for every indicator.
 */
describe('projections = reference model on the synthetic history', () => {
  let records: StoredRecord[] = [];
  let projections: IndicatorProjections;

  beforeAll(async () => {
    const w = workspace();
    await appendInBatches(w.ledger, generateSyntheticHistory({ district: DISTRICT, seed: 20240501, scale: 0.25 }), [500, 500, 500, 500, 500, 500]);
    records = await recordsOf(w.store);
    projections = w.projections;
  });

  it('is a history of thousands of events', () => {
    expect(records.length).toBeGreaterThan(2000);
  });

  it('every indicator agrees at random (date, asOf), and on each year’s December 31 as known now', async () => {
    const history = { inputs: [], records };
    for (let year = 2019; year <= 2025; year++) {
      const s = await projections.snapshot(DISTRICT, { year });
      expect(E.isRight(s) && s.right).toEqual(referenceSnapshot(DISTRICT, records, { year }));
    }
    await fc.assert(
      fc.asyncProperty(arbQueryFor(history), async (q) => {
        const s = await projections.snapshot(DISTRICT, q);
        expect(E.isRight(s) && s.right).toEqual(referenceSnapshot(DISTRICT, records, q));
      }),
      { numRuns: 40 },
    );
  });

  it('vintages of a ratio and of a count agree with the reference model', async () => {
    for (const [id, year] of [
      ['fiscal-st-share', 2021],
      ['high-tech-enterprises', 2021],
    ] as const) {
      const v = await projections.vintages(DISTRICT, id, year);
      if (E.isLeft(v)) throw new Error(JSON.stringify(v.left));
      expect(v.right.map(({ fromRecordedAt, toRecordedAt, position, value }) => ({ fromRecordedAt, toRecordedAt, position, value }))).toEqual(
        referenceVintages(records, id, year),
      );
    }
  });
});
