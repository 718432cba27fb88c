import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, recordToJson } from '@indicator-ledger/core';
import type { DistrictCode, StoredRecord } from '@indicator-ledger/core';
import { UNICODE_SAMPLES, chainRecords, contractEvent } from '@indicator-ledger/core/testing';
import type { ContractEvent } from '@indicator-ledger/core/testing';
import { RECORD_METADATA_FORMAT, UnreadableEventError, eventOfRecord, recordOfEvent } from './recordEvent.js';
import { revisionOfPosition } from './revision.js';
import type { StreamEvent } from './streamClient.js';

const district = '130302' as DistrictCode;
const stream = 'indicator-ledger-130302';

const recordsOf = (events: readonly ContractEvent[]): StoredRecord[] => chainRecords(district, { position: 0, hash: GENESIS_HASH }, events);

/** The event as the server gives it back: data and metadata through JSON text, revision from the position. */
const asRead = (record: StoredRecord, changes: Partial<StreamEvent> = {}): StreamEvent => {
  const written = eventOfRecord(record);
  return {
    stream,
    revision: revisionOfPosition(record.position),
    id: written.id,
    type: written.type,
    data: JSON.parse(JSON.stringify(written.data)) as unknown,
    metadata: JSON.parse(JSON.stringify(written.metadata)) as unknown,
    ...changes,
  };
};

const withData = (record: StoredRecord, change: (data: Record<string, unknown>) => void): StreamEvent => {
  const event = asRead(record);
  change(event.data as Record<string, unknown>);
  return event;
};

const withMetadata = (record: StoredRecord, change: (metadata: Record<string, unknown>) => void): StreamEvent => {
  const event = asRead(record);
  change(event.metadata as Record<string, unknown>);
  return event;
};

describe('a record written as an event', () => {
  const [record] = recordsOf([contractEvent(1)]);

  it('uses the record event id as the event id and the record type as the event type', () => {
    const event = eventOfRecord(record!);
    expect(event.id).toBe(record!.eventId);
    expect(event.type).toBe('FundsAllocated');
  });

  it("carries the record's JSON, exactly as recordToJson gives it, as data", () => {
    expect(eventOfRecord(record!).data).toStrictEqual(recordToJson(record!));
    expect(JSON.stringify(eventOfRecord(record!).data)).toBe(JSON.stringify(recordToJson(record!)));
  });

  it('carries the format, position and chain fields as metadata', () => {
    expect(eventOfRecord(record!).metadata).toStrictEqual({
      format: RECORD_METADATA_FORMAT,
      position: 1,
      recordedAt: record!.recordedAt,
      dataHash: record!.dataHash,
      prevHash: GENESIS_HASH,
      hash: record!.hash,
    });
  });
});

describe('an event read back as a record', () => {
  it('is deep-equal to the record written, with and without a source', () => {
    const records = recordsOf([contractEvent(0), contractEvent(1), contractEvent(2)]);
    expect(records[0]!.source).toBeUndefined();
    expect(records[1]!.source).toBeDefined();
    for (const r of records) expect(recordOfEvent(asRead(r), district)).toStrictEqual(r);
  });

  it('keeps the redaction mark where the record has one', () => {
    const [record] = recordsOf([contractEvent(0)]);
    const redacted = { ...record!, data: { ...record!.data, title: '[redacted]' }, redacted: true as const } as StoredRecord;
    expect(recordOfEvent(asRead(redacted), district)).toStrictEqual(redacted);
  });

  it('round-trips unicode and numbers through JSON text byte for byte', () => {
    const records = recordsOf(
      UNICODE_SAMPLES.map((text, i) => ({
        ...contractEvent(3 * i),
        actor: { unit: 'development-reform', user: text },
        source: text,
        data: { projectId: `P-${i}`, title: text, level: 'national' },
      })),
    );
    for (const r of records) expect(recordOfEvent(asRead(r), district)).toStrictEqual(r);
  });

  it('is deep-equal to the record written, for any text and numbers the record holds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            n: fc.nat({ max: 10_000 }),
            text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
            source: fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), { nil: undefined }),
            value: fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (rows) => {
          const events = rows.map(({ n, text, source, value }, i): ContractEvent => {
            const { source: _ignored, ...base } = contractEvent(n, i);
            return {
              ...base,
              eventId: contractEvent(i, n).eventId,
              actor: { unit: 'statistics', user: text },
              ...(source !== undefined ? { source } : {}),
              data: { statistic: 'resident-population', year: 2020, value: Object.is(value, -0) ? 0 : value, status: 'final' },
            };
          });
          const records = recordsOf(events);
          for (const r of records) expect(recordOfEvent(asRead(r), district)).toStrictEqual(r);
        },
      ),
    );
  });
});

