import { createHash } from 'node:crypto';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { verify } from '../audit/ledgerVerification.js';
import { createLedger } from '../ledger/ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { MemoryEventStore } from '../store/memoryStore.js';
import { referenceSnapshot } from '../testing/referenceModel.js';
import { PROJECTION_NAME } from './checkpointState.js';
import { createIndicatorProjections } from './indicatorProjections.js';
import { verifyProjectionCheckpoints } from './projectionCheckpoint.js';
import { DISTRICT, appendInBatches, arbDrafts, buildHistory, queriesFor, SMALL_PLAN } from '../testing/projectionSupport.js';

const plan = SMALL_PLAN;

const figures = async (store: MemoryEventStore) => {
  const s = await createIndicatorProjections(store).snapshot(DISTRICT, { year: 2020 });
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
  return { funds: s.right.indicators['st-funds-allocated'].value, target: s.right.indicators['high-tech-enterprises'].target?.value };
};

/** A ledger of the plan with its projection checkpoint saved at the head. */
const checkpointed = async (): Promise<MemoryEventStore> => {
  const store = createMemoryStore();
  const appended = await createLedger({ store }).append(DISTRICT, plan);
  if (E.isLeft(appended)) throw new Error(JSON.stringify(appended.left));
  const projections = createIndicatorProjections(store);
  await projections.projection(DISTRICT);
  expect(await projections.saveCheckpoint(DISTRICT)).toBe(true);
  return store;
};

/** Edits the saved checkpoint's state text in place, as a raw UPDATE of the table would; no record is touched. */
const tamper = async (store: MemoryEventStore, edit: (state: string) => string): Promise<void> => {
  const saved = await store.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME);
  if (saved === undefined) throw new Error('no checkpoint');
  const state = edit(saved.state);
  expect(state).not.toBe(saved.state);
  await store.checkpoints.saveCheckpoint({ ...saved, state });
};

describe('a projection checkpoint whose state was edited, no record touched (docs/spec.md §8.4)', () => {
  it('is not served: the next query rebuilds from the records and gives the true figures', async () => {
    const store = await checkpointed();
    expect(await figures(store)).toEqual({ funds: 24_648_100, target: 75 });
    await tamper(store, (state) => state.replace('2464810000', '102464810000').replace('"value":75', '"value":7'));
    expect(await figures(store)).toEqual({ funds: 24_648_100, target: 75 });
  });

  it('fails verify, which names the district, the projection, its position and why', async () => {
    const store = await checkpointed();
    await tamper(store, (state) => state.replace('2464810000', '102464810000'));
    const result = await verify(store, DISTRICT);
    expect(result).toMatchObject(E.left({ problem: 'projection-checkpoint', position: 3 }));
    expect(E.isLeft(result) && result.left.reason).toMatch(/^projection checkpoint "indicators" of 130302 at position 3: /);
    expect(await verifyProjectionCheckpoints(store, DISTRICT)).toEqual([
      { district: DISTRICT, projection: PROJECTION_NAME, position: 3, reason: expect.stringMatching(/digest/) },
    ]);
  });

  it('fails verify even when the forger also recomputed the digest: the state is not what the records fold to', async () => {
    const store = await checkpointed();
    await tamper(store, (state) => {
      const [header, ...body] = state.split('\n');
      const forged = body.join('\n').replace('2464810000', '102464810000');
      const digest = createHash('sha256').update(forged, 'utf8').digest('hex');
      return [JSON.stringify({ ...JSON.parse(header!), digest }), forged].join('\n');
    });
    expect(await verifyProjectionCheckpoints(store, DISTRICT)).toEqual([
      { district: DISTRICT, projection: PROJECTION_NAME, position: 3, reason: expect.stringMatching(/not what positions 1\.\.3 fold to/) },
    ]);
  });

  it('is not served when it is not JSON of a projection, or of another shape', async () => {
    for (const edit of [(s: string) => s.slice(0, -5), (s: string) => s.replace('"funds":{', '"funds":{"byYear":7,"x":{')]) {
      const store = await checkpointed();
      await tamper(store, edit);
      expect(await figures(store)).toEqual({ funds: 24_648_100, target: 75 });
      expect(await verify(store, DISTRICT)).toMatchObject(E.left({ problem: 'projection-checkpoint', position: 3 }));
    }
  });

  it('is not served by a stream it was not saved from: the checkpoint is bound to the record hash at its position', async () => {
    const store = await checkpointed();
    const saved = (await store.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME))!;
    // Another stream of the district: one amount differs, so every hash from position 2 on differs too.
    const other = createMemoryStore();
    const appended = await createLedger({ store: other }).append(
      DISTRICT,
      plan.map((e, i) => (i === 1 ? { ...e, data: { ...e.data, amountFen: 100 } } : e)),
    );
    expect(E.isRight(appended)).toBe(true);
    await other.checkpoints.saveCheckpoint(saved);
    expect(await figures(other)).toEqual({ funds: 1, target: 75 });
    expect(await verifyProjectionCheckpoints(other, DISTRICT)).toEqual([
      { district: DISTRICT, projection: PROJECTION_NAME, position: 3, reason: expect.stringMatching(/record hash/) },
    ]);
  });
});

