import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { decodeEventInputs } from '../events/envelope.js';
import type { EventInput } from '../events/envelope.js';
import type { Problem } from '../events/problem.js';
import { parseDistrictCode } from '../ids/districtCode.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import { instantOf, laterInstant } from '../time/instant.js';
import type { Instant } from '../time/instant.js';
import { defaultPolicy } from '../rules/authorization.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import { addEventFacts, emptyStreamFacts } from '../rules/streamFacts.js';
import type { StreamFacts } from '../rules/streamFacts.js';
import { judgeAdmission, policyContextOf } from '../rules/admission.js';
import type { AdmissionRules } from '../rules/admission.js';
import type { EventStore, PositionRange, StreamHead } from '../store/port.js';
import type { SealedCheckpointProblem } from '../store/sealedCheckpoint.js';
import { addStoredFacts, FACTS_CHECKPOINT_NAME, FACTS_CHECKPOINT_VERSION, openFactsCheckpoint, sealFactsCheckpoint } from './factsCheckpoint.js';
import { canonicalJson, chainedRecord, dataHashOf } from '../record/record.js';
import type { RecordContent, Sha256Hex, StoredRecord } from '../record/record.js';

// The streamed import builds on the ledger; exported from here so that the package entry has it.
export * from './lineImport.js';

/** Options of {@link createLedger}. */
export interface LedgerOptions {
  /** Where records are kept. */
  readonly store: EventStore;
  /**
   * The ledger's clock: gives `recordedAt` when an input has none, and bounds the `recordedAt` an input may
   * give (see `clockSkewMs`). Default: the system clock.
   */
  readonly clock?: () => Date;
  /**
   * How far, in milliseconds, an input's `recordedAt` may be ahead of the ledger's clock at append time
   * (default {@link DEFAULT_CLOCK_SKEW_MS}, 5 minutes): a later one is refused (docs/spec.md §8.2), so that
   * one input dated 9999 cannot put every later real-time event behind it. A whole number ≥ 0.
   */
  readonly clockSkewMs?: number;
  /** Who may record what (default: docs/spec.md §5's {@link defaultPolicy}). */
  readonly policy?: AuthorizationPolicy;
  /** Gives `eventId` when an input has none (default: random UUIDs). */
  readonly newEventId?: () => string;
  /**
   * Told of a saved stream-facts checkpoint ({@link Ledger.saveFactsCheckpoint}) that failed its checks on
   * loading and was not used: the district's facts are then read from every record, as with no checkpoint.
   */
  readonly onFactsCheckpointRejected?: (problem: SealedCheckpointProblem) => void;
}

/** Options of one append. */
export interface AppendOptions {
  /** Append only if the stream's head is still this position (optimistic concurrency). */
  readonly expectedPosition?: number;
}

/** Why an append wrote nothing. */
export type AppendFailure =
  | { readonly kind: 'invalid'; readonly problems: readonly Problem[] }
  | { readonly kind: 'conflict'; readonly expectedPosition: number; readonly actualPosition: number };

/** An input skipped as an idempotent retry of an event already in the stream (docs/spec.md §2). */
export interface SkippedInput {
  readonly index: number;
  readonly eventId: EventId;
  readonly position: number;
}

/** What a successful append wrote. */
export interface AppendSuccess {
  readonly appended: readonly StoredRecord[];
  readonly skipped: readonly SkippedInput[];
  readonly head: StreamHead;
}

/** Called with the records of every successful, non-empty append, in order. */
export type AppendListener = (district: DistrictCode, records: readonly StoredRecord[]) => void;

/**
 * The default allowance for clocks that disagree a little (docs/spec.md §8.2): an input's `recordedAt`
 * may be up to 5 minutes ahead of the ledger's clock.
 */
export const DEFAULT_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Retries of an append without an expected position, when another writer got there first. */
const MAX_ATTEMPTS = 16;

/**
 * A ledger over one store: validates and appends events, keeping for each district the facts its rules
 * need (see `StreamFacts`), loaded once and then kept current, so an append costs O(batch) and not
 * O(stream). Holds the store, so it is a class; everything it decides is done by pure functions.
 */
