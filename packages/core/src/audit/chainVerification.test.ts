import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, dataHashOf, recordHashOf, type StoredRecord } from '../record/record.js';
import { MemoryEventStore } from '../store/memoryStore.js';
import { DISTRICT, ServedStore, arbHistory, flipByte, ledgerWith, recordsOf, rechained, signer, storeWith, verifierKey, impostor } from '../testing/auditFixtures.js';
import { createChainCheck, verifyChain } from './chainVerification.js';
import { signCheckpoint } from '../tlog/checkpoint.js';
import { verify } from './ledgerVerification.js';
import { merkleRoot } from '../tlog/merkle.js';
import { recordLeafHash } from './recordLeaf.js';
import { recordLine } from './recordShape.js';
import { checkpointOrigin } from '../tlog/checkpoint.js';

const dr = { unit: 'development-reform', user: 'zhang.san' } as const;
const commissioner = (n: number, recordedAt: string) => ({
  type: 'CommissionerDispatched',
  district: DISTRICT,
  effectiveDate: `2021-0${1 + (n % 9)}-10`,
  recordedAt,
  actor: dr,
  source: `唐科〔2021〕${n}号`,
  data: { commissionerId: `KT-${n}`, name: `专员${n}` },
});
const fiveEvents = [1, 2, 3, 4, 5].map((n) => commissioner(n, `2021-02-0${n}T08:00:00+08:00`));

const withHash = (r: Omit<StoredRecord, 'hash'> & { hash?: string }): StoredRecord => ({ ...r, hash: recordHashOf(r as StoredRecord) }) as StoredRecord;

describe('verify over an honest ledger', () => {
  it('accepts every valid history, giving its size, head and Merkle root (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(0, 30), async (history) => {
        const { store } = await ledgerWith(history.district, history.events);
        const records = await recordsOf(store);
        const result = await verify(store, history.district);
        expect(result).toEqual(E.right({ size: records.length,
          head: records.at(-1)?.hash ?? GENESIS_HASH,
          root: merkleRoot(records.map((r) => recordLeafHash(r.hash))) }));
      }),
      { numRuns: 40 },
    );
  });

  it('accepts an empty stream', async () => {
    const result = await verify(new MemoryEventStore(), DISTRICT);
    expect(result).toMatchObject(E.right({ size: 0, head: GENESIS_HASH }));
  });
});

