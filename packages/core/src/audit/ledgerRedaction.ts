/**
 * Redacting a stored record and logging it: the store replaces the record's `data` (its optional
 * `redact` method), and the redaction log beside the stream (kept through the store's CheckpointStore under
 * {@link REDACTION_LOG_PROJECTION}) gains the entry that lets verifiers accept the new data.
 */
import type { Actor } from '../events/envelope.js';
import { UNIT_IDS } from '../events/vocabulary.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../ledger/record.js';
import type { EventStore } from '../store/port.js';
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
  readonly kind: 'unsupported' | 'no-such-record' | 'not-redactable' | 'not-authorized' | 'invalid';
  readonly reason: string;
};

/** Outcome of {@link redact}: the record as it now reads and its log entry, or why nothing changed. */
export type RedactionOutcome =
  | { readonly ok: true; readonly record: StoredRecord; readonly entry: RedactionEntry }
  | { readonly ok: false; readonly refusal: RedactionRefusal };

const refuse = (kind: RedactionRefusal['kind'], reason: string): RedactionOutcome => ({ ok: false, refusal: { kind, reason } });

// Log entries end up in signed notes, whose text allows no control characters but the newline.
const textProblem = (name: string, text: string): string | undefined => {
  if (text.trim() === '') return `${name} should not be empty`;
  if ([...text].length > 200) return `${name} should be at most 200 characters`;
  if (/\p{Cc}/u.test(text)) return `${name} should hold no control characters`;
  return undefined;
};

/**
 * Redacts personal names in the record at `position` of `district`'s stream, keeping the chain and every
 * Merkle proof valid. Who may: the unit that recorded the event, or development-reform — the same rule as
 * docs/spec.md §5 gives retractions, the other act that changes how an event reads afterwards.
 *
 * The log entry is saved before the store rewrites the data: a failure in between leaves an entry for a
 * record still unredacted, which verifiers ignore, never a redacted record that no entry accounts for.
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
  // A record redacted before keeps the chain's dataHash; the entry still names that original digest.
  const entry = redactionEntryOf(original, redacted, fields, request.reason, request.actor, instantOf((request.clock ?? (() => new Date()))()));
  const entries = await loadRedactions(store, district);
  await checkpoints.saveCheckpoint({
    stream: district,
    projection: REDACTION_LOG_PROJECTION,
    version: REDACTION_LOG_VERSION,
    position: request.position,
    state: encodeRedactionState([...entries, entry]),
  });
  if (!(await store.redact(district, request.position, redacted.data))) {
    return refuse('no-such-record', `district ${district} has no record at position ${request.position}`);
  }
  return { ok: true, record: redacted, entry };
};
