import { sha256Hex as sha256HexOfText } from '../tlog/crypto.js';
import { canonicalJson, canonicalStringText } from './canonicalJson.js';
import type { EventData, EventType } from '../events/catalog.js';
import type { Actor } from '../events/envelope.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';

/** A SHA-256 digest as 64 lower-case hex digits. */
export type Sha256Hex = string & { readonly __brand: 'Sha256Hex' };

/** `prevHash` of the record at position 1. */
export const GENESIS_HASH = '0'.repeat(64) as Sha256Hex;

/**
 * An event as the ledger stores it: the normalised envelope, its 1-based `position` in the district
 * stream, and the hash chain. `dataHash` commits to `data`; `hash` commits to everything else and to
 * `dataHash` and `prevHash`, so a payload can later be redacted without breaking the chain.
 */
export type StoredRecord<T extends EventType = EventType> = {
  [K in T]: {
    readonly position: number;
    readonly eventId: EventId;
    readonly type: K;
    readonly district: DistrictCode;
    readonly effectiveDate: CivilDate;
    readonly recordedAt: Instant;
    /** Who recorded it, as the embedding system asserted — not authenticated by the ledger (see `Actor`). */
    readonly actor: Actor;
    readonly source?: string;
    readonly schemaVersion: 1;
    readonly data: EventData[K];
    readonly dataHash: Sha256Hex;
    readonly prevHash: Sha256Hex;
    readonly hash: Sha256Hex;
    /**
     * Present (and `true`) only once personal names in `data` have been replaced by a marker (see the audit
     * module's redaction). Outside the chain: `hash` commits to `dataHash`, which keeps the original's digest.
     */
    readonly redacted?: true;
  };
}[T];

export { canonicalJson, referenceCanonicalJson } from './canonicalJson.js';

/** SHA-256 of a UTF-8 string, as hex (the core's one SHA-256, in `tlog/crypto.ts`). */
export const sha256Hex = (text: string): Sha256Hex => sha256HexOfText(text) as Sha256Hex;

/** `dataHash`: SHA-256 of the canonical JSON of `data`. */
export const dataHashOf = (data: unknown): Sha256Hex => sha256Hex(canonicalJson(data));

/**
 * The fields `hash` commits to: the record without `data`, `hash` and the `redacted` mark, with `prevHash`.
 * Built field by field, so nothing else a record carries can slip into the chain.
 */
export const chainedFieldsOf = (record: Omit<StoredRecord, 'data' | 'hash'> | StoredRecord): Record<string, unknown> => {
  const fields: Record<string, unknown> = {
    position: record.position,
    eventId: record.eventId,
    type: record.type,
    district: record.district,
    effectiveDate: record.effectiveDate,
    recordedAt: record.recordedAt,
    actor: { unit: record.actor.unit, user: record.actor.user },
    schemaVersion: record.schemaVersion,
    dataHash: record.dataHash,
    prevHash: record.prevHash,
  };
  if (record.source !== undefined) fields.source = record.source;
  return fields;
};

const canonicalNumberText = (value: unknown): string | undefined => (typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);

/**
 * The canonical JSON of {@link chainedFieldsOf}, written straight from the record for the shape every
 * record has: RFC 8785 orders the keys by UTF-16 code units (actor{unit,user}, dataHash, district,
 * effectiveDate, eventId, position, prevHash, recordedAt, schemaVersion, source, type), strings and finite
 * numbers are written as `canonicalJson` writes them. A record with any field of another type (which a
 * verifier may be handed) takes the general path, so the text is always `canonicalJson(chainedFieldsOf(r))`
 * (`canonicalJson.test.ts` checks both on random records). O(record size), no intermediate object.
 */
export const chainedFieldsText = (record: Omit<StoredRecord, 'data' | 'hash'> | StoredRecord): string => {
  const known = CHAINED_TEXTS.get(record);
  return known !== undefined && hasFieldsOf(record, known) ? known.text : chainedFieldsTextOf(record);
};

type ChainedFields = Omit<StoredRecord, 'data' | 'hash' | 'redacted'>;

/** The chained fields a record had when its text was written, and that text. */
interface KnownText extends Omit<ChainedFields, 'actor'> {
  readonly unit: string;
  readonly user: string;
  readonly text: string;
}

/**
 * The chained text of each record {@link chainedRecord} made, which hashed it: a store that writes the text
 * (SQLite's `chained` column) takes it from here instead of writing it again. The fields are kept beside it
 * and compared on every use, so a record changed since gets its text written anew; weakly, so a record
 * nobody holds any more is not kept alive by it.
 */
const CHAINED_TEXTS = new WeakMap<object, KnownText>();

const hasFieldsOf = (r: ChainedFields, k: KnownText): boolean =>
  r.position === k.position && r.eventId === k.eventId && r.type === k.type && r.district === k.district &&
  r.effectiveDate === k.effectiveDate && r.recordedAt === k.recordedAt && r.actor?.unit === k.unit && r.actor?.user === k.user &&
  r.source === k.source && r.schemaVersion === k.schemaVersion && r.dataHash === k.dataHash && r.prevHash === k.prevHash;

