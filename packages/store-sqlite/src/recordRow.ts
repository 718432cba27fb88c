/**
 * How one `StoredRecord` is laid out in a row of file format version 2 (see `fileFormat.ts`), and back.
 * Pure functions: no SQLite here, so the layout can be tested and reasoned about on its own.
 *
 * @packageDocumentation
 */
import { canonicalJson, chainedFieldsOf, chainedFieldsText } from '@indicator-ledger/core';
import type { StoredRecord } from '@indicator-ledger/core';

/**
 * Positions of one stream live in `2^32` consecutive rowids: `rowid = streamId × 2^32 + position`, so a
 * stream's records are one contiguous run of the rowid b-tree in position order, an append writes at the
 * end of its run, and no second index on `(stream, position)` is needed. `2^21` stream ids × `2^32`
 * positions stay within JavaScript's safe integers (2^53).
 */
export const POSITIONS_PER_STREAM = 2 ** 32;

/** The largest stream id that keeps every rowid a safe integer. */
export const MAX_STREAM_ID = 2 ** 21 - 1;

/** The rowid of `position` in the stream with id `streamId`. */
export const rowIdOf = (streamId: number, position: number): number => streamId * POSITIONS_PER_STREAM + position;

/** The position a rowid holds. */
export const positionOfRowId = (rowId: number): number => rowId % POSITIONS_PER_STREAM;

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The key an event id is kept under in `event_ids`: a canonical (lower-case) UUID — what the ledger's
 * codec makes of every id, docs/spec.md §2 — as its 16 bytes; any other string as itself (TEXT). SQLite
 * never finds a BLOB equal to a TEXT, so the two kinds cannot collide, and an id that is not a canonical
 * UUID (a store may be handed one) is still recorded once, compared exactly as version 1 compared it.
 */
export const eventIdKey = (eventId: string): Buffer | string =>
  CANONICAL_UUID.test(eventId) ? Buffer.from(eventId.replaceAll('-', ''), 'hex') : eventId;

/**
 * The text of the chained fields as stored: exactly the bytes `hash` is the SHA-256 of (docs/spec.md §2,
 * `chainedFieldsText` of the core: canonical JSON, RFC 8785), so a verifier can hash the column as it is.
 * A record whose fields have no canonical form (a lone surrogate, which RFC 8785 refuses) cannot carry a
 * valid hash anyway; it is kept as plain JSON of the same fields, so that it still reads back as appended.
 */
export const chainedTextOf = (record: StoredRecord): string => {
  try {
    return chainedFieldsText(record);
  } catch {
    return JSON.stringify(chainedFieldsOf(record));
  }
};

/** Whether `chained` is the canonical text `hash` commits to (false only for the fallback above). */
export const isCanonicalChainedText = (chained: string): boolean => {
  try {
    return canonicalJson(JSON.parse(chained)) === chained;
  } catch {
    return false;
  }
};

/** The columns of a record's row besides its rowid. */
export interface RecordRow {
  readonly type: string;
  readonly effective_date: string;
  readonly recorded_at: string;
  readonly hash: string;
  readonly chained: string;
  /** `JSON.stringify(data)`, keys in the order the record was given; NULL only for a record without data. */
  readonly data: string | null;
  readonly redacted: 0 | 1;
}

/** The row of a record. `data` is kept as given (not canonicalised), so it reads back with its keys in order. */
export const rowOfRecord = (record: StoredRecord): RecordRow => ({
  type: record.type,
  effective_date: record.effectiveDate,
  recorded_at: record.recordedAt,
  hash: record.hash,
  chained: chainedTextOf(record),
  data: record.data === undefined ? null : JSON.stringify(record.data),
  redacted: record.redacted === true ? 1 : 0,
});

// The key order `recordToJson` writes and version 1 read back; kept so a record reads back identically.
// (`chainedFieldsOf` adds `source`, when there is one, after `prevHash`.)
const ENVELOPE_KEYS = ['position', 'eventId', 'type', 'district', 'effectiveDate', 'recordedAt', 'actor', 'schemaVersion', 'dataHash', 'prevHash', 'source'] as const;

/** The record a row holds: the chained fields in `recordToJson`'s order, then `data`, `hash` and the redaction mark. */
export const recordOfRow = (chained: string, data: string | null, hash: string, redacted: number): StoredRecord => {
  const fields = JSON.parse(chained) as Record<string, unknown>;
  const { position, eventId, type, district, effectiveDate, recordedAt, actor, source, schemaVersion, dataHash, prevHash } = fields;
  // The shape every record has: one object literal (V8 builds it with one hidden class) instead of a
  // key-by-key copy, ~14% less CPU per record read. Parsed JSON holds no `undefined`, so `!== undefined` is
  // "present"; `Object.keys` guards against any field beyond the eleven, which take the general path.
  if (
    position !== undefined && eventId !== undefined && type !== undefined && district !== undefined && effectiveDate !== undefined &&
    recordedAt !== undefined && actor !== undefined && schemaVersion !== undefined && dataHash !== undefined && prevHash !== undefined &&
    data !== null && Object.keys(fields).length === (source === undefined ? 10 : 11)
  ) {
    const base =
      source === undefined
        ? { position, eventId, type, district, effectiveDate, recordedAt, actor, schemaVersion, dataHash, prevHash, data: JSON.parse(data), hash }
        : { position, eventId, type, district, effectiveDate, recordedAt, actor, schemaVersion, dataHash, prevHash, source, data: JSON.parse(data), hash };
    return (redacted === 1 ? { ...base, redacted: true } : base) as StoredRecord;
  }
  const record: Record<string, unknown> = {};
  for (const key of ENVELOPE_KEYS) if (Object.hasOwn(fields, key)) record[key] = fields[key];
  if (data !== null) record.data = JSON.parse(data);
  record.hash = hash;
  if (redacted === 1) record.redacted = true;
  return record as StoredRecord;
};
