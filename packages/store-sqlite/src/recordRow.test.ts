import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, recordToJson } from '@indicator-ledger/core';
import type { StoredRecord } from '@indicator-ledger/core';
import { chainRecords, contractEvent } from '@indicator-ledger/core/testing';
import { eventIdKey, recordOfRow, rowOfRecord } from './recordRow.js';

/** What version 1 read back: the record's JSON, parsed — keys in `recordToJson`'s order. */
const asVersion1ReadIt = (r: StoredRecord): unknown => JSON.parse(JSON.stringify(recordToJson(r)));
const roundTrip = (r: StoredRecord): StoredRecord => {
  const row = rowOfRecord(r);
  return recordOfRow(row.chained, row.data, row.hash, row.redacted);
};

describe('a record row of format version 2', () => {
  const [withoutSource, withSource] = chainRecords('130302' as never, { position: 0, hash: GENESIS_HASH }, [contractEvent(3), contractEvent(4)]);

  it('reads back as version 1 read it, keys in the same order, with and without source, redacted or not', () => {
    expect(withSource!.source).toBeDefined();
    for (const r of [withoutSource!, withSource!, { ...withSource!, data: { note: '[redacted]' }, redacted: true } as unknown as StoredRecord]) {
      const back = roundTrip(r);
      expect(back).toStrictEqual(asVersion1ReadIt(r));
      expect(Object.keys(back)).toEqual(Object.keys(asVersion1ReadIt(r) as object));
    }
  });

  it('keeps a record of an unusual shape (a field of another type, no data) as version 1 kept it', () => {
    for (const r of [{ ...withoutSource!, position: '7' }, { ...withoutSource!, data: undefined }] as unknown as StoredRecord[]) {
      expect(roundTrip(r)).toStrictEqual(asVersion1ReadIt(r));
    }
  });

  it('keys a canonical UUID by its 16 bytes and any other id by its text', () => {
    expect(eventIdKey('0123abcd-0000-4000-8000-00000000002a')).toEqual(Buffer.from('0123abcd000040008000 00000000002a'.replace(' ', ''), 'hex'));
    expect(eventIdKey('0123ABCD-0000-4000-8000-00000000002A')).toBe('0123ABCD-0000-4000-8000-00000000002A');
    expect(eventIdKey('not-a-uuid')).toBe('not-a-uuid');
  });
});