describe('an event that is not a ledger record', () => {
  const [record] = recordsOf([contractEvent(2)]);
  const r = record!;
  const refused = (event: StreamEvent, reason: RegExp): void => {
    expect(() => recordOfEvent(event, district)).toThrow(UnreadableEventError);
    expect(() => recordOfEvent(event, district)).toThrow(reason);
  };

  it('is refused when it sits at another revision than its position says', () => {
    refused(asRead(r, { revision: 1n }), /position 2 but says 1/);
  });

  it('is refused when event type and record type differ, or the type is not a ledger type', () => {
    refused(asRead(r, { type: 'ProjectApproved' }), /event type/);
    refused(
      withData(r, (d) => {
        d.type = 'SomethingElse';
      }),
      /event type/,
    );
  });

  it('is refused when the event id is not the record event id', () => {
    refused(asRead(r, { id: '11111111-1111-4111-8111-111111111111' }), /event id/);
  });

  it('accepts the event id in upper case, as some tools print UUIDs', () => {
    expect(recordOfEvent(asRead(r, { id: r.eventId.toUpperCase() }), district)).toStrictEqual(r);
  });

  it('is refused in the stream of another district', () => {
    expect(() => recordOfEvent(asRead(r), '110105' as DistrictCode)).toThrow(/district 130302 in the stream of 110105/);
  });

  it('is refused when metadata and data disagree on a chain field', () => {
    for (const key of ['recordedAt', 'dataHash', 'prevHash', 'hash']) {
      refused(
        withMetadata(r, (m) => {
          m[key] = 'f'.repeat(64);
        }),
        /disagree/,
      );
    }
    refused(
      withMetadata(r, (m) => {
        m.position = 9;
      }),
      /in metadata/,
    );
  });

  it('is refused when data lacks a field, mistypes one or has one too many', () => {
    refused(
      withData(r, (d) => {
        delete d.hash;
      }),
      /fields: hash/,
    );
    refused(
      withData(r, (d) => {
        d.position = '1';
      }),
      /fields: position/,
    );
    refused(
      withData(r, (d) => {
        d.extra = 1;
      }),
      /extra \(unknown\)/,
    );
    refused(
      withData(r, (d) => {
        (d.actor as Record<string, unknown>).role = 'x';
      }),
      /actor\.role/,
    );
    refused(
      withData(r, (d) => {
        d.schemaVersion = 2;
      }),
      /schema version/,
    );
    refused(
      withData(r, (d) => {
        d.redacted = false;
      }),
      /redacted: false/,
    );
  });

  it('is refused when its metadata is missing, of another format or not JSON', () => {
    refused(asRead(r, { metadata: undefined }), /metadata/);
    refused(
      withMetadata(r, (m) => {
        m.format = 'someone-else@1';
      }),
      /format/,
    );
    refused(asRead(r, { metadata: new Uint8Array([1, 2, 3]) }), /metadata/);
  });

  it('is refused when its data is binary or not an object', () => {
    refused(asRead(r, { data: new Uint8Array([123, 125]) }), /data/);
    refused(asRead(r, { data: 'text' }), /data/);
    refused(asRead(r, { data: [recordToJson(r)] }), /data/);
  });

  it('names stream and revision in the error', () => {
    try {
      recordOfEvent(asRead(r, { revision: 7n }), district);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnreadableEventError);
      expect((error as UnreadableEventError).stream).toBe(stream);
      expect((error as UnreadableEventError).revision).toBe(7n);
    }
  });
});