const chainedFieldsTextOf = (record: Omit<StoredRecord, 'data' | 'hash'> | StoredRecord): string => {
  const actor = record.actor as Partial<Actor> | null | undefined;
  const unit = canonicalStringText(actor?.unit);
  const user = canonicalStringText(actor?.user);
  const dataHash = canonicalStringText(record.dataHash);
  const district = canonicalStringText(record.district);
  const effectiveDate = canonicalStringText(record.effectiveDate);
  const eventId = canonicalStringText(record.eventId);
  const position = canonicalNumberText(record.position);
  const prevHash = canonicalStringText(record.prevHash);
  const recordedAt = canonicalStringText(record.recordedAt);
  const schemaVersion = canonicalNumberText(record.schemaVersion);
  const source = record.source === undefined ? '' : canonicalStringText(record.source);
  const type = canonicalStringText(record.type);
  if (
    unit === undefined || user === undefined || dataHash === undefined || district === undefined || effectiveDate === undefined ||
    eventId === undefined || position === undefined || prevHash === undefined || recordedAt === undefined ||
    schemaVersion === undefined || source === undefined || type === undefined
  ) {
    return canonicalJson(chainedFieldsOf(record));
  }
  return (
    `{"actor":{"unit":${unit},"user":${user}},"dataHash":${dataHash},"district":${district},"effectiveDate":${effectiveDate},` +
    `"eventId":${eventId},"position":${position},"prevHash":${prevHash},"recordedAt":${recordedAt},"schemaVersion":${schemaVersion}` +
    `${source === '' ? '' : `,"source":${source}`},"type":${type}}`
  );
};

/** `hash`: SHA-256 of the canonical JSON of {@link chainedFieldsOf}. */
export const recordHashOf = (record: Omit<StoredRecord, 'data' | 'hash'> | StoredRecord): Sha256Hex => sha256Hex(chainedFieldsText(record));

/**
 * The plain JSON object of a record, with keys in a fixed order, as stores and bundles write it;
 * `redacted: true` comes last, and only on a redacted record.
 */
export const recordToJson = (record: StoredRecord): Record<string, unknown> => {
  // Built field by field in chainedFieldsOf's order, then data and hash: every store writes each record
  // through this, and object rest/spread copies cost several times the whole JSON.stringify.
  const json = chainedFieldsOf(record);
  json.data = record.data;
  json.hash = record.hash;
  if (record.redacted === true) json.redacted = true;
  return json;
};

/** The end of a chain a record is linked after: its position and hash (position 0 and {@link GENESIS_HASH} for an empty stream). */
export interface ChainLink {
  readonly position: number;
  readonly hash: Sha256Hex;
}

/**
 * A record before it takes its place in a chain: the envelope and `data`. The chain gives it its position,
 * `prevHash` and `hash`. `dataHash` is computed from `data`, except for a record already redacted, which
 * keeps the `dataHash` it brings: the digest of the original data, which the chain commits to.
 */
export type RecordContent = {
  [K in StoredRecord['type']]: Omit<StoredRecord<K>, 'position' | 'dataHash' | 'prevHash' | 'hash'> & { readonly dataHash?: Sha256Hex };
}[StoredRecord['type']];

/**
 * The record `content` becomes at `position`, after the record whose hash is `prevHash`: both hashes
 * computed as docs/architecture.md ("Rules → record") describes and docs/spec.md §8.3 relies on, the fields in the
 * stored key order (position, eventId, type, district, effectiveDate, recordedAt, actor, source when given,
 * schemaVersion, dataHash, prevHash, data, hash, redacted when set). Pure; the one place a record is hashed
 * into a chain.
 */
export const chainedRecord = (content: RecordContent, position: number, prevHash: Sha256Hex): StoredRecord => {
  const redacted = content.redacted === true;
  const dataHash = redacted && content.dataHash !== undefined ? content.dataHash : dataHashOf(content.data);
  const actor = { unit: content.actor.unit, user: content.actor.user };
  // One object literal per shape rather than spreads: every store serialises these objects, and objects built
  // by spreading are slower to read.
  const record: { -readonly [K in keyof StoredRecord]: StoredRecord[K] } = (
    content.source !== undefined
      ? { position, eventId: content.eventId, type: content.type, district: content.district, effectiveDate: content.effectiveDate, recordedAt: content.recordedAt, actor, source: content.source, schemaVersion: content.schemaVersion, dataHash, prevHash, data: content.data, hash: '' }
      : { position, eventId: content.eventId, type: content.type, district: content.district, effectiveDate: content.effectiveDate, recordedAt: content.recordedAt, actor, schemaVersion: content.schemaVersion, dataHash, prevHash, data: content.data, hash: '' }
  ) as { -readonly [K in keyof StoredRecord]: StoredRecord[K] };
  const text = chainedFieldsTextOf(record);
  record.hash = sha256Hex(text);
  if (redacted) record.redacted = true;
  const { eventId, type, district, effectiveDate, recordedAt, source, schemaVersion } = record;
  CHAINED_TEXTS.set(record, { position, eventId, type, district, effectiveDate, recordedAt, unit: actor.unit, user: actor.user, source, schemaVersion, dataHash, prevHash, text });
  return record as StoredRecord;
};

/**
 * `contents` chained after `prev`: positions `prev.position + 1, …`, the first `prevHash` `prev.hash`, each
 * next one the previous record's `hash` ({@link chainedRecord} for each). Pure.
 */
export const chainRecords = (prev: ChainLink, contents: readonly RecordContent[]): StoredRecord[] => {
  let prevHash = prev.hash;
  return contents.map((content, i) => {
    const record = chainedRecord(content, prev.position + 1 + i, prevHash);
    prevHash = record.hash;
    return record;
  });
};