export class Ledger {
  readonly store: EventStore;
  readonly #clock: () => Date;
  readonly #clockSkewMs: number;
  readonly #policy: AuthorizationPolicy;
  readonly #newEventId: () => string;
  readonly #onFactsCheckpointRejected: ((problem: SealedCheckpointProblem) => void) | undefined;
  readonly #facts = new Map<DistrictCode, StreamFacts>();
  readonly #queues = new Map<DistrictCode, Promise<unknown>>();
  readonly #listeners = new Set<AppendListener>();

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.#clock = options.clock ?? (() => new Date());
    this.#clockSkewMs = options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
    if (!Number.isSafeInteger(this.#clockSkewMs) || this.#clockSkewMs < 0) {
      throw new RangeError(`clockSkewMs should be a whole number of milliseconds ≥ 0, got ${this.#clockSkewMs}`);
    }
    this.#policy = options.policy ?? defaultPolicy;
    this.#newEventId = options.newEventId ?? randomUUID;
    this.#onFactsCheckpointRejected = options.onFactsCheckpointRejected;
  }

  /**
   * Validates `inputs` (docs/spec.md §3–5) and appends them to `district`'s stream as one atomic batch.
   * Returns every problem of every input when any is refused, in which case nothing is written.
   */
  async append(district: string, inputs: readonly unknown[], options: AppendOptions = {}): Promise<E.Either<AppendFailure, AppendSuccess>> {
    const code = parseDistrictCode(district);
    if (E.isLeft(code)) return E.left({ kind: 'invalid', problems: [{ path: 'district', reason: code.left }] });
    const decoded = decodeEventInputs(inputs);
    if (E.isLeft(decoded)) return E.left({ kind: 'invalid', problems: decoded.left });
    return this.appendEvents(code.right, decoded.right, options);
  }

  /**
   * Appends events already decoded (by `decodeEventInput`, `decodeNdjsonLine` or typed code) to `district`'s
   * stream as one atomic batch: {@link append} without the decoding, so a caller holding `EventInput`s does
   * not encode them only to have them decoded again. The same rules apply (docs/spec.md §1–5, §8.2), with
   * the same result: every problem of every event (by `index`) when any is refused, and then nothing is written.
   */
  appendEvents(district: DistrictCode, events: readonly EventInput[], options: AppendOptions = {}): Promise<E.Either<AppendFailure, AppendSuccess>> {
    return this.#serialized(district, () => this.#appendDecoded(district, events, options));
  }

  /** Records of a district in position order. */
  read(district: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord> {
    return this.store.read(district, range);
  }

  /** A district's head. */
  head(district: DistrictCode): Promise<StreamHead> {
    return this.store.head(district);
  }

  /** Every district with records. */
  streams(): Promise<DistrictCode[]> {
    return this.store.streams();
  }

  /** Subscribes to appended records; returns the unsubscribe function. */
  onAppend(listener: AppendListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Saves the district's stream facts — what its rules know of the stream (docs/spec.md §4–5) — as a
   * checkpoint beside the stream, sealed to the hash of its last record, so that the next ledger over this
   * store reads only the records after it instead of the whole stream. `ledger import` saves one after
   * every import. Waits for the district's appends in progress; resolves `false` when the store keeps no
   * checkpoints. A checkpoint is a cache: losing one costs time, never a figure.
   */
  saveFactsCheckpoint(district: DistrictCode): Promise<boolean> {
    return this.#serialized(district, async () => {
      const checkpoints = this.store.checkpoints;
      if (checkpoints === undefined) return false;
      const facts = await this.#currentFacts(district);
      await checkpoints.saveCheckpoint(sealFactsCheckpoint(district, facts));
      return true;
    });
  }

  /** Closes the store. */
  close(): Promise<void> {
    return this.store.close();
  }

