import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chainedFieldsOf, recordToJson } from './record.js';
import type { StoredRecord } from './record.js';

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