describe('a projection checkpoint from another stream, resumed with a tail (docs/spec.md §8.4)', () => {
  it('is not served: the first record after it does not chain to the hash it was sealed with', async () => {
    const first = createMemoryStore();
    expect(E.isRight(await createLedger({ store: first }).append(DISTRICT, plan.slice(0, 2).map((e) => ({ ...e, source: 'another stream' }))))).toBe(true);
    const projections = createIndicatorProjections(first);
    await projections.projection(DISTRICT);
    expect(await projections.saveCheckpoint(DISTRICT)).toBe(true);
    const other = createMemoryStore();
    expect(E.isRight(await createLedger({ store: other }).append(DISTRICT, plan.map((e, i) => (i === 1 ? { ...e, data: { ...e.data, amountFen: 100 } } : e))))).toBe(true);
    await other.checkpoints.saveCheckpoint((await first.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME))!);
    const rejected: unknown[] = [];
    const s = await createIndicatorProjections(other, { onCheckpointRejected: (p) => rejected.push(p) }).snapshot(DISTRICT, { year: 2020 });
    expect(E.isRight(s) && s.right.indicators['st-funds-allocated'].value).toBe(1);
    expect(rejected).toEqual([{ district: DISTRICT, projection: PROJECTION_NAME, position: 2, reason: expect.stringMatching(/^it is bound to record hash [0-9a-f]{64}, but the record at position 2 has hash/) }]);
    expect(await verify(other, DISTRICT)).toMatchObject(E.left({ problem: 'projection-checkpoint', position: 2 }));
  });
});

describe('honest projection checkpoints (docs/spec.md §8.4)', () => {
  it('verify and resume from, whatever was queried before the save (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.integer({ min: 1, max: 8 }), fc.integer(), async (drafts, every, seed) => {
        const history = await buildHistory(drafts);
        const store = createMemoryStore();
        const ledger = createLedger({ store });
        const live = createIndicatorProjections(store, { ledger, checkpointEvery: every });
        await live.snapshot(DISTRICT, { year: 2020 });
        await appendInBatches(ledger, history.inputs, [1, 2, 3, 5, 8]);
        for (const q of queriesFor(history, seed, 3)) await live.snapshot(DISTRICT, q);
        await live.saveCheckpoint(DISTRICT);
        expect(await verifyProjectionCheckpoints(store, DISTRICT)).toEqual([]);
        expect(await verify(store, DISTRICT)).toMatchObject({ _tag: 'Right' });
        const resumed = createIndicatorProjections(store);
        for (const q of queriesFor(history, seed + 1, 4)) {
          const s = await resumed.snapshot(DISTRICT, q);
          expect(E.isRight(s) && s.right).toEqual(referenceSnapshot(DISTRICT, history.records, q));
        }
      }),
      { numRuns: 20 },
    );
  });
});
