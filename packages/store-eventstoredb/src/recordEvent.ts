/**
 * How a stored record (docs/spec.md §2–3) is written as an EventStoreDB event, and read back.
 *
 * - **event id** — the record's `eventId` (a UUID, as the server requires), so the server's own
 *   best-effort deduplication works on the same ids as the ledger's check;
 * - **event type** — the record's `type` (`EnterpriseRecognized`, …), so the server's UI, filters and
 *   projections see the domain's names;
 * - **data** — the record's JSON exactly as `recordToJson` gives it (envelope, `data`, hashes, and the
 *   `redacted` mark where present): the same object every store and every audit bundle writes,
 *   readable without the metadata;
 * - **metadata** — {@link RecordMetadata}: the format tag, the position and the chain fields
 *   (`recordedAt`, `dataHash`, `prevHash`, `hash`), so an operator or a server-side projection can
 *   follow the hash chain and the bitemporal order without parsing payloads.
 *
 * Reading checks that data, metadata and the event agree (type, id, district, and position = revision
 * + 1) and refuses anything else with an {@link UnreadableEventError}: an event in a ledger stream that
 * the ledger did not write is a fault to surface, never a record to fold.
 *
 * @packageDocumentation
 */
import { isEventType, recordToJson } from '@indicator-ledger/core';
import type { DistrictCode, StoredRecord } from '@indicator-ledger/core';
import { positionOfRevision } from './revision.js';
import type { EventToAppend, StreamEvent } from './streamClient.js';

/** The format tag in every record event's metadata; a later layout gets a new tag. */
export const RECORD_METADATA_FORMAT = 'indicator-ledger/record@1';

/** A record event's metadata. */
export interface RecordMetadata {
  readonly format: typeof RECORD_METADATA_FORMAT;
  readonly position: number;
  readonly recordedAt: string;
  readonly dataHash: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** An event in a ledger stream that does not read as a record the ledger wrote. */
export class UnreadableEventError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    readonly reason: string,
  ) {
    super(`event ${revision} of stream ${stream} is not a ledger record: ${reason}`);
    this.name = 'UnreadableEventError';
  }
}

/** The metadata written with `record`. */
export const recordMetadataOf = (record: StoredRecord): RecordMetadata => ({
  format: RECORD_METADATA_FORMAT,
  position: record.position,
  recordedAt: record.recordedAt,
  dataHash: record.dataHash,
  prevHash: record.prevHash,
  hash: record.hash,
});

/** The event a record is written as. */
export const eventOfRecord = (record: StoredRecord): EventToAppend => ({
  id: record.eventId,
  type: record.type,
  data: recordToJson(record),
  metadata: { ...recordMetadataOf(record) },
});

type Field = 'string' | 'number' | 'boolean' | 'object';

/** The fields of a record's JSON (`recordToJson`) and their JSON types; `source` and `redacted` may be absent. */
const RECORD_FIELDS: Readonly<Record<string, Field>> = {
  position: 'number',
  eventId: 'string',
  type: 'string',
  district: 'string',
  effectiveDate: 'string',
  recordedAt: 'string',
  actor: 'object',
  source: 'string',
  schemaVersion: 'number',
  dataHash: 'string',
  prevHash: 'string',
  data: 'object',
  hash: 'string',
  redacted: 'boolean',
};

const METADATA_FIELDS: Readonly<Record<string, Field>> = {
  format: 'string',
  position: 'number',
  recordedAt: 'string',
  dataHash: 'string',
  prevHash: 'string',
  hash: 'string',
};

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** The fields of `u` that are missing or of the wrong JSON type, and those it has beyond `fields`. */
const shapeProblems = (u: unknown, fields: Readonly<Record<string, Field>>, optional: readonly string[]): string[] => {
  if (!isObject(u)) return ['(not a JSON object)'];
  const problems: string[] = [];
  for (const [key, type] of Object.entries(fields)) {
    const value = u[key];
    if (value === undefined && optional.includes(key)) continue;
    if (type === 'object' ? !isObject(value) : typeof value !== type) problems.push(key);
  }
  for (const key of Object.keys(u)) if (!(key in fields)) problems.push(`${key} (unknown)`);
  return problems;
};

type RecordJson = {
  position: number;
  eventId: string;
  type: string;
  district: string;
  effectiveDate: string;
  recordedAt: string;
  actor: { unit: string; user: string };
  source?: string;
  schemaVersion: number;
  dataHash: string;
  prevHash: string;
  data: Record<string, unknown>;
  hash: string;
  redacted?: boolean;
};

/**
 * The record an event of `district`'s stream holds. Throws {@link UnreadableEventError} when the event
 * is not one {@link eventOfRecord} wrote for that district at that revision.
 */
export const recordOfEvent = (event: StreamEvent, district: DistrictCode): StoredRecord => {
  const refuse = (reason: string): never => {
    throw new UnreadableEventError(event.stream, event.revision, reason);
  };
  const dataProblems = shapeProblems(event.data, RECORD_FIELDS, ['source', 'redacted']);
  const actorProblems = isObject(event.data) ? shapeProblems(event.data.actor, { unit: 'string', user: 'string' }, []) : [];
  if (dataProblems.length > 0 || actorProblems.length > 0) {
    refuse(`its data is not a record's JSON (fields: ${[...dataProblems, ...actorProblems.map((p) => `actor.${p}`)].join(', ')})`);
  }
  const metadataProblems = shapeProblems(event.metadata, METADATA_FIELDS, []);
  if (metadataProblems.length > 0) refuse(`its metadata is not a record's metadata (fields: ${metadataProblems.join(', ')})`);
  const r = event.data as RecordJson;
  const m = event.metadata as RecordMetadata;
  if (m.format !== RECORD_METADATA_FORMAT) refuse(`its metadata format is ${m.format}, not ${RECORD_METADATA_FORMAT}`);
  if (r.schemaVersion !== 1) refuse(`its schema version is ${r.schemaVersion}, not 1`);
  if (r.redacted === false) refuse('it is marked redacted: false, which a record never carries (the mark is present and true, or absent)');
  const position = positionOfRevision(event.revision);
  if (r.position !== position || m.position !== position) {
    refuse(`it sits at position ${position} but says ${r.position} in data and ${m.position} in metadata`);
  }
  if (!isEventType(r.type) || event.type !== r.type) refuse(`its event type ${event.type} and data type ${r.type} are not one ledger event type`);
  if (event.id.toLowerCase() !== r.eventId) refuse(`its event id ${event.id} differs from the record's ${r.eventId}`);
  if (r.district !== district) refuse(`it records district ${r.district} in the stream of ${district}`);
  if (m.recordedAt !== r.recordedAt || m.dataHash !== r.dataHash || m.prevHash !== r.prevHash || m.hash !== r.hash) {
    refuse('its metadata and data disagree on recordedAt or the hashes');
  }
  return {
    position,
    eventId: r.eventId,
    type: r.type,
    district,
    effectiveDate: r.effectiveDate,
    recordedAt: r.recordedAt,
    actor: { unit: r.actor.unit, user: r.actor.user },
    ...(r.source !== undefined ? { source: r.source } : {}),
    schemaVersion: r.schemaVersion,
    dataHash: r.dataHash,
    prevHash: r.prevHash,
    data: r.data,
    hash: r.hash,
    ...(r.redacted === true ? { redacted: true } : {}),
  } as StoredRecord;
};