describe('verify names the first bad position and why', () => {
  const served = async (change: (records: StoredRecord[]) => unknown[]) => {
    const { store } = await ledgerWith(DISTRICT, fiveEvents);
    return verify(new ServedStore(change(await recordsOf(store))), DISTRICT);
  };

  it('a deleted record is a position gap where it was', async () => {
    expect(await served((rs) => [rs[0], rs[1], rs[3], rs[4]])).toMatchObject(E.left({ position: 3, problem: 'position-gap' }));
  });
  it('a duplicated record is a position gap after it', async () => {
    expect(await served((rs) => [rs[0], rs[1], rs[1], rs[2]])).toMatchObject(E.left({ position: 3, problem: 'position-gap' }));
  });
  it('two records swapped are a position gap at the first', async () => {
    expect(await served((rs) => [rs[0], rs[2], rs[1], rs[3], rs[4]])).toMatchObject(E.left({ position: 2, problem: 'position-gap' }));
  });
  it('changed data is a data hash mismatch', async () => {
    const result = await served((rs) => rs.map((r) => (r.position === 4 ? { ...r, data: { ...r.data, name: '李四' } } : r)));
    expect(result).toMatchObject(E.left({ position: 4, problem: 'data-hash' }));
  });
  it('changed data with a matching dataHash is a chain hash mismatch', async () => {
    const result = await served((rs) => rs.map((r) => (r.position === 4 ? { ...r, data: { ...r.data, name: '李四' }, dataHash: dataHashOf({ ...r.data, name: '李四' }) } : r)));
    expect(result).toMatchObject(E.left({ position: 4, problem: 'chain-hash' }));
  });
  it('a changed envelope field is a chain hash mismatch', async () => {
    for (const change of [{ effectiveDate: '2021-01-11' }, { actor: { unit: 'finance', user: 'x' } }, { source: 'other' }, { recordedAt: '2021-02-02T00:00:00.001Z' }]) {
      const result = await served((rs) => rs.map((r) => (r.position === 2 ? { ...r, ...change } : r)));
      expect(result, JSON.stringify(change)).toMatchObject(E.left({ position: 2, problem: 'chain-hash' }));
    }
  });
  it('a record re-hashed onto another predecessor is a broken link', async () => {
    const result = await served((rs) => rs.map((r) => (r.position === 3 ? withHash({ ...r, prevHash: rs[0]!.hash }) : r)));
    expect(result).toMatchObject(E.left({ position: 3, problem: 'broken-link' }));
  });
  it('a record of another district is a district mismatch', async () => {
    const result = await served((rs) => rechained(rs.map((r) => (r.position === 2 ? { ...r, district: '130303' as StoredRecord['district'] } : r))));
    expect(result).toMatchObject(E.left({ position: 2, problem: 'district-mismatch' }));
  });
  it('recordedAt going back is named, even in a chain re-hashed to match', async () => {
    const result = await served((rs) => rechained(rs.map((r) => (r.position === 4 ? { ...r, recordedAt: '2021-02-01T00:00:00.000Z' as StoredRecord['recordedAt'] } : r))));
    expect(result).toMatchObject(E.left({ position: 4, problem: 'recorded-at-decreasing' }));
  });
  it('a record missing a field, with an unknown one, or not an object is malformed', async () => {
    const without = (r: StoredRecord, key: string) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== key));
    for (const key of ['data', 'hash', 'actor', 'position', 'prevHash']) {
      expect(await served((rs) => rs.map((r) => (r.position === 5 ? without(r, key) : r))), key).toMatchObject(E.left({ position: 5, problem: 'malformed' }));
    }
    expect(await served((rs) => rs.map((r) => (r.position === 1 ? { ...r, extra: 1 } : r)))).toMatchObject(E.left({ position: 1, problem: 'malformed' }));
    expect(await served((rs) => rs.map((r) => (r.position === 1 ? { ...r, redacted: false } : r)))).toMatchObject(E.left({ position: 1, problem: 'malformed' }));
    expect(await served((rs) => [rs[0], null])).toMatchObject(E.left({ position: 2, problem: 'malformed' }));
    expect(await served((rs) => [{ ...rs[0], data: { n: Number.NaN } }])).toMatchObject(E.left({ position: 1 }));
  });
  it('a record nested deeper than 64 levels is malformed, named by position (docs/spec.md §8.3)', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { a: deep };
    const result = await served((rs) => [rs[0], { ...rs[1], data: { ...rs[1]!.data, deep } }, ...rs.slice(2)]);
    expect(result).toMatchObject(E.left({ position: 2, problem: 'malformed', reason: 'record 2 is nested deeper than 64 levels' }));
    // 64 levels in all are read (the record itself is the first); one more is refused.
    let nested: unknown = 1;
    for (let i = 0; i < 62; i++) nested = [nested];
    expect(await served((rs) => [rs[0], { ...rs[1], data: { ...rs[1]!.data, nested } }])).toMatchObject(E.left({ position: 2, problem: 'data-hash' }));
    expect(await served((rs) => [rs[0], { ...rs[1], data: { ...rs[1]!.data, nested: [nested] } }])).toMatchObject(E.left({ position: 2, problem: 'malformed' }));
  });

  it('a record marked redacted without a logged redaction is a data hash mismatch', async () => {
    const result = await served((rs) => rs.map((r) => (r.position === 2 ? { ...r, redacted: true } : r)));
    expect(result).toMatchObject(E.left({ position: 2, problem: 'data-hash' }));
  });
  it('verifies the stream as it was when it began: records appended meanwhile are no failure (docs/spec.md §8.3)', async () => {
    const { store, ledger } = await ledgerWith(DISTRICT, fiveEvents.slice(0, 3));
    const records = await recordsOf(store);
    let appended = false;
    // Another writer appends as soon as the first page has been read, as `ledger import` beside `ledger verify` does.
    const live = storeWith(store, {
      readPages: async function* (stream, range) {
        for await (const page of store.readPages(stream, range)) {
          yield page;
          if (!appended) {
            appended = true;
            expect(E.isRight(await ledger.append(DISTRICT, fiveEvents.slice(3)))).toBe(true);
          }
        }
      },
    });
    const result = await verify(live, DISTRICT);
    expect(appended).toBe(true);
    expect(result).toEqual(E.right({ size: 3, head: records[2]!.hash, root: merkleRoot(records.map((r) => recordLeafHash(r.hash))) }));
    expect(await verify(store, DISTRICT)).toMatchObject(E.right({ size: 5 }));
  });

  it("a store whose head disagrees with its records is named where they part", async () => {
    const { store } = await ledgerWith(DISTRICT, fiveEvents);
    const lying = storeWith(store, { head: async () => ({ ...(await store.head(DISTRICT)), position: 6 }) });
    expect(await verify(lying, DISTRICT)).toMatchObject(E.left({ position: 6, problem: 'position-gap' }));
  });
});

