import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, chainRecords, chainedFieldsOf, chainedRecord, dataHashOf, recordToJson } from './record.js';
import type { RecordContent, StoredRecord } from './record.js';

/** recordToJson as it was first written (rest + spread), kept here as the reference for its output. */
const referenceRecordToJson = (record: StoredRecord): Record<string, unknown> => {
  const { data, hash, redacted, ...rest } = record;
  const json: Record<string, unknown> = { ...chainedFieldsOf(rest as StoredRecord), data, hash };
  if (redacted === true) json.redacted = true;
  return json;
};

const field = fc.oneof(fc.string(), fc.integer(), fc.constant(undefined), fc.constant(null));

describe('recordToJson', () => {
  it('gives the same keys in the same order, and the same JSON text, as the reference', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            position: fc.integer({ min: 1 }),
            eventId: fc.uuid(),
            type: fc.constantFrom('FundsAllocated', 'PatentGranted'),
            district: fc.constant('130302'),
            effectiveDate: fc.constant('2021-03-01'),
            recordedAt: fc.constant('2021-03-02T00:00:00.000Z'),
            actor: fc.record({ unit: fc.string(), user: fc.string() }),
            source: fc.string(),
            schemaVersion: fc.constant(1),
            data: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.constant(undefined)),
            dataHash: fc.string(),
            prevHash: fc.string(),
            hash: fc.string(),
            redacted: fc.oneof(fc.constant(true), field),
            extra: field,
          },
          { requiredKeys: ['position', 'eventId', 'type', 'district', 'effectiveDate', 'recordedAt', 'actor', 'schemaVersion', 'dataHash', 'prevHash', 'hash'] },
        ),
        (r) => {
          const record = r as unknown as StoredRecord;
          const expected = referenceRecordToJson(record);
          const actual = recordToJson(record);
          expect(Object.keys(actual)).toEqual(Object.keys(expected));
          expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('chainRecords', () => {
  it('chains contents exactly as the ledger records them: positions, both hashes, key order', async () => {
    const { createLedger } = await import('../ledger/ledger.js');
    const { createMemoryStore } = await import('../store/memoryStore.js');
    const { SMALL_PLAN } = await import('../testing/projectionSupport.js');
    const store = createMemoryStore();
    const appended = await createLedger({ store }).append(SMALL_PLAN[0].district, SMALL_PLAN);
    expect(E.isRight(appended)).toBe(true);
    const recorded: StoredRecord[] = [];
    for await (const r of store.read(SMALL_PLAN[0].district)) recorded.push(r);
    const chained = chainRecords({ position: 0, hash: GENESIS_HASH }, recorded);
    expect(chained).toStrictEqual(recorded);
    expect(chained.map((r) => Object.keys(r))).toEqual(recorded.map((r) => Object.keys(r)));
    // Continuing after a record links to it.
    const [, second, third] = chainRecords({ position: 0, hash: GENESIS_HASH }, recorded);
    expect(chainRecords({ position: 2, hash: second!.hash }, [recorded[2]!])).toStrictEqual([third]);
  });

  it('keeps the dataHash and the mark of a redacted record, whose data no longer matches its digest', () => {
    const content = {
      eventId: '00000000-0000-4000-8000-000000000001',
      type: 'CommissionerDispatched',
      district: '130302',
      effectiveDate: '2021-04-01',
      recordedAt: '2021-04-02T00:00:00.000Z',
      actor: { unit: 'human-resources', user: 'chen.jie' },
      schemaVersion: 1,
      data: { commissionerId: 'TP-001', name: '[redacted]' },
    } as unknown as RecordContent;
    const original = chainedRecord({ ...content, data: { commissionerId: 'TP-001', name: '欧阳翠花' } } as RecordContent, 1, GENESIS_HASH);
    const redacted = chainedRecord({ ...content, dataHash: original.dataHash, redacted: true } as RecordContent, 1, GENESIS_HASH);
    expect(redacted).toStrictEqual({ ...original, data: content.data, redacted: true });
    expect(chainedRecord({ ...content, dataHash: original.dataHash } as RecordContent, 1, GENESIS_HASH).dataHash).toBe(dataHashOf(content.data));
  });
});
