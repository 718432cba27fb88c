import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH, createLedger, createMemoryStore } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, StoredRecord } from '@indicator-ledger/core';
import { arbBatches, arbValidHistory, chainRecords, contractEvent, contractEventId, signersAtOnce } from '@indicator-ledger/core/testing';
import { EventStoreDbStore, connectionStringOf } from './eventStoreDbStore.js';
import type { EventStoreDbStoreOptions } from './eventStoreDbStore.js';
import { MemoryStreamClient } from './testing/memoryStreamClient.js';
import { UnreadableEventError } from './recordEvent.js';
import { AppendTooLargeError } from './streamClient.js';
import type { StreamClient } from './streamClient.js';

// Behaviour beyond the store contract (which contract.test.ts runs): several writers on one cluster,
// what the server refuses, listings, watches that resume, checkpoint retention, configuration.

const district = '130302' as DistrictCode;
const other = '110105' as DistrictCode;
const quiet = { onError: () => undefined };

const storeOn = (client: StreamClient, options: EventStoreDbStoreOptions = {}): EventStoreDbStore => new EventStoreDbStore({ client, ...quiet, ...options });

/** Appends sample events after the current head through `store`, asserting success. */
const appendSample = async (store: EventStore, stream: DistrictCode, count: number, salt = 0): Promise<StoredRecord[]> => {
  const head = await store.head(stream);
  const records = chainRecords(stream, head, Array.from({ length: count }, (_, i) => contractEvent(head.position + 1 + i, salt)));
  expect(E.isRight(await store.append(stream, records, head.position))).toBe(true);
  return records;
};

const readAll = async (store: EventStore, stream: DistrictCode): Promise<StoredRecord[]> => {
  const records: StoredRecord[] = [];
  for await (const r of store.read(stream)) records.push(r);
  return records;
};

