/**
 * The store contract suite (vitest). Its own package entry, `@indicator-ledger/core/testing/store-contract`,
 * so that the arbitraries and fixtures of `@indicator-ledger/core/testing` load without vitest.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { DistrictCode } from '../ids/districtCode.js';
import { GENESIS_HASH, canonicalJson, chainedFieldsOf, sha256Hex } from '../record/record.js';
import type { Sha256Hex, StoredRecord } from '../record/record.js';
import type { ChainedRow, EventStore, FoldFields, PositionRange } from '../store/port.js';
import { FIXTURE_DISTRICT, OTHER_DISTRICT } from './fixtures.js';
import { UNICODE_SAMPLES, chainRecords, contractEvent, contractEventId, type ContractEvent, type StoreUnderTest } from './contractFixtures.js';

export type { StoreUnderTest } from './contractFixtures.js';

/** Every record of a range, in order, with the pages it came in. */
const readAll = async (store: EventStore, stream: DistrictCode, range?: PositionRange) => {
  const pages: (readonly StoredRecord[])[] = [];
  for await (const page of store.readPages(stream, range)) pages.push(page);
  const records: StoredRecord[] = [];
  for await (const r of store.read(stream, range)) records.push(r);
  return { pages, records };
};

const positionsOf = (records: readonly StoredRecord[]): number[] => records.map((r) => r.position);
const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/**
 * The contract every {@link EventStore} keeps, as a vitest suite: call it from a store package's test
 * file with a function that opens a fresh, empty store each time it is called. Covers the port's
 * promises (docs/spec.md §2: positions from 1, atomic batches, optimistic concurrency, event ids unique per
 * stream) and that a store keeps records exactly as given.
 */