  // Appends to one district run one after another, so two batches never validate against the same facts.
  #serialized<T>(district: DistrictCode, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(district) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.#queues.set(district, next.catch(() => undefined));
    return next;
  }

  async #appendDecoded(district: DistrictCode, events: readonly EventInput[], options: AppendOptions): Promise<E.Either<AppendFailure, AppendSuccess>> {
    for (let attempt = 1; ; attempt++) {
      const facts = await this.#currentFacts(district);
      if (options.expectedPosition !== undefined && options.expectedPosition !== facts.position) {
        return E.left({ kind: 'conflict', expectedPosition: options.expectedPosition, actualPosition: facts.position });
      }
      const undo: (() => void)[] = [];
      const planned = await planBatch(events, facts, district, {
        clock: this.#clock,
        clockSkewMs: this.#clockSkewMs,
        policy: this.#policy,
        newEventId: this.#newEventId,
        storedRecordAt: (position) => this.#recordAt(district, position),
        undo,
      });
      if (E.isLeft(planned)) {
        rollBack(undo);
        return E.left({ kind: 'invalid', problems: planned.left });
      }
      const { records, skipped } = planned.right;
      if (records.length === 0) return E.right({ appended: [], skipped, head: await this.store.head(district) });
      const expected = records[0]!.position - 1;
      const result = await this.store.append(district, records, expected).catch((err: unknown) => {
        rollBack(undo);
        throw err;
      });
      if (E.isRight(result)) {
        for (const listener of this.#listeners) listener(district, records);
        return E.right({ appended: records, skipped, head: result.right });
      }
      rollBack(undo);
      // Another writer appended first: catch up and either report (the caller named a position) or retry.
      if (result.left.kind === 'position-conflict' && options.expectedPosition !== undefined) {
        return E.left({ kind: 'conflict', expectedPosition: options.expectedPosition, actualPosition: result.left.actualPosition });
      }
      if (attempt >= MAX_ATTEMPTS) {
        const head = await this.store.head(district);
        return E.left({ kind: 'conflict', expectedPosition: expected, actualPosition: head.position });
      }
    }
  }

  async #recordAt(district: DistrictCode, position: number): Promise<StoredRecord | undefined> {
    for await (const r of this.store.read(district, { from: position, to: position })) return r;
    return undefined;
  }

  // Loads a district's facts once (from its facts checkpoint and the records after it, or from every record),
  // then only the records other writers appended since.
  async #currentFacts(district: DistrictCode): Promise<StreamFacts> {
    let facts = this.#facts.get(district);
    if (facts === undefined) {
      facts = await this.#loadFacts(district);
      this.#facts.set(district, facts);
    }
    const head = await this.store.head(district);
    if (head.position > facts.position) await addStoredFacts(this.store, district, facts);
    return facts;
  }

  /**
   * The facts of a saved checkpoint, once they open and the stream has their last hash at their position —
   * the head's hash, or the next record's `prevHash` — else empty facts (the caller reads every record).
   */
  async #loadFacts(district: DistrictCode): Promise<StreamFacts> {
    const saved = await this.store.checkpoints?.loadCheckpoint(district, FACTS_CHECKPOINT_NAME);
    if (saved === undefined || saved.version !== FACTS_CHECKPOINT_VERSION) return emptyStreamFacts();
    const opened = await openFactsCheckpoint(this.store, district, saved);
    if (E.isRight(opened)) return opened.right;
    this.#onFactsCheckpointRejected?.({ district, projection: FACTS_CHECKPOINT_NAME, position: saved.position, reason: opened.left });
    return emptyStreamFacts();
  }
}

/** Creates a ledger over a store. */
export const createLedger = (options: LedgerOptions): Ledger => new Ledger(options);

const rollBack = (undo: (() => void)[]): void => {
  for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
  undo.length = 0;
};

// Without an input recordedAt the clock gives one, never earlier than the stream's last (docs/spec.md §1).
const clockedAt = (clock: () => Date, last: Instant | null): Instant => {
  const now = instantOf(clock());
  return last === null ? now : laterInstant(now, last);
};

interface PlanContext {
  readonly clock: () => Date;
  readonly clockSkewMs: number;
  readonly policy: AuthorizationPolicy;
  readonly newEventId: () => string;
  readonly storedRecordAt: (position: number) => Promise<StoredRecord | undefined>;
  readonly undo: (() => void)[];
}

/**
 * The content docs/spec.md §2 compares to decide whether a re-sent event is identical (everything but
 * `eventId`, `recordedAt` and the position), as canonical JSON. `data` is compared by its
 * digest: a stored record keeps `dataHash` even after its names were redacted (audit module), so a
 * re-import of the original file still reads as an idempotent retry.
 */
export const comparableContent = (e: EventInput | StoredRecord): string =>
  canonicalJson({
    type: e.type,
    district: e.district,
    effectiveDate: e.effectiveDate,
    actor: e.actor,
    source: e.source ?? null,
    schemaVersion: e.schemaVersion,
    dataHash: 'dataHash' in e ? e.dataHash : dataHashOf(e.data),
  });


/**
 * The record an accepted event becomes: the envelope in the stored key order (position, eventId, type,
 * district, effectiveDate, recordedAt, actor, source when given, schemaVersion, dataHash, prevHash, data,
 * hash), with both hashes. One object literal per shape rather than spreads: every store serialises these
 * objects, and objects built by spreading are slower to read.
 */
