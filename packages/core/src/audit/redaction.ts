/**
 * Redaction of personal names in a record's `data`, and the redaction log that accounts for it.
 *
 * The chain commits to `dataHash`, not to `data` (docs/spec.md §2's hash chain as `record/record.ts` builds it), so
 * names can be replaced by {@link REDACTION_MARKER} while every `hash`, every Merkle leaf and every signed
 * checkpoint stays valid. What the chain can no longer vouch for — the redacted `data` itself — the
 * redaction log vouches for instead: one {@link RedactionEntry} per redaction, tied to the record's `hash`,
 * giving the digest of the data as it now reads, the reason and the actor. A verifier accepts data that
 * does not match `dataHash` only on a record marked `redacted: true` that an entry accounts for exactly.
 *
 * docs/spec.md §4's catalog has no redaction event and this module adds none: a redaction is not a fact about the
 * district and must not move any figure, so it is logged beside the stream, not in it (see docs/audit.md).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventType } from '../events/catalog.js';
import { tableOf } from '../families/registry.js';
import type { Actor } from '../events/envelope.js';
import type { EventId } from '../ids/identifiers.js';
import { canonicalJson, dataHashOf, type Sha256Hex, type StoredRecord } from '../record/record.js';
import type { Instant } from '../time/instant.js';
import { isSha256Hex } from './recordLeaf.js';
import { openNote, signNote, type NoteSigner, type NoteVerifier } from '../tlog/signedNote.js';
import { reject, type Rejection } from '../tlog/verification.js';

/** What a redacted field reads afterwards. A valid docs/spec.md §3 name (non-empty, ≤ 200 characters), so the data still decodes. */
export const REDACTION_MARKER = '[redacted]';

/**
 * The `data` fields that may hold a person's name, by event type: a commissioner's name (always a person),
 * and a fund recipient or patent holder, which are persons only sometimes — the caller decides those.
 */
export const REDACTABLE_FIELDS: { readonly [K in EventType]?: readonly string[] } = tableOf((d) => (d.redactableFields.length > 0 ? d.redactableFields : undefined));

/** Fields redacted when the caller names none: only those that always hold a person's name. */
export const DEFAULT_REDACTED_FIELDS: { readonly [K in EventType]?: readonly string[] } = {
  CommissionerDispatched: ['name'],
};

/**
 * `record` with the given `data` fields replaced by {@link REDACTION_MARKER} and marked `redacted: true`;
 * every other field, `dataHash` and `hash` included, is unchanged. Throws `RangeError` for no fields, for a
 * field {@link REDACTABLE_FIELDS} does not list for the record's type, or for one its data lacks.
 */
export const redactRecord = (record: StoredRecord, fields: readonly string[] = DEFAULT_REDACTED_FIELDS[record.type] ?? []): StoredRecord => {
  if (fields.length === 0) throw new RangeError(`name the fields to redact; ${record.type} has no default`);
  const allowed = REDACTABLE_FIELDS[record.type] ?? [];
  const data: Record<string, unknown> = { ...(record.data as Record<string, unknown>) };
  for (const field of fields) {
    if (!allowed.includes(field)) throw new RangeError(`${record.type}.data.${field} is not a field that may hold a personal name (${allowed.join(', ') || 'none'})`);
    if (!(field in data)) throw new RangeError(`record ${record.position} has no data.${field} to redact`);
    data[field] = REDACTION_MARKER;
  }
  return { ...record, data, redacted: true } as StoredRecord;
};

/** One redaction as the log keeps it: which record, what its data now hashes to, why, by whom, when. */
export interface RedactionEntry {
  readonly position: number;
  readonly eventId: EventId;
  /** The record's `hash`, tying the entry to one record of the chain. */
  readonly hash: Sha256Hex;
  /** The record's `dataHash`: the digest of the data before redaction, which the chain keeps. */
  readonly dataHash: Sha256Hex;
  /** `dataHashOf` the data as redacted. */
  readonly redactedDataHash: Sha256Hex;
  readonly fields: readonly string[];
  readonly reason: string;
  readonly actor: Actor;
  readonly redactedAt: Instant;
}

/** The entry accounting for redacting `original` into `redacted`. */
export const redactionEntryOf = (
  original: StoredRecord,
  redacted: StoredRecord,
  fields: readonly string[],
  reason: string,
  actor: Actor,
  redactedAt: Instant,
): RedactionEntry => ({
  position: original.position,
  eventId: original.eventId,
  hash: original.hash,
  dataHash: original.dataHash,
  redactedDataHash: dataHashOf(redacted.data),
  fields: [...fields],
  reason,
  actor: { unit: actor.unit, user: actor.user },
  redactedAt,
});

/** The latest entry for each position: a record redacted twice must read as the second redaction left it. */
export const redactionsByPosition = (entries: readonly RedactionEntry[]): ReadonlyMap<number, RedactionEntry> =>
  new Map(entries.map((entry) => [entry.position, entry]));

/**
 * Why the data of a record marked redacted is not accounted for, or `undefined` when `entry` (the latest
 * redaction of its position) names this very record and the data hashes to what the redaction left.
 */