export const describeEventStoreContract = (name: string, open: () => Promise<StoreUnderTest>): void => {
  const withStore = async (test: (store: EventStore) => Promise<void>): Promise<void> => {
    const { store, dispose } = await open();
    try {
      await test(store);
    } finally {
      await dispose();
    }
  };

  const district = FIXTURE_DISTRICT;
  const other = OTHER_DISTRICT;

  /** Appends sample events `first..first+count-1` after the stream's head, asserting success. */
  const appendSample = async (store: EventStore, stream: DistrictCode, count: number, salt = 0): Promise<StoredRecord[]> => {
    const head = await store.head(stream);
    const records = chainRecords(stream, head, range(head.position + 1, head.position + count).map((n) => contractEvent(n, salt)));
    const result = await store.append(stream, records, head.position);
    expect(E.isRight(result)).toBe(true);
    return records;
  };

  describe(`${name}: the store contract`, () => {
    describe('empty streams', () => {
      it('an empty store lists no streams and reports head 0 with the genesis hash', async () => {
        await withStore(async (store) => {
          expect(await store.streams()).toEqual([]);
          expect(await store.head(district)).toEqual({ position: 0, hash: GENESIS_HASH, recordedAt: null });
          const { pages, records } = await readAll(store, district);
          expect(pages).toEqual([]);
          expect(records).toEqual([]);
        });
      });

      it('an empty batch at the head succeeds, writes nothing and does not create the stream', async () => {
        await withStore(async (store) => {
          const result = await store.append(district, [], 0);
          expect(result).toEqual(E.right({ position: 0, hash: GENESIS_HASH, recordedAt: null }));
          expect(await store.streams()).toEqual([]);
        });
      });

      it('an empty batch at a wrong position is a position conflict', async () => {
        await withStore(async (store) => {
          await appendSample(store, district, 2);
          expect(await store.append(district, [], 1)).toEqual(E.left({ kind: 'position-conflict', expectedPosition: 1, actualPosition: 2 }));
        });
      });
    });

    describe('ordering and exact records', () => {
      it('reads back every record deep-equal to what was appended, in position order', async () => {
        await withStore(async (store) => {
          const first = await appendSample(store, district, 5);
          const second = await appendSample(store, district, 7);
          const { records } = await readAll(store, district);
          expect(positionsOf(records)).toEqual(range(1, 12));
          expect(records).toStrictEqual([...first, ...second]);
          expect(records.map(canonicalJson)).toEqual([...first, ...second].map(canonicalJson));
        });
      });

      it('reports the new head after an append, the same as head()', async () => {
        await withStore(async (store) => {
          const records = await appendSample(store, district, 3);
          const last = records[2]!;
          const expected = { position: 3, hash: last.hash, recordedAt: last.recordedAt };
          expect(await store.head(district)).toEqual(expected);
          const more = chainRecords(district, expected, [contractEvent(4)]);
          expect(await store.append(district, more, 3)).toEqual(E.right({ position: 4, hash: more[0]!.hash, recordedAt: more[0]!.recordedAt }));
        });
      });

      it('keeps records as they were at append time, whatever the caller does to its objects afterwards', async () => {
        await withStore(async (store) => {
          const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(0)]);
          const snapshot = canonicalJson(records[0]);
          expect(E.isRight(await store.append(district, records, 0))).toBe(true);
          (records[0]!.data as { title: string }).title = 'changed after append';
          (records[0]!.actor as { user: string }).user = 'someone.else';
          const { records: read } = await readAll(store, district);
          expect(canonicalJson(read[0])).toBe(snapshot);
        });
      });

      it('round-trips numbers exactly: safe integers, binary fractions, extremes', async () => {
        await withStore(async (store) => {
          const values = [0.1 + 0.2, 1e21, 5e-324, 1.7976931348623157e308, 123_456_789.125, 0];
          const events = values.map((value, i): ContractEvent => ({ ...contractEvent(2 + 3 * i), data: { statistic: 'above-scale-industrial-main-revenue', year: 2020, value, status: 'preliminary' } }));
          const funds: ContractEvent = { ...contractEvent(1), eventId: contractEventId(999), data: { allocationId: 'max', amountFen: Number.MAX_SAFE_INTEGER, purpose: 'talent' } };
          const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [...events, funds]);
          expect(E.isRight(await store.append(district, records, 0))).toBe(true);
          const { records: read } = await readAll(store, district);
          expect(read).toStrictEqual(records);
          expect(read.map((r) => (r.data as { value?: number }).value)).toEqual([...values, undefined]);
        });
      });
    });

    describe('unicode payloads', () => {
      it('round-trips CJK, astral characters, emoji and controls byte for byte, in data, source and actor', async () => {
        await withStore(async (store) => {
          const events = UNICODE_SAMPLES.map((text, i): ContractEvent => ({
            ...contractEvent(3 * i),
            actor: { unit: 'development-reform', user: text },
            source: text,
            data: { projectId: `项目-${i}-${text}`, title: text, level: 'national' },
          }));
          const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, events);
          expect(E.isRight(await store.append(district, records, 0))).toBe(true);
          const { records: read } = await readAll(store, district);
          expect(read).toStrictEqual(records);
          read.forEach((r, i) => {
            expect(Buffer.from((r.data as { title: string }).title, 'utf8')).toEqual(Buffer.from(UNICODE_SAMPLES[i]!, 'utf8'));
            expect(r.source).toBe(UNICODE_SAMPLES[i]);
            expect(r.actor.user).toBe(UNICODE_SAMPLES[i]);
            expect(Buffer.from(canonicalJson(r), 'utf8')).toEqual(Buffer.from(canonicalJson(records[i]), 'utf8'));
          });
          // NFC and NFD spellings stay distinct: a store must not normalise.
          expect((read[3]!.data as { title: string }).title).toContain('caf\u00e9 ≠ cafe\u0301');
        });
      });
    });

    describe('position conflicts', () => {
      it('refuses a stale expected position with a typed conflict, writing nothing', async () => {
        await withStore(async (store) => {
          await appendSample(store, district, 3);
          const head = await store.head(district);
          const stale = chainRecords(district, { position: 1, hash: GENESIS_HASH }, [contractEvent(100), contractEvent(101)]);
          expect(await store.append(district, stale, 1)).toEqual(E.left({ kind: 'position-conflict', expectedPosition: 1, actualPosition: 3 }));
          expect(await store.head(district)).toEqual(head);
          expect(positionsOf((await readAll(store, district)).records)).toEqual([1, 2, 3]);
        });
      });

      it('refuses an expected position beyond the head', async () => {
        await withStore(async (store) => {
          await appendSample(store, district, 2);
          const ahead = chainRecords(district, { position: 5, hash: GENESIS_HASH }, [contractEvent(6)]);
          expect(await store.append(district, ahead, 5)).toEqual(E.left({ kind: 'position-conflict', expectedPosition: 5, actualPosition: 2 }));
          expect((await store.head(district)).position).toBe(2);
        });
      });

      it('lets exactly one of two appends at the same expected position through', async () => {
        await withStore(async (store) => {
          const a = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(1), contractEvent(2)]);
          const b = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(1, 7), contractEvent(2, 7), contractEvent(3, 7)]);
          const results = await Promise.all([store.append(district, a, 0), store.append(district, b, 0)]);
          expect(results.filter(E.isRight)).toHaveLength(1);
          const refused = results.find(E.isLeft);
          expect(refused).toMatchObject(E.left({ kind: 'position-conflict', expectedPosition: 0 }));
          const winner = E.isRight(results[0]!) ? a : b;
          expect((await readAll(store, district)).records).toStrictEqual(winner);
        });
      });

      it('rejects records whose positions do not continue the expected position, writing nothing', async () => {
        await withStore(async (store) => {
          await appendSample(store, district, 1);
          const head = await store.head(district);
          const gap = chainRecords(district, { position: 2, hash: head.hash }, [contractEvent(3)]);
          await expect(store.append(district, gap, 1)).rejects.toThrow();
          expect(await store.head(district)).toEqual(head);
        });
      });
    });

    describe('event ids', () => {
      it('refuses an event id already in the stream with a typed conflict naming its position, writing none of the batch', async () => {
        await withStore(async (store) => {
          const first = await appendSample(store, district, 3);
          const head = await store.head(district);
          const batch = chainRecords(district, head, [contractEvent(10), contractEvent(11), { ...contractEvent(12), eventId: first[1]!.eventId }, contractEvent(13)]);
          expect(await store.append(district, batch, 3)).toEqual(E.left({ kind: 'duplicate-event-id', eventId: first[1]!.eventId, position: 2 }));
          expect(await store.head(district)).toEqual(head);
          expect((await readAll(store, district)).records).toStrictEqual(first);
        });
      });

      it('refuses an event id repeated within one batch, naming the first occurrence, writing nothing', async () => {
        await withStore(async (store) => {
          const events = [contractEvent(1), contractEvent(2), contractEvent(3), { ...contractEvent(4), eventId: contractEventId(2) }];
          const batch = chainRecords(district, { position: 0, hash: GENESIS_HASH }, events);
          expect(await store.append(district, batch, 0)).toEqual(E.left({ kind: 'duplicate-event-id', eventId: contractEventId(2), position: 2 }));
          expect(await store.head(district)).toEqual({ position: 0, hash: GENESIS_HASH, recordedAt: null });
          expect(await store.streams()).toEqual([]);
        });
      });

      it('checks position before event ids: a stale batch with a duplicate is a position conflict', async () => {
        await withStore(async (store) => {
          const first = await appendSample(store, district, 2);
          const batch = chainRecords(district, { position: 1, hash: first[0]!.hash }, [{ ...contractEvent(5), eventId: first[0]!.eventId }]);
          expect(await store.append(district, batch, 1)).toEqual(E.left({ kind: 'position-conflict', expectedPosition: 1, actualPosition: 2 }));
        });
      });

      it('allows the same event id in two different streams', async () => {
        await withStore(async (store) => {
          const a = await appendSample(store, district, 2);
          const b = await appendSample(store, other, 2);
          expect(a.map((r) => r.eventId)).toEqual(b.map((r) => r.eventId));
          expect((await readAll(store, other)).records).toStrictEqual(b);
        });
      });
    });

    describe('range reads', () => {
      const seeded = async (store: EventStore): Promise<StoredRecord[]> => appendSample(store, district, 20);

      it('reads closed, half-open and open ranges', async () => {
        await withStore(async (store) => {
          const all = await seeded(store);
          expect((await readAll(store, district, { from: 5, to: 9 })).records).toStrictEqual(all.slice(4, 9));
          expect((await readAll(store, district, { from: 15 })).records).toStrictEqual(all.slice(14));
          expect((await readAll(store, district, { to: 3 })).records).toStrictEqual(all.slice(0, 3));
          expect((await readAll(store, district, {})).records).toStrictEqual(all);
          expect((await readAll(store, district, { from: 7, to: 7 })).records).toStrictEqual([all[6]]);
        });
      });

      it('clamps a range that runs past the head and yields nothing for one that starts past it or is inverted', async () => {
        await withStore(async (store) => {
          const all = await seeded(store);
          expect((await readAll(store, district, { from: 18, to: 1000 })).records).toStrictEqual(all.slice(17));
          expect((await readAll(store, district, { from: 21 })).records).toEqual([]);
          expect((await readAll(store, district, { from: 500, to: 600 })).pages).toEqual([]);
          expect((await readAll(store, district, { from: 9, to: 8 })).records).toEqual([]);
          expect((await readAll(store, other, { from: 1, to: 5 })).records).toEqual([]);
        });
      });
    });

    describe('many streams', () => {
      it('keeps streams apart and lists them in ascending order', async () => {
        await withStore(async (store) => {
          const codes = ['650102', '110105', '130302', '820001', '310115', '440305', '130303', '710000', '530102', '210203', '370102', '150102'] as DistrictCode[];
          const written = new Map<DistrictCode, StoredRecord[]>();
          for (let round = 0; round < 3; round++) {
            for (const [i, code] of codes.entries()) {
              const count = 1 + ((i * 7 + round * 3) % 5);
              written.set(code, [...(written.get(code) ?? []), ...(await appendSample(store, code, count, i))]);
            }
          }
          await store.append('120101' as DistrictCode, [], 0);
          expect(await store.streams()).toEqual([...codes].sort());
          for (const code of codes) {
            const records = written.get(code)!;
            expect((await store.head(code)).position).toBe(records.length);
            const { records: read } = await readAll(store, code);
            expect(read).toStrictEqual(records);
            expect(read.every((r) => r.district === code)).toBe(true);
          }
        });
      });
    });

    describe('large batches', () => {
      it('appends 5,000 records in one batch and reads them back in ordered, non-empty pages', async () => {
        await withStore(async (store) => {
          const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, range(1, 5000).map((n) => contractEvent(n)));
          const result = await store.append(district, records, 0);
          expect(result).toEqual(E.right({ position: 5000, hash: records[4999]!.hash, recordedAt: records[4999]!.recordedAt }));
          const { pages, records: read } = await readAll(store, district);
          expect(pages.every((p) => p.length > 0)).toBe(true);
          expect(pages.flat()).toStrictEqual(records);
          expect(read).toStrictEqual(records);
          const middle = await readAll(store, district, { from: 1000, to: 4200 });
          expect(positionsOf(middle.records)).toEqual(range(1000, 4200));
        });
      });

      it('writes nothing of a 5,000-record batch whose last record repeats an event id', async () => {
        await withStore(async (store) => {
          const events = range(1, 5000).map((n) => contractEvent(n));
          events[4999] = { ...events[4999]!, eventId: contractEventId(1) };
          const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, events);
          expect(await store.append(district, records, 0)).toEqual(E.left({ kind: 'duplicate-event-id', eventId: contractEventId(1), position: 1 }));
          expect((await store.head(district)).position).toBe(0);
          expect((await readAll(store, district)).records).toEqual([]);
        });
      });
    });

    describe('checkpoints', () => {
      it('loads nothing before a save, then what was saved, then the latest overwrite, per (stream, projection)', async (context) => {
        await withStore(async (store) => {
          const checkpoints = store.checkpoints;
          if (checkpoints === undefined) return context.skip('this store keeps no checkpoints');
          await appendSample(store, district, 4);
          expect(await checkpoints.loadCheckpoint(district, 'indicators')).toBeUndefined();
          const first = { stream: district, projection: 'indicators', version: '1', position: 2, state: JSON.stringify({ count: 2, 名称: '高新🔬' }) };
          await checkpoints.saveCheckpoint(first);
          expect(await checkpoints.loadCheckpoint(district, 'indicators')).toEqual(first);
          const later = { ...first, version: '2', position: 4, state: 'x'.repeat(200_000) };
          await checkpoints.saveCheckpoint(later);
          expect(await checkpoints.loadCheckpoint(district, 'indicators')).toEqual(later);
          expect(await checkpoints.loadCheckpoint(district, 'audit')).toBeUndefined();
          expect(await checkpoints.loadCheckpoint(other, 'indicators')).toBeUndefined();
          const elsewhere = { ...first, stream: other, position: 0, state: '{}' };
          await checkpoints.saveCheckpoint(elsewhere);
          expect(await checkpoints.loadCheckpoint(other, 'indicators')).toEqual(elsewhere);
          expect(await checkpoints.loadCheckpoint(district, 'indicators')).toEqual(later);
        });
      });
    });

    describe('conditional checkpoint saves (replaceCheckpoint, optional)', () => {
      it('saves only over the state it is told is there, atomically, and says whether it saved', async (context) => {
        await withStore(async (store) => {
          const checkpoints = store.checkpoints;
          if (checkpoints?.replaceCheckpoint === undefined) return context.skip('this store offers no compare-and-set of checkpoints');
          await appendSample(store, district, 2);
          const first = { stream: district, projection: 'history', version: '1', position: 1, state: '{"notes":["a"]}' };
          expect(await checkpoints.replaceCheckpoint(first, undefined)).toBe(true);
          expect(await checkpoints.replaceCheckpoint({ ...first, state: '{"notes":["b"]}' }, undefined)).toBe(false);
          expect(await checkpoints.replaceCheckpoint({ ...first, state: '{"notes":["b"]}' }, '{"notes":[]}')).toBe(false);
          expect(await checkpoints.loadCheckpoint(district, 'history')).toEqual(first);
          const second = { ...first, position: 2, state: '{"notes":["a","c"]}' };
          // Two savers from the same state at once: exactly one wins.
          const [x, y] = await Promise.all([checkpoints.replaceCheckpoint(second, first.state), checkpoints.replaceCheckpoint({ ...second, state: '{"notes":["a","d"]}' }, first.state)]);
          expect([x, y].filter(Boolean)).toHaveLength(1);
          expect((await checkpoints.loadCheckpoint(district, 'history'))?.state).toBe(x ? second.state : '{"notes":["a","d"]}');
          expect(await checkpoints.loadCheckpoint(other, 'history')).toBeUndefined();
        });
      });
    });

    describe('redaction', () => {
      it('replaces the data of one record and marks it redacted, keeping its hashes and every other record', async (context) => {
        await withStore(async (store) => {
          if (store.redact === undefined) return context.skip('this store cannot redact');
          const records = await appendSample(store, district, 3);
          const head = await store.head(district);
          const data = { projectId: 'P-redacted', title: '[redacted]', level: 'municipal' } as StoredRecord['data'];
          expect(await store.redact(district, 1, data)).toBe(true);
          const { records: read } = await readAll(store, district);
          expect(read).toStrictEqual([{ ...records[0]!, data, redacted: true }, records[1], records[2]]);
          expect(read[0]!.dataHash).toBe(records[0]!.dataHash);
          expect(await store.head(district)).toEqual(head);
          expect(await store.redact(district, 4, data)).toBe(false);
          expect(await store.redact(other, 1, data)).toBe(false);
          expect((await store.head(other)).position).toBe(0);
        });
      });
    });

    describe('optional read capabilities: each equals the projection of readPages', () => {
      // The ranges of the range-read tests, plus one crossing no page boundary and one past the head.
      const ranges: (PositionRange | undefined)[] = [undefined, {}, { from: 5, to: 9 }, { from: 15 }, { to: 3 }, { from: 7, to: 7 }, { from: 18, to: 1000 }, { from: 21 }, { from: 9, to: 8 }];
      const pagesOf = async <T>(pages: AsyncIterable<readonly T[]>): Promise<(readonly T[])[]> => {
        const all: (readonly T[])[] = [];
        for await (const page of pages) all.push(page);
        return all;
      };
      const foldFieldsOf = (r: StoredRecord): FoldFields =>
        ({ position: r.position, eventId: r.eventId, type: r.type, effectiveDate: r.effectiveDate, recordedAt: r.recordedAt, data: r.data }) as FoldFields;

      it('readFoldPages gives, for every range, the fold fields of the records readPages gives, in non-empty pages', async (context) => {
        await withStore(async (store) => {
          if (store.readFoldPages === undefined) return context.skip('this store does not offer readFoldPages');
          await appendSample(store, district, 20);
          await appendSample(store, other, 2);
          for (const r of ranges) {
            const pages = await pagesOf(store.readFoldPages(district, r));
            expect(pages.every((page) => page.length > 0)).toBe(true);
            expect(pages.flat()).toStrictEqual((await readAll(store, district, r)).records.map(foldFieldsOf));
          }
          expect(await pagesOf(store.readFoldPages('999999' as DistrictCode))).toEqual([]);
        });
      });

      it('readChainPages gives the stored texts: chained hashes to hash and parses to the chained fields, data parses to data', async (context) => {
        await withStore(async (store) => {
          if (store.readChainPages === undefined) return context.skip('this store does not offer readChainPages');
          const appended = await appendSample(store, district, 20);
          if (store.redact !== undefined) {
            expect(await store.redact(district, 4, { projectId: 'P-redacted', title: '[redacted]', level: 'municipal' } as StoredRecord['data'])).toBe(true);
          }
          for (const r of ranges) {
            const pages = await pagesOf(store.readChainPages(district, r));
            expect(pages.every((page) => page.length > 0)).toBe(true);
            const rows: ChainedRow[] = pages.flat();
            const records = (await readAll(store, district, r)).records;
            expect(rows.map((row) => row.position)).toEqual(positionsOf(records));
            rows.forEach((row, i) => {
              const record = records[i]!;
              expect(row.hash).toBe(record.hash);
              expect(row.redacted).toBe(record.redacted === true);
              // Sample records have canonical forms, so the stored text is exactly what `hash` is over.
              expect(sha256Hex(row.chained)).toBe(record.hash);
              expect(row.chained).toBe(canonicalJson(chainedFieldsOf(record)));
              expect(JSON.parse(row.chained)).toStrictEqual(chainedFieldsOf(record));
              expect(row.data === null ? undefined : JSON.parse(row.data)).toStrictEqual(record.data);
            });
          }
          expect(appended).toHaveLength(20);
          expect(await pagesOf(store.readChainPages('999999' as DistrictCode))).toEqual([]);
        });
      });
    });

    describe('watch', () => {
      it('tells a listener the new head after an append', async (context) => {
        await withStore(async (store) => {
          if (store.watch === undefined) return context.skip('this store cannot watch');
          const seen: [DistrictCode, number][] = [];
          const stop = await store.watch((stream, head) => seen.push([stream, head]));
          try {
            await appendSample(store, district, 3);
            for (let waited = 0; waited < 5000 && !seen.some(([s, h]) => s === district && h === 3); waited += 20) {
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
            expect(seen).toContainEqual([district, 3]);
          } finally {
            await stop();
          }
        });
      });
    });
  });
};