// The record an accepted event becomes: hashed into the chain by record/'s chainedRecord, the one place a
// record is hashed (docs/spec.md §2, §8.3).
const plannedRecord = (event: EventInput, position: number, eventId: EventId, district: DistrictCode, recordedAt: Instant, prevHash: Sha256Hex): StoredRecord =>
  chainedRecord(
    (event.source !== undefined
      ? { eventId, type: event.type, district, effectiveDate: event.effectiveDate, recordedAt, actor: event.actor, source: event.source, schemaVersion: event.schemaVersion, data: event.data }
      : { eventId, type: event.type, district, effectiveDate: event.effectiveDate, recordedAt, actor: event.actor, schemaVersion: event.schemaVersion, data: event.data }) as RecordContent,
    position,
    prevHash,
  );

/**
 * The bound docs/spec.md §8.2 puts on an input's `recordedAt`: the ledger's clock at this append plus the
 * allowed skew. The clock is read once per batch, and only when an input gives a `recordedAt`, so a
 * ledger whose inputs carry none reads it exactly as before. The rule is the ledger's own at append time:
 * the audit re-check of stored records (`createAdmissionCheck`) has no clock of that time and does not apply it.
 */
const latestAdmissibleRecordedAt = (context: PlanContext): ((recordedAt: Instant) => string | undefined) => {
  let bound: { readonly now: Instant; readonly latest: Instant | null } | undefined;
  return (recordedAt) => {
    if (bound === undefined) {
      const now = context.clock().getTime();
      // A skew past the last instant a Date can hold bounds nothing (`Instant`s end in 9999 anyway).
      const latest = new Date(now + context.clockSkewMs);
      bound = { now: instantOf(new Date(now)), latest: Number.isNaN(latest.getTime()) ? null : instantOf(latest) };
    }
    return bound.latest !== null && recordedAt > bound.latest
      ? `${recordedAt} is later than the ledger's clock (${bound.now}) plus the allowed skew of ${describeDuration(context.clockSkewMs)}; a fact cannot be recorded before it is learned`
      : undefined;
  };
};

/** `5 minutes`, `90 seconds`, `250 ms`: a skew as a person reads it. */
const describeDuration = (ms: number): string => {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (ms % 60_000 === 0) return unit(ms / 60_000, 'minute');
  if (ms % 1000 === 0) return unit(ms / 1000, 'second');
  return `${ms} ms`;
};

/**
 * Checks every event of a batch in order against the facts (earlier events of the batch count, docs/spec.md §4)
 * and builds the hashed records. Facts are updated as it goes, with undo steps pushed to `context.undo`.
 */
const planBatch = async (
  events: readonly EventInput[],
  facts: StreamFacts,
  district: DistrictCode,
  context: PlanContext,
): Promise<E.Either<Problem[], { records: StoredRecord[]; skipped: SkippedInput[] }>> => {
  const problems: Problem[] = [];
  const records: StoredRecord[] = [];
  const skipped: SkippedInput[] = [];
  const rules: AdmissionRules = { district, policy: context.policy, context: policyContextOf(facts), tooLate: latestAdmissibleRecordedAt(context) };
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    const verdict = judgeAdmission(event, facts, rules);
    const refusal = E.isLeft(verdict) ? verdict.left : undefined;
    if (refusal?.kind === 'known-event-id') {
      const position = refusal.position;
      // The earlier copy is either in this batch (not yet stored) or in the store.
      const firstPlanned = records[0]?.position;
      const stored = firstPlanned !== undefined && position >= firstPlanned ? records[position - firstPlanned] : await context.storedRecordAt(position);
      const identical =
        stored !== undefined &&
        comparableContent(stored) === comparableContent(event) &&
        (event.recordedAt === undefined || event.recordedAt === stored.recordedAt);
      if (identical) skipped.push({ index, eventId: event.eventId!, position });
      else problems.push({ index, path: 'eventId', reason: `${event.eventId} is already used by a different event (position ${position})` });
      continue;
    }
    // Read before the verdict is acted on, as the clock gives it even to an event then refused.
    const recordedAt: Instant = event.recordedAt ?? clockedAt(context.clock, facts.lastRecordedAt);
    if (refusal !== undefined) {
      for (const v of refusal.violations) problems.push({ index, path: v.path, reason: v.reason });
      continue;
    }
    const eventId = (event.eventId ?? context.newEventId().toLowerCase()) as EventId;
    const position = facts.position + 1;
    const record = plannedRecord(event, position, eventId, district, recordedAt, facts.lastHash);
    addEventFacts(facts, { ...event, eventId, recordedAt }, position, record.hash, context.undo);
    records.push(record);
  }
  return problems.length > 0 ? E.left(problems) : E.right({ records, skipped });
};