const eventually = async (check: () => void): Promise<void> => {
  for (let waited = 0; ; waited += 5) {
    try {
      check();
      return;
    } catch (error) {
      if (waited > 2000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
};
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
// The ledger answers with an fp-ts Either; this package does not depend on fp-ts, so read its tag.
const isRight = (either: { readonly _tag: string }): boolean => either._tag === 'Right';

describe('two stores writing to one cluster', () => {
  it('each checks event ids against records the other wrote, reading them from the leader', async () => {
    const client = new MemoryStreamClient();
    const a = storeOn(client);
    const b = storeOn(client);
    const written = await appendSample(a, district, 3);
    const head = await b.head(district);
    const batch = chainRecords(district, head, [contractEvent(10), { ...contractEvent(11), eventId: written[1]!.eventId }]);
    expect(await b.append(district, batch, 3)).toEqual(E.left({ kind: 'duplicate-event-id', eventId: written[1]!.eventId, position: 2 }));
    const indexReads = client.reads.filter((r) => r.stream === 'indicator-ledger-130302' && r.request.direction === 'forwards');
    expect(indexReads.length).toBeGreaterThan(0);
    expect(indexReads.every((r) => r.request.requiresLeader === true)).toBe(true);
    expect(await readAll(b, district)).toStrictEqual(written);
  });

  it('reports a stale expected position as the position the stream really has, from the server refusal', async () => {
    const client = new MemoryStreamClient();
    const a = storeOn(client);
    const b = storeOn(client);
    await appendSample(b, district, 5);
    await appendSample(a, district, 3, 1);
    const stale = chainRecords(district, { position: 5, hash: GENESIS_HASH }, [contractEvent(6, 2)]);
    // b still believes the stream ends at 5, so only the server can tell it otherwise.
    expect(await b.append(district, stale, 5)).toEqual(E.left({ kind: 'position-conflict', expectedPosition: 5, actualPosition: 8 }));
  });

  it('lets a second store catch its index up and then refuse an id written by the first', async () => {
    const client = new MemoryStreamClient();
    const a = storeOn(client);
    const b = storeOn(client);
    await appendSample(b, district, 2);
    const fromA = await appendSample(a, district, 4, 1);
    const head = await b.head(district);
    expect(head.position).toBe(6);
    const batch = chainRecords(district, head, [{ ...contractEvent(7, 2), eventId: fromA[3]!.eventId }]);
    expect(await b.append(district, batch, 6)).toEqual(E.left({ kind: 'duplicate-event-id', eventId: fromA[3]!.eventId, position: 6 }));
  });

  it('share one list of districts', async () => {
    const client = new MemoryStreamClient();
    const a = storeOn(client);
    const b = storeOn(client);
    await appendSample(a, district, 1);
    await appendSample(b, other, 1);
    await appendSample(b, district, 1);
    expect(await a.streams()).toEqual([other, district]);
    expect(await b.streams()).toEqual([other, district]);
    expect(await storeOn(client).streams()).toEqual([other, district]);
  });
});

describe('what the server refuses', () => {
  it('a batch over its maximum append size: an error naming the limit, nothing written', async () => {
    const store = storeOn(new MemoryStreamClient({ maxAppendSize: 20_000 }));
    const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, Array.from({ length: 100 }, (_, i) => contractEvent(i + 1)));
    await expect(store.append(district, records, 0)).rejects.toBeInstanceOf(AppendTooLargeError);
    await expect(store.append(district, records, 0)).rejects.toThrow(/MaxAppendSize/);
    expect((await store.head(district)).position).toBe(0);
    expect(await store.streams()).toEqual([]);
  });

  it('an event in a district stream that the ledger did not write: reading it fails loudly', async () => {
    const client = new MemoryStreamClient();
    await client.append('indicator-ledger-130302', [{ id: contractEventId(1), type: 'Foreign', data: { hello: 'world' }, metadata: {} }], 'no-stream');
    const store = storeOn(client);
    await expect(readAll(store, district)).rejects.toBeInstanceOf(UnreadableEventError);
    await expect(store.head(district)).rejects.toBeInstanceOf(UnreadableEventError);
  });
});

describe('the list of districts', () => {
  it('leaves out empty batches and lists a district once however often it is appended to', async () => {
    const client = new MemoryStreamClient();
    const store = storeOn(client);
    expect(await store.append(other, [], 0)).toEqual(E.right({ position: 0, hash: GENESIS_HASH, recordedAt: null }));
    for (let i = 0; i < 3; i++) await appendSample(store, district, 2);
    expect(await store.streams()).toEqual([district]);
    expect(await client.read('indicator-ledger.districts', { direction: 'forwards', from: 'start', maxCount: 100 })).toHaveLength(1);
  });

  it('when listing fails after the records are written: the append still succeeds, the failure is reported, and the next append lists it', async () => {
    const inner = new MemoryStreamClient();
    let failListing = true;
    const client: StreamClient = {
      read: inner.read.bind(inner),
      lastPositionInAll: inner.lastPositionInAll.bind(inner),
      subscribeToAll: inner.subscribeToAll.bind(inner),
      setMaxCount: inner.setMaxCount.bind(inner),
      dispose: inner.dispose.bind(inner),
      append: async (stream, events, expected) => {
        if (stream.endsWith('.districts') && failListing) {
          failListing = false;
          throw new Error('leader lost');
        }
        return inner.append(stream, events, expected);
      },
    };
    const errors: string[] = [];
    const store = new EventStoreDbStore({ client, onError: (_e, during) => errors.push(during) });
    await appendSample(store, district, 2);
    expect(errors).toEqual([expect.stringContaining('listing district 130302')]);
    expect(await store.streams()).toEqual([]);
    await appendSample(store, district, 1);
    expect(await store.streams()).toEqual([district]);
  });
});

describe('watching', () => {
  it('starts at the end of $all: earlier appends are not announced, later ones are, one head per record', async () => {
    const client = new MemoryStreamClient();
    const store = storeOn(client);
    await appendSample(store, district, 2);
    const seen: [DistrictCode, number][] = [];
    const stop = await store.watch((stream, head) => seen.push([stream, head]));
    await appendSample(store, district, 2);
    await appendSample(store, other, 1);
    await eventually(() =>
      expect(seen).toEqual([
        [district, 3],
        [district, 4],
        [other, 1],
      ]),
    );
    await stop();
  });

  it('announces appends by another store on the same cluster', async () => {
    const client = new MemoryStreamClient();
    const seen: number[] = [];
    const stop = await storeOn(client).watch((_s, head) => seen.push(head));
    await appendSample(storeOn(client), district, 2);
    await eventually(() => expect(seen).toEqual([1, 2]));
    await stop();
  });

  it('ignores streams of another namespace that shares the prefix', async () => {
    const client = new MemoryStreamClient();
    const seen: number[] = [];
    const stop = await storeOn(client).watch((_s, head) => seen.push(head));
    await appendSample(storeOn(client, { namespace: 'indicator-ledger-test' }), district, 2);
    await appendSample(storeOn(client), district, 1);
    await eventually(() => expect(seen).toEqual([1]));
    await settle();
    expect(seen).toEqual([1]);
    await stop();
  });

  it('with a name, resumes where the last watch of that name stopped, announcing what was appended in between', async () => {
    // No server checkpoints: the watch keeps its place from the events it is given.
    const client = new MemoryStreamClient({ checkpointAfter: Infinity });
    const writer = storeOn(client);
    await appendSample(writer, district, 1);
    const first: number[] = [];
    const stopFirst = await storeOn(client, { watchName: 'projector' }).watch((_s, head) => first.push(head));
    await appendSample(writer, district, 2);
    await eventually(() => expect(first).toEqual([2, 3]));
    await stopFirst();
    await appendSample(writer, district, 2);
    const second: number[] = [];
    const stopSecond = await storeOn(client, { watchName: 'projector' }).watch((_s, head) => second.push(head));
    await eventually(() => expect(second).toEqual([4, 5]));
    const unnamed: number[] = [];
    const stopUnnamed = await storeOn(client, { watchName: 'another' }).watch((_s, head) => unnamed.push(head));
    await appendSample(writer, district, 1);
    await eventually(() => expect(second).toEqual([4, 5, 6]));
    await eventually(() => expect(unnamed).toEqual([6]));
    await stopSecond();
    await stopUnnamed();
  });

  it('resubscribes from its last position when the subscription drops, missing and repeating nothing', async () => {
    const client = new MemoryStreamClient({ checkpointAfter: Infinity });
    const errors: string[] = [];
    const store = new EventStoreDbStore({ client, resubscribeDelayMs: 0, onError: (_e, during) => errors.push(during) });
    const seen: number[] = [];
    const stop = await store.watch((_s, head) => seen.push(head));
    await appendSample(store, district, 2);
    await eventually(() => expect(seen).toEqual([1, 2]));
    client.dropSubscriptions(new Error('connection reset'));
    expect(errors).toEqual([expect.stringContaining('resubscribing')]);
    await appendSample(store, district, 2);
    await eventually(() => expect(seen).toEqual([1, 2, 3, 4]));
    expect(client.subscriptionCount).toBe(1);
    await stop();
    expect(client.subscriptionCount).toBe(0);
  });

  it('keeps announcing after a listener throws, reporting the throw', async () => {
    const client = new MemoryStreamClient();
    const errors: string[] = [];
    const store = new EventStoreDbStore({ client, onError: (_e, during) => errors.push(during) });
    const seen: number[] = [];
    const stop = await store.watch((_s, head) => {
      seen.push(head);
      if (head === 1) throw new Error('listener bug');
    });
    await appendSample(store, district, 2);
    await eventually(() => expect(seen).toEqual([1, 2]));
    expect(errors).toEqual(['a watch listener']);
    await stop();
  });

  it('stops every watch when the store closes', async () => {
    const client = new MemoryStreamClient();
    const store = storeOn(client);
    await store.watch(() => undefined);
    await store.watch(() => undefined);
    expect(client.subscriptionCount).toBe(2);
    await store.close();
    expect(client.subscriptionCount).toBe(0);
  });
});

describe('projection checkpoints', () => {
  it('keep only the last few checkpoint events readable, loading the latest', async () => {
    const client = new MemoryStreamClient();
    const store = storeOn(client);
    for (let position = 1; position <= 6; position++) {
      await store.checkpoints.saveCheckpoint({ stream: district, projection: 'indicators', version: '1', position, state: `{"n":${position}}` });
    }
    expect(await store.checkpoints.loadCheckpoint(district, 'indicators')).toEqual({ stream: district, projection: 'indicators', version: '1', position: 6, state: '{"n":6}' });
    const kept = await client.read('indicator-ledger.checkpoint-130302-indicators', { direction: 'forwards', from: 'start', maxCount: 100 });
    expect(kept.map((e) => (e.data as { position: number }).position)).toEqual([4, 5, 6]);
  });
});

describe('range reads', () => {
  it('come in non-empty pages of at most the page size that together are exactly the range', async () => {
    const client = new MemoryStreamClient();
    const all = chainRecords(district, { position: 0, hash: GENESIS_HASH }, Array.from({ length: 40 }, (_, i) => contractEvent(i + 1)));
    expect(E.isRight(await storeOn(client).append(district, all, 0))).toBe(true);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.integer({ min: -2, max: 45 }), { nil: undefined }),
        fc.option(fc.integer({ min: -2, max: 45 }), { nil: undefined }),
        async (pageSize, from, to) => {
          const store = storeOn(client, { pageSize });
          const pages: (readonly StoredRecord[])[] = [];
          for await (const page of store.readPages(district, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) })) pages.push(page);
          expect(pages.every((p) => p.length >= 1 && p.length <= pageSize)).toBe(true);
          const lo = Math.max(1, from ?? 1);
          const hi = Math.min(all.length, to ?? all.length);
          expect(pages.flat()).toStrictEqual(all.slice(lo - 1, Math.max(lo - 1, hi)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the ledger on this store', () => {
  it('appends any valid history, in any batches, to the same records as on the memory store, and re-appending it is a no-op on a fresh connection', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbValidHistory({ maxLength: 15 }).chain((history) => arbBatches(history.events).map((batches) => ({ history, batches }))),
        async ({ history, batches }) => {
          const client = new MemoryStreamClient();
          const clock = () => new Date('2026-01-01T00:00:00Z');
          const onEsdb = createLedger({ store: storeOn(client, { pageSize: 4 }), clock });
          const inMemory = createLedger({ store: createMemoryStore(), clock });
          for (const batch of batches) {
            expect(isRight(await onEsdb.append(history.district, batch))).toBe(true);
            expect(isRight(await inMemory.append(history.district, batch))).toBe(true);
          }
          const stored = await readAll(onEsdb.store, history.district);
          expect(stored).toStrictEqual(await readAll(inMemory.store, history.district));
          // Another process: a new store on the same cluster builds its index from the stream.
          const again = await createLedger({ store: storeOn(client), clock }).append(history.district, [...history.events]);
          expect(again).toMatchObject({ _tag: 'Right', right: { appended: [] } });
          expect(await readAll(onEsdb.store, history.district)).toStrictEqual(stored);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('configuration', () => {
  it('takes the connection string from the option first, then LEDGER_ESDB_URL', () => {
    expect(connectionStringOf({ connectionString: 'esdb://a:2113' }, { LEDGER_ESDB_URL: 'esdb://b:2113' })).toBe('esdb://a:2113');
    expect(connectionStringOf({}, { LEDGER_ESDB_URL: ' esdb://b:2113?tls=false ' })).toBe('esdb://b:2113?tls=false');
    expect(connectionStringOf({}, {})).toBeUndefined();
    expect(connectionStringOf({}, { LEDGER_ESDB_URL: '  ' })).toBeUndefined();
  });

  it('refuses to open without a connection string, naming the variable to set', () => {
    vi.stubEnv('LEDGER_ESDB_URL', '');
    try {
      expect(() => new EventStoreDbStore()).toThrow(/LEDGER_ESDB_URL/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('opens a real client lazily from a connection string, without touching the network until used', async () => {
    const store = new EventStoreDbStore({ connectionString: 'esdb://localhost:2113?tls=false' });
    await store.close();
  });

  it('refuses a namespace that could clash with other streams, and a page size below 1', () => {
    const client = new MemoryStreamClient();
    expect(() => storeOn(client, { namespace: 'a.b' })).toThrow(RangeError);
    expect(() => storeOn(client, { namespace: '$all' })).toThrow(RangeError);
    expect(() => storeOn(client, { pageSize: 0 })).toThrow(RangeError);
  });
});

describe('checkpoint signers at once (in-memory stream client)', () => {
  it('lose no signed note: each returned note is in the history, whose sizes only grow (compare-and-set on the revision)', async () => {
    const store = storeOn(new MemoryStreamClient());
    try {
      const seen = await signersAtOnce(store, '130302' as DistrictCode);
      for (const note of seen.returned) expect(seen.history).toContain(note);
      expect(seen.historySizes).toEqual([...new Set(seen.historySizes)].sort((a, b) => a - b));
    } finally {
      await store.close();
    }
  });
});
