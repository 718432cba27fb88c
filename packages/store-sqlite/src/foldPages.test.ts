import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, chainedFieldsOf, createIndicatorProjections, encodeCheckpointState } from '@indicator-ledger/core';
import type { DistrictCode, FoldFields, StoredRecord } from '@indicator-ledger/core';
import { applyRecord, chainRecords, contractEvent, emptyDistrictProjection, sha256Hex } from '@indicator-ledger/core/testing';
import { openSqliteStore } from './sqliteStore.js';
import type { SqliteEventStore } from './sqliteStore.js';

const district = '130302' as DistrictCode;
const other = '130303' as DistrictCode;

const collect = async <T>(pages: AsyncIterable<readonly T[]>): Promise<{ items: T[]; pages: number }> => {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    expect(page.length).toBeGreaterThan(0);
    items.push(...page);
    count++;
  }
  return { items, pages: count };
};

const foldFieldsOf = (r: StoredRecord): FoldFields =>
  ({ position: r.position, eventId: r.eventId, type: r.type, effectiveDate: r.effectiveDate, recordedAt: r.recordedAt, data: r.data }) as FoldFields;

describe('readFoldPages: the fields a fold reads (the FoldPageReader capability)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let records: StoredRecord[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-fold-pages-'));
    store = await openSqliteStore({ path: join(dir, 'ledger.db'), pageSize: 7 });
    records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, Array.from({ length: 50 }, (_, i) => contractEvent(i + 1)));
    expect(E.isRight(await store.append(district, records, 0))).toBe(true);
    // Another stream beside it, whose rows must never leak into this one's pages.
    const others = chainRecords(other, { position: 0, hash: GENESIS_HASH }, Array.from({ length: 5 }, (_, i) => contractEvent(i + 1, 7)));
    expect(E.isRight(await store.append(other, others, 0))).toBe(true);
  });
  afterAll(async () => {
    await store?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('gives, for every range, the fields of the records readPages gives, in the same pages', async () => {
    for (const range of [{}, { from: 1 }, { from: 7, to: 7 }, { from: 8, to: 30 }, { from: 44 }, { to: 13 }, { from: 51 }, { from: 30, to: 29 }]) {
      const full = await collect(store.readPages(district, range));
      const fold = await collect(store.readFoldPages(district, range));
      expect(fold.items).toStrictEqual(full.items.map(foldFieldsOf));
      expect(fold.pages).toBe(full.pages);
    }
    expect((await collect(store.readFoldPages('999999' as DistrictCode))).items).toEqual([]);
  });

  it('folds to the same projection as the whole records', async () => {
    const p = emptyDistrictProjection(district);
    for await (const page of store.readFoldPages(district)) for (const f of page) applyRecord(p, f as unknown as StoredRecord);
    expect(encodeCheckpointState(p)).toBe(encodeCheckpointState(await createIndicatorProjections(store).rebuild(district)));
  });
});

describe('readChainPages: the stored bytes the hashes are over (the ChainPageReader capability)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let records: StoredRecord[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-chain-pages-'));
    store = await openSqliteStore({ path: join(dir, 'ledger.db'), pageSize: 7 });
    records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, Array.from({ length: 30 }, (_, i) => contractEvent(i + 1)));
    expect(E.isRight(await store.append(district, records, 0))).toBe(true);
  });
  afterAll(async () => {
    await store?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('gives each record\'s canonical chained text, which hashes to its hash as it is, and its data', async () => {
    for (const range of [{}, { from: 5, to: 19 }, { from: 30 }, { from: 31 }]) {
      const rows = (await collect(store.readChainPages(district, range))).items;
      const expected = (await collect(store.readPages(district, range))).items;
      expect(rows.map((r) => r.position)).toEqual(expected.map((r) => r.position));
      rows.forEach((row, i) => {
        const record = expected[i]!;
        expect(row.chained).toBe(canonicalJson(chainedFieldsOf(record)));
        expect(sha256Hex(row.chained)).toBe(record.hash);
        expect(row.hash).toBe(record.hash);
        expect(sha256Hex(canonicalJson(JSON.parse(row.data!)))).toBe(record.dataHash);
        expect(row.redacted).toBe(false);
      });
    }
  });
});
