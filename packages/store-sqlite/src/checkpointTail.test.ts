import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECTION_NAME, PROJECTION_VERSION, createIndicatorProjections, createLedger, encodeCheckpointState } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, StoredRecord } from '@indicator-ledger/core';
import { openSqliteStore } from './sqliteStore.js';
import type { SqliteEventStore } from './sqliteStore.js';
import { FIXED_CLOCK, FIXED_CLOCK_SKEW_MS, INPUT_DISTRICT, inputBatches, sequentialEventIds } from './testing/ledgerInputs.js';

const district = INPUT_DISTRICT as DistrictCode;

/** Batches, and how many of them come before the checkpoint (at least one before and one after). */
const splitBatches = inputBatches(10, 40)
  .filter((batches) => batches.length >= 2)
  .chain((batches) => fc.tuple(fc.constant(batches), fc.integer({ min: 1, max: batches.length - 1 })));

/** The store, seen through a wrapper that counts the records read from it. */
const countingReads = (store: SqliteEventStore): { readonly store: EventStore; readonly recordsRead: () => number } => {
  let read = 0;
  const readPages = async function* (stream: DistrictCode, range?: { from?: number; to?: number }) {
    for await (const page of store.readPages(stream, range)) {
      read += page.length;
      yield page;
    }
  };
  const wrapped: EventStore = {
    append: (stream, records, expected) => store.append(stream, records, expected),
    readPages,
    read: async function* (stream, range) {
      for await (const page of readPages(stream, range)) yield* page;
    },
    head: (stream) => store.head(stream),
    streams: () => store.streams(),
    checkpoints: store.checkpoints,
    close: () => store.close(),
  };
  return { store: wrapped, recordsRead: () => read };
};

const readAll = async (store: EventStore, from?: number): Promise<StoredRecord[]> => {
  const records: StoredRecord[] = [];
  for await (const page of store.readPages(district, from === undefined ? {} : { from })) records.push(...page);
  return records;
};

describe('checkpoint + tail = full rebuild (SQLite)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-checkpoint-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a projection resumed from a saved checkpoint and folded over the tail equals one folded from position 1', async () => {
    let run = 0;
    let resumedWithTail = 0;
    await fc.assert(
      fc.asyncProperty(splitBatches, async ([batches, split]) => {
        const store = await openSqliteStore(join(dir, `checkpoint-${run++}.db`));
        try {
          const ledger = createLedger({ store, clock: FIXED_CLOCK, clockSkewMs: FIXED_CLOCK_SKEW_MS, newEventId: sequentialEventIds() });
          for (const batch of batches.slice(0, split)) await ledger.append(district, batch.inputs);
          const before = createIndicatorProjections(store);
          await before.projection(district);
          expect(await before.saveCheckpoint(district)).toBe(true);
          const checkpoint = (await store.checkpoints.loadCheckpoint(district, PROJECTION_NAME))!;
          expect(checkpoint).toMatchObject({ stream: district, projection: PROJECTION_NAME, version: PROJECTION_VERSION });
          expect(checkpoint.position).toBe((await store.head(district)).position);

          for (const batch of batches.slice(split)) await ledger.append(district, batch.inputs);
          const all = await readAll(store);
          // The store's half: the tail after the checkpoint is exactly the records after its position.
          expect(await readAll(store, checkpoint.position + 1)).toStrictEqual(all.slice(checkpoint.position));

          const counted = countingReads(store);
          const resumed = await createIndicatorProjections(counted.store).projection(district);
          const rebuilt = await createIndicatorProjections(store).rebuild(district);
          expect(encodeCheckpointState(resumed)).toBe(encodeCheckpointState(rebuilt));
          // It did resume: only the tail was read, not the stream from position 1.
          expect(counted.recordsRead()).toBe(all.length - checkpoint.position);
          if (checkpoint.position > 0 && all.length > checkpoint.position) resumedWithTail++;
          const query = { from: 2019, to: 2026 } as const;
          expect(await createIndicatorProjections(counted.store).progress(district, query)).toEqual(await createIndicatorProjections(store, {}).progress(district, query));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
    expect(resumedWithTail).toBeGreaterThan(10);
  }, 120_000);

  it('a checkpoint of another projection version is ignored: the projection is folded from position 1', async () => {
    const store = await openSqliteStore(join(dir, 'stale-version.db'));
    try {
      const ledger = createLedger({ store, clock: FIXED_CLOCK, clockSkewMs: FIXED_CLOCK_SKEW_MS, newEventId: sequentialEventIds() });
      const [batches] = fc.sample(inputBatches(30, 30), { seed: 5, numRuns: 1 });
      for (const batch of batches!) await ledger.append(district, batch.inputs);
      const head = (await store.head(district)).position;
      expect(head).toBeGreaterThan(0);
      await store.checkpoints.saveCheckpoint({ stream: district, projection: PROJECTION_NAME, version: `${PROJECTION_VERSION}-old`, position: head, state: '{"not":"a projection"}' });
      const counted = countingReads(store);
      const fromScratch = await createIndicatorProjections(counted.store).projection(district);
      expect(counted.recordsRead()).toBe(head);
      expect(encodeCheckpointState(fromScratch)).toBe(encodeCheckpointState(await createIndicatorProjections(store).rebuild(district)));
    } finally {
      await store.close();
    }
  });
});
