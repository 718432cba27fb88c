/**
 * Redacting a stored record and logging it: the store replaces the record's `data` (its optional
 * `redact` method), and the redaction log beside the stream (kept through the store's CheckpointStore under
 * {@link REDACTION_LOG_PROJECTION}) gains the entry that lets verifiers accept the new data.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/envelope.js';
import { UNIT_IDS } from '../events/vocabulary.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { dataHashOf, type StoredRecord } from '../record/record.js';
import type { EventStore, RedactionLogUpdate } from '../store/port.js';
import { instantOf } from '../time/instant.js';
import {
  DEFAULT_REDACTED_FIELDS,
  decodeRedactionState,
  encodeRedactionState,
  redactionEntryOf,
  redactRecord,
  REDACTABLE_FIELDS,
  type RedactionEntry,
} from './redaction.js';

/** Name under which the redaction log is kept in the store's CheckpointStore. */
export const REDACTION_LOG_PROJECTION = 'audit-redactions';
const REDACTION_LOG_VERSION = '1';

/** Every logged redaction of `district`, oldest first; none when the store keeps no checkpoints. */
export const loadRedactions = async (store: EventStore, district: DistrictCode): Promise<RedactionEntry[]> => {
  const saved = await store.checkpoints?.loadCheckpoint(district, REDACTION_LOG_PROJECTION);
  return saved === undefined ? [] : decodeRedactionState(saved.state);
};

/** What to redact, why and by whom. */
export interface RedactionRequest {
  readonly position: number;
  /** `data` fields to replace (default: {@link DEFAULT_REDACTED_FIELDS} of the record's type). */
  readonly fields?: readonly string[];
  /** Why, in words an auditor reads: non-blank, at most 200 characters, no control characters. */
  readonly reason: string;
  readonly actor: Actor;
  /** Gives `redactedAt` (default: the system clock). */
  readonly clock?: () => Date;
}

/** Why a redaction was not made. */
export type RedactionRefusal = {
  readonly kind: 'unsupported' | 'no-such-record' | 'not-redactable' | 'not-authorized' | 'invalid' | 'conflict' | 'log-unreadable';
  readonly reason: string;
};

/** Outcome of {@link redact}: the record as it now reads and its log entry, or why nothing changed. */
export type RedactionOutcome = E.Either<RedactionRefusal, Redaction>;

/** A redaction made: the record as it now reads, and its entry in the redaction log. */
export interface Redaction {
  readonly record: StoredRecord;
  readonly entry: RedactionEntry;
}

const refuse = (kind: RedactionRefusal['kind'], reason: string): RedactionOutcome => E.left({ kind, reason });

// Log entries end up in signed notes, whose text allows no control characters but the newline.
const textProblem = (name: string, text: string): string | undefined => {
  if (text.trim() === '') return `${name} should not be empty`;
  if ([...text].length > 200) return `${name} should be at most 200 characters`;
  if (/\p{Cc}/u.test(text)) return `${name} should hold no control characters`;
  return undefined;
};

/** Thrown inside a store's redaction transaction, so that it writes nothing: the record changed since it was read. */
class RecordChangedWhileRedacting extends Error {}
/** Thrown inside a store's redaction transaction, so that it writes nothing: the saved log is not a redaction log. */
class UnreadableRedactionLog extends Error {}

/**
 * The log's next state, given the record and the log as the store reads them under its write lock:
 * the saved entries and one more for redacting `current` exactly as `redacted` was computed — or a throw,
 * so that the store writes nothing, when another redaction changed the record in between.
 */
const appendEntry =
  (redacted: StoredRecord, fields: readonly string[], request: RedactionRequest, onEntry: (entry: RedactionEntry) => void) =>
  (current: StoredRecord, saved: string | undefined): string => {
    const now = redactRecord(current, fields);
    if (dataHashOf(now.data) !== dataHashOf(redacted.data)) {
      throw new RecordChangedWhileRedacting(`the record at position ${current.position} changed while it was being redacted (another redaction at the same moment); nothing was changed, try again`);
    }
    let entries: RedactionEntry[];
    try {
      entries = saved === undefined ? [] : decodeRedactionState(saved);
    } catch (error) {
      throw new UnreadableRedactionLog(`the redaction log beside the stream is not readable (${error instanceof Error ? error.message : String(error)}); nothing was changed`);
    }
    // A record redacted before keeps the chain's dataHash; the entry still names that original digest.
    const entry = redactionEntryOf(current, now, fields, request.reason, request.actor, instantOf((request.clock ?? (() => new Date()))()));
    onEntry(entry);
    return encodeRedactionState([...entries, entry]);
  };

/**
 * Redacts personal names in the record at `position` of `district`'s stream, keeping the chain and every
 * Merkle proof valid. Who may: the unit that recorded the event, or development-reform — the same rule as
 * docs/spec.md §5 gives retractions, the other act that changes how an event reads afterwards.
 *
 * The rewritten record and the log's new entry are written by the store in one transaction, under one
 * write lock (docs/spec.md §8.4): both or neither, and concurrent redactions queue, each appending its entry
 * to the log the one before it saved. One that finds the record changed by another since it read it is
 * refused (`conflict`) rather than overwriting that change.
 */
export const redact = async (store: EventStore, district: DistrictCode, request: RedactionRequest): Promise<RedactionOutcome> => {
  const checkpoints = store.checkpoints;
  if (store.redact === undefined || checkpoints === undefined) {
    return refuse('unsupported', 'this store cannot rewrite a payload in place or keep a redaction log beside the stream');
  }
  const problem = textProblem('reason', request.reason) ?? textProblem('actor.user', request.actor.user);
  if (problem !== undefined) return refuse('invalid', problem);
  if (!UNIT_IDS.includes(request.actor.unit)) return refuse('invalid', `actor.unit ${JSON.stringify(request.actor.unit)} is not a unit of docs/spec.md §5`);
  let original: StoredRecord | undefined;
  if (Number.isSafeInteger(request.position) && request.position >= 1) {
    for await (const r of store.read(district, { from: request.position, to: request.position })) original = r;
  }
  if (original === undefined) return refuse('no-such-record', `district ${district} has no record at position ${request.position}`);
  if (request.actor.unit !== original.actor.unit && request.actor.unit !== 'development-reform') {
    return refuse('not-authorized', `${request.actor.unit} may not redact a record of ${original.actor.unit}; only that unit or development-reform may`);
  }
  const fields = request.fields ?? DEFAULT_REDACTED_FIELDS[original.type] ?? [];
  let redacted: StoredRecord;
  try {
    redacted = redactRecord(original, fields);
  } catch (error) {
    const allowed = REDACTABLE_FIELDS[original.type];
    return refuse('not-redactable', error instanceof Error ? error.message : `${original.type} has redactable fields ${allowed?.join(', ') ?? 'none'}`);
  }
  let entry: RedactionEntry | undefined;
  const log: RedactionLogUpdate = {
    projection: REDACTION_LOG_PROJECTION,
    version: REDACTION_LOG_VERSION,
    next: appendEntry(redacted, fields, request, (e) => (entry = e)),
  };
  let written: boolean;
  try {
    written = await store.redact(district, request.position, redacted.data, log);
  } catch (error) {
    if (error instanceof RecordChangedWhileRedacting) return refuse('conflict', error.message);
    if (error instanceof UnreadableRedactionLog) return refuse('log-unreadable', error.message);
    throw error;
  }
  if (!written || entry === undefined) return refuse('no-such-record', `district ${district} has no record at position ${request.position}`);
  return E.right({ record: redacted, entry });
};
