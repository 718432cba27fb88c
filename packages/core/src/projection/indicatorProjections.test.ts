import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it, vi } from 'vitest';
import { storeWith } from '../testing/auditFixtures.js';
import { createLedger } from '../ledger/ledger.js';
import type { StoredRecord } from '../record/record.js';
import type { EventStore, PositionRange } from '../store/port.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { MemoryEventStore } from '../store/memoryStore.js';
import { PROJECTION_NAME } from './checkpointState.js';
import { createIndicatorProjections } from './indicatorProjections.js';
import type { IndicatorProjections } from './indicatorProjections.js';
import type { ProjectionCheckpointProblem } from './projectionCheckpoint.js';
import { DISTRICT, arbDrafts, buildHistory, queriesFor, storeOfRecords, SMALL_PLAN } from '../testing/projectionSupport.js';

const plan = SMALL_PLAN;

const plannedStore = async (): Promise<MemoryEventStore> => {
  const store = createMemoryStore();
  const appended = await createLedger({ store }).append(DISTRICT, plan);
  if (E.isLeft(appended)) throw new Error(JSON.stringify(appended.left));
  return store;
};

/** `store` whose reads pass each page through `edit` (a faulty or replaying store). */
const readingThrough = (store: MemoryEventStore, edit: (page: readonly StoredRecord[], range: PositionRange) => readonly StoredRecord[]): EventStore =>
  storeWith(store, {
    async *readPages(stream, range = {}) {
      for await (const page of store.readPages(stream, range)) yield edit(page, range);
    },
  });

const snapshotOrProblems = async (projections: IndicatorProjections, q: { date: string; asOf?: string }) => {
  const s = await projections.snapshot(DISTRICT, q);
  return E.isLeft(s) ? s.left : s.right;
};

describe('folding the store tail: records out of order (docs/spec.md §2, §8.4)', () => {
  it('a read that skips a position is a store fault: the query fails, naming the gap, instead of serving a short fold', async () => {
    const store = await plannedStore();
    const gappy = readingThrough(store, (page) => page.filter((r) => r.position !== 2));
    await expect(createIndicatorProjections(gappy).snapshot(DISTRICT, { year: 2020 })).rejects.toThrow(
      'the store read district 130302 out of order: position 3 came after 1; a store gives every record once, in position order',
    );
  });

  it('the same gap after a saved checkpoint fails the resumed fold the same way', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store });
    expect(E.isRight(await ledger.append(DISTRICT, plan.slice(0, 1)))).toBe(true);
    const first = createIndicatorProjections(store);
    await first.projection(DISTRICT);
    expect(await first.saveCheckpoint(DISTRICT)).toBe(true);
    expect(E.isRight(await ledger.append(DISTRICT, plan.slice(1)))).toBe(true);
    const gappy = readingThrough(store, (page) => page.filter((r) => r.position !== 2));
    await expect(createIndicatorProjections(gappy).snapshot(DISTRICT, { year: 2020 })).rejects.toThrow('position 3 came after 1');
  });

  it('records read again that are already folded change nothing (a store that re-reads from position 1)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(30), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const store = await storeOfRecords(history.records);
        // Every read starts again at position 1, whatever range was asked for: all but the tail is folded already.
        const replaying = storeWith(store, { readPages: (stream: Parameters<EventStore['readPages']>[0]) => store.readPages(stream, {}) });
        const expected = createIndicatorProjections(store);
        const actual = createIndicatorProjections(replaying);
        for (const q of queriesFor(history, seed, 3)) expect(await snapshotOrProblems(actual, q)).toEqual(await snapshotOrProblems(expected, q));
      }),
      { numRuns: 15 },
    );
  });
});

describe('a projection checkpoint that cannot be saved after a live append (docs/spec.md §8.4)', () => {
  const failingSaves = (store: MemoryEventStore): EventStore =>
    storeWith(store, {
      checkpoints: {
        loadCheckpoint: store.checkpoints.loadCheckpoint.bind(store.checkpoints),
        saveCheckpoint: async () => {
          throw new Error('disk full');
        },
      },
    });

  it('is reported to onCheckpointNotSaved with district, projection, position and why; the figures stand', async () => {
    const store = failingSaves(createMemoryStore());
    const ledger = createLedger({ store });
    const notSaved: ProjectionCheckpointProblem[] = [];
    const projections = createIndicatorProjections(store, { ledger, checkpointEvery: 1, onCheckpointNotSaved: (problem) => notSaved.push(problem) });
    await projections.projection(DISTRICT);
    expect(E.isRight(await ledger.append(DISTRICT, plan))).toBe(true);
    await vi.waitFor(() => expect(notSaved).toHaveLength(1));
    expect(notSaved).toEqual([{ district: DISTRICT, projection: PROJECTION_NAME, position: 3, reason: 'disk full' }]);
    const s = await projections.snapshot(DISTRICT, { year: 2020 });
    expect(E.isRight(s) && s.right.indicators['st-funds-allocated'].value).toBe(24_648_100);
  });

  it('without the hook, the failure is thrown by the next query of that district, once', async () => {
    const store = failingSaves(createMemoryStore());
    const ledger = createLedger({ store });
    const projections = createIndicatorProjections(store, { ledger, checkpointEvery: 1 });
    await projections.projection(DISTRICT);
    expect(E.isRight(await ledger.append(DISTRICT, plan))).toBe(true);
    await vi.waitFor(() => expect(projections.snapshot(DISTRICT, { year: 2020 })).rejects.toThrow('disk full'));
    const s = await projections.snapshot(DISTRICT, { year: 2020 });
    expect(E.isRight(s) && s.right.indicators['st-funds-allocated'].value).toBe(24_648_100);
  });
});