export const redactedDataProblem = (record: StoredRecord, entry: RedactionEntry | undefined): string | undefined => {
  if (entry === undefined) return `the record is marked redacted, but no redaction of position ${record.position} is logged`;
  if (entry.hash !== record.hash || entry.dataHash !== record.dataHash || entry.eventId !== record.eventId) {
    return `the redaction logged for position ${record.position} names another record`;
  }
  const data = record.data as Record<string, unknown>;
  const unredacted = entry.fields.find((field) => data[field] !== REDACTION_MARKER);
  if (unredacted !== undefined) return `data.${unredacted} should read ${REDACTION_MARKER} after the logged redaction`;
  if (dataHashOf(record.data) !== entry.redactedDataHash) return 'data is not what the logged redaction left (its digest differs)';
  return undefined;
};

/** First line of a redaction log note; the space keeps it from ever reading as a checkpoint's origin line. */
const logHeader = (origin: string): string => `${origin} redactions`;

/** The redaction log as note text: a header naming the log, then one canonical JSON entry per line. */
export const formatRedactionLog = (origin: string, entries: readonly RedactionEntry[]): string =>
  `${logHeader(origin)}\n${entries.map((entry) => `${canonicalJson(entry)}\n`).join('')}`;

/** The redaction log signed as a C2SP note by the ledger's key. */
export const signRedactionLog = (origin: string, entries: readonly RedactionEntry[], signer: NoteSigner): string =>
  signNote(formatRedactionLog(origin, entries), signer);

const isPlainObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
const ENTRY_KEYS = ['actor', 'dataHash', 'eventId', 'fields', 'hash', 'position', 'reason', 'redactedAt', 'redactedDataHash'];

const entryProblem = (u: unknown): string | undefined => {
  if (!isPlainObject(u)) return 'is not a JSON object';
  const keys = Object.keys(u).sort();
  if (keys.join() !== ENTRY_KEYS.join()) return `has the fields ${keys.join(', ')}, expected ${ENTRY_KEYS.join(', ')}`;
  if (!Number.isSafeInteger(u.position) || (u.position as number) < 1) return 'position is not a whole number ≥ 1';
  if (typeof u.eventId !== 'string') return 'eventId is not a string';
  for (const key of ['hash', 'dataHash', 'redactedDataHash'] as const) if (!isSha256Hex(u[key])) return `${key} is not 64 lower-case hex digits`;
  if (!Array.isArray(u.fields) || u.fields.length === 0 || !u.fields.every((f) => typeof f === 'string')) return 'fields is not a non-empty list of names';
  if (typeof u.reason !== 'string' || u.reason === '') return 'reason is not a non-empty string';
  const actor = u.actor;
  if (!isPlainObject(actor) || Object.keys(actor).length !== 2 || typeof actor.unit !== 'string' || typeof actor.user !== 'string') return 'actor is not {unit, user}';
  if (typeof u.redactedAt !== 'string') return 'redactedAt is not a string';
  return undefined;
};

/**
 * Reads a redaction log's text: the header must name `origin`, and every entry line must be a well-formed
 * entry in canonical JSON (RFC 8785), so that one log has exactly one text.
 */
export const parseRedactionLog = (text: string, origin: string): E.Either<Rejection, RedactionEntry[]> => {
  if (!text.endsWith('\n')) return reject('redaction log does not end in a newline');
  const [header, ...lines] = text.slice(0, -1).split('\n');
  if (header !== logHeader(origin)) return reject(`redaction log header is ${JSON.stringify(header)}, expected ${JSON.stringify(logHeader(origin))}`);
  const entries: RedactionEntry[] = [];
  for (const [i, line] of lines.entries()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return reject(`redaction log entry ${i + 1} is not JSON`);
    }
    const problem = entryProblem(parsed);
    if (problem !== undefined) return reject(`redaction log entry ${i + 1} ${problem}`);
    if (canonicalJson(parsed) !== line) return reject(`redaction log entry ${i + 1} is not in canonical JSON`);
    entries.push(parsed as RedactionEntry);
  }
  return E.right(entries);
};

/** Opens a signed redaction log: accepted only when `verifier` signed it and its text reads as a log of `origin`. */
export const openRedactionLog = (note: string, verifier: NoteVerifier, origin: string): E.Either<Rejection, RedactionEntry[]> =>
  E.flatMap(openNote(note, verifier), (text) => parseRedactionLog(text, origin));

/** Reads the log's entries as kept in the store (the JSON list {@link encodeRedactionState} writes). */
export const decodeRedactionState = (state: string): RedactionEntry[] => {
  const parsed: unknown = JSON.parse(state);
  if (!isPlainObject(parsed) || !Array.isArray(parsed.entries)) throw new TypeError('redaction log state is not {entries: [...]}');
  parsed.entries.forEach((entry, i) => {
    const problem = entryProblem(entry);
    if (problem !== undefined) throw new TypeError(`redaction log entry ${i + 1} ${problem}`);
  });
  return parsed.entries as RedactionEntry[];
};

/** The log's entries as kept in the store. */
export const encodeRedactionState = (entries: readonly RedactionEntry[]): string => JSON.stringify({ entries });