describe('tampering with one byte of a stored record', () => {
  it('is detected and named by its position (property over histories, records, bytes and bit masks)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(1, 12), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (history, pick, at, mask) => {
        const { store } = await ledgerWith(history.district, history.events);
        const records = await recordsOf(store);
        const index = pick % records.length;
        const original = records[index]!;
        const line = recordLine(original);
        const tampered = flipByte(line, at % Buffer.byteLength(line), mask);
        let parsed: unknown;
        try {
          parsed = JSON.parse(tampered);
        } catch {
          fc.pre(false); // unreadable JSON cannot come out of a store; bundles catch it (bundle.test.ts)
        }
        // A flip that JSON reads as the same record (an escape's hex case, 1E+21 for 1e+21) changes no record.
        fc.pre(!isDeepStrictEqual(parsed, JSON.parse(line)));
        const served = records.map((r, i) => (i === index ? parsed : r));
        const result = await verify(new ServedStore(served), history.district);
        expect(result).toMatchObject(E.left({ position: index + 1 }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('verify against a saved checkpoint', () => {
  const origin = checkpointOrigin('indicator-ledger', DISTRICT);
  // Recorded at one instant, so that any order of them is a chain a forger could re-hash.
  const sameInstant = [1, 2, 3, 4, 5].map((n) => commissioner(n, '2021-02-01T08:00:00+08:00'));
  const saved = async (size: number) => {
    const { store } = await ledgerWith(DISTRICT, sameInstant);
    const records = await recordsOf(store);
    const root = merkleRoot(records.slice(0, size).map((r) => recordLeafHash(r.hash)));
    return { records, note: signCheckpoint({ origin, size, root }, signer) };
  };

  it('accepts the stream it was taken of, and the same stream grown since', async () => {
    const { records, note } = await saved(3);
    expect(await verify(new ServedStore(records), DISTRICT, { against: { note, verifierKey } })).toMatchObject(E.right({ size: 5 }));
    expect(await verify(new ServedStore(records.slice(0, 3)), DISTRICT, { against: { note, verifierKey } })).toMatchObject(E.right({ size: 3 }));
  });
  it('detects records cut off after it was taken', async () => {
    const { records, note } = await saved(5);
    expect(await verify(new ServedStore(records.slice(0, 4)), DISTRICT, { against: { note, verifierKey } })).toMatchObject(E.left({ position: 5, problem: 'truncated' }));
    expect(await verify(new ServedStore([]), DISTRICT, { against: { note, verifierKey } })).toMatchObject(E.left({ position: 1, problem: 'truncated' }));
  });
  it('detects records reordered, deleted or duplicated and re-chained by a forger', async () => {
    const { records, note } = await saved(4);
    const [a, b, c, d, e] = records as [StoredRecord, StoredRecord, StoredRecord, StoredRecord, StoredRecord];
    const forgeries = { reordered: [a, c, b, d, e], deleted: [a, b, d, e], duplicated: [a, b, b, c, d, e], replaced: [a, b, c, e, d] };
    for (const [name, forged] of Object.entries(forgeries)) {
      const forgedStore = new ServedStore(rechained(forged));
      expect(await verifyChain(forgedStore.readPages(DISTRICT), DISTRICT), `${name} passes the chain alone`).toMatchObject({ _tag: 'Right' });
      // A duplicate repeats an eventId: verify's admission check (docs/spec.md §8.3) names it before the checkpoint does.
      const caught = name === 'duplicated' ? E.left({ position: 3, problem: 'rule-violation' }) : E.left({ position: 4, problem: 'checkpoint-mismatch' });
      expect(await verify(forgedStore, DISTRICT, { against: { note, verifierKey } }), name).toMatchObject(caught);
      if (name !== 'duplicated') expect(await verify(forgedStore, DISTRICT), `${name} passes verify alone`).toMatchObject({ _tag: 'Right' });
    }
  });
  it('refuses a checkpoint with a bad signature, or of another district', async () => {
    const { records, note } = await saved(3);
    const forged = signCheckpoint({ origin, size: 3, root: new Uint8Array(32) }, impostor);
    expect(await verify(new ServedStore(records), DISTRICT, { against: { note: forged, verifierKey } })).toMatchObject(E.left({ position: 0, problem: 'checkpoint-unreadable' }));
    expect(await verify(new ServedStore(records), DISTRICT, { against: { note: flipByte(note, 30, 1), verifierKey } })).toMatchObject(E.left({ problem: 'checkpoint-unreadable' }));
    const elsewhere = signCheckpoint({ origin: checkpointOrigin('indicator-ledger', '130303'), size: 3, root: new Uint8Array(32) }, signer);
    expect(await verify(new ServedStore(records), DISTRICT, { against: { note: elsewhere, verifierKey } })).toMatchObject(E.left({ problem: 'checkpoint-origin' }));
  });
});

describe('createChainCheck and verifyChain', () => {
  it('stay at the last good record after a failure', async () => {
    const { store } = await ledgerWith(DISTRICT, fiveEvents);
    const [a, b, c] = (await recordsOf(store)) as [StoredRecord, StoredRecord, StoredRecord];
    const check = createChainCheck(DISTRICT);
    expect(check.next(a)).toBeUndefined();
    expect(check.next(c)).toMatchObject({ position: 2, problem: 'position-gap' });
    expect(check.size).toBe(1);
    expect(check.head).toBe(a.hash);
    expect(check.next(b)).toBeUndefined();
    expect(check.size).toBe(2);
  });
  it('hands every accepted record to onRecord, in order, and none after a failure', async () => {
    const { store } = await ledgerWith(DISTRICT, fiveEvents);
    const records = await recordsOf(store);
    const seen: number[] = [];
    const pages = (async function* () {
      yield records.slice(0, 2);
      yield [records[2], { ...records[3], position: 9 }, records[4]];
    })();
    const result = await verifyChain(pages, DISTRICT, { onRecord: (r) => seen.push(r.position) });
    expect(result).toMatchObject(E.left({ position: 4 }));
    expect(seen).toEqual([1, 2, 3]);
  });
});
