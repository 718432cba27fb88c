import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import { sha256Hex } from '../record/record.js';
import { encodeCheckpointState } from './checkpointState.js';
import { applyRecord, emptyDistrictProjection } from './districtProjection.js';
import type { DistrictProjection } from './districtProjection.js';
import { explainAt } from './explain.js';
import { createIndicatorProjections } from './indicatorProjections.js';
import { sealProjectionCheckpoint } from './projectionCheckpoint.js';
import { rankingAt, rollupAt } from './rollup.js';
import { snapshotAt } from './snapshot.js';
import { knowledgeAsOf } from './districtProjection.js';
import { recognitionIndexBuilds } from '../indicators/enterprises.js';
import { platformIndexBuilds } from '../indicators/platforms.js';
import { DISTRICT, arbDrafts, buildHistory, queriesFor, storeOfRecords } from '../testing/projectionSupport.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';

const foldOf = (records: Parameters<typeof applyRecord>[1][]): DistrictProjection => {
  const p = emptyDistrictProjection(DISTRICT);
  for (const r of records) applyRecord(p, r);
  return p;
};

/** The state as plain JSON, Maps as entry lists: what the fold holds, scratch fields included. */
const stateJson = (p: DistrictProjection): string => JSON.stringify(p, (_key, value: unknown) => (value instanceof Map ? [...value.entries()] : value));

const HASH = sha256Hex('any record');

describe('queries leave the folded state alone (docs/spec.md §8.4: a checkpoint is a function of the records)', () => {
  it('a fold queried at random seals to the same checkpoint bytes as the same fold never queried (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const records = [...history.records];
        const queried = foldOf(records);
        const untouched = foldOf(records);
        for (const q of queriesFor(history, seed, 6)) {
          const asOf = q.asOf === undefined ? undefined : (new Date(Date.parse(q.asOf)).toISOString() as Instant);
          const date = q.date as CivilDate;
          snapshotAt(queried, knowledgeAsOf(queried, asOf), date, asOf ?? null);
          for (const id of INDICATOR_IDS) explainAt(queried, id, date, asOf);
          rollupAt([queried], date, asOf);
          rankingAt([queried], 'st-commissioners', date, asOf);
        }
        expect(sealProjectionCheckpoint(queried, HASH)).toEqual(sealProjectionCheckpoint(untouched, HASH));
        // Not only the sealed text: the state in memory, scratch fields and all, is what the records fold to.
        expect(stateJson(queried)).toBe(stateJson(untouched));
        expect(encodeCheckpointState(queried)).toBe(encodeCheckpointState(untouched));
      }),
      { numRuns: 25 },
    );
  });

  it('the read side (snapshot, progress, explain, vintages, roll-up, ranking) writes nothing into the projection it serves', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const projections = createIndicatorProjections(await storeOfRecords(history.records));
        const p = await projections.projection(DISTRICT);
        const before = stateJson(p);
        for (const q of queriesFor(history, seed, 4)) {
          expect(E.isRight(await projections.snapshot(DISTRICT, q))).toBe(true);
          for (const id of INDICATOR_IDS) {
            expect(E.isRight(await projections.explain(DISTRICT, id, q))).toBe(true);
            expect(E.isRight(await projections.vintages(DISTRICT, id, Number(q.date.slice(0, 4))))).toBe(true);
          }
          expect(E.isRight(await projections.rollup([DISTRICT], q))).toBe(true);
          expect(E.isRight(await projections.ranking([DISTRICT], 'high-tech-enterprises', q))).toBe(true);
        }
        expect(E.isRight(await projections.progress(DISTRICT, { from: 2018, to: 2022 }))).toBe(true);
        expect(await projections.projection(DISTRICT)).toBe(p);
        expect(stateJson(p)).toBe(before);
      }),
      { numRuns: 15 },
    );
  });

  it('a query view finds the indexes built for the tables it copies: many snapshots build each index once (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const p = foldOf([...history.records]);
        const recognitionsBefore = recognitionIndexBuilds();
        const platformsBefore = platformIndexBuilds();
        for (const q of queriesFor(history, seed, 12)) {
          const asOf = q.asOf === undefined ? undefined : (new Date(Date.parse(q.asOf)).toISOString() as Instant);
          snapshotAt(p, knowledgeAsOf(p, asOf), q.date as CivilDate, asOf ?? null);
        }
        // One index per recognition table (high-tech, tech-SME) and one for the platforms, whatever the queries.
        expect(recognitionIndexBuilds() - recognitionsBefore).toBeLessThanOrEqual(2);
        expect(platformIndexBuilds() - platformsBefore).toBeLessThanOrEqual(1);
      }),
      { numRuns: 15 },
    );
  });
});
