import type * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord, Sha256Hex } from '../record/record.js';
import type { Instant } from '../time/instant.js';

/** The last record of a stream: position 0 and the genesis hash when the stream is empty. */
export interface StreamHead {
  readonly position: number;
  readonly hash: Sha256Hex;
  readonly recordedAt: Instant | null;
}

/** A closed range of positions; both ends optional (from 1, to the head). */
export interface PositionRange {
  readonly from?: number;
  readonly to?: number;
}

/** Why a store refused an append. Neither is an exception: both are expected under concurrency. */
export type AppendConflict =
  | { readonly kind: 'position-conflict'; readonly expectedPosition: number; readonly actualPosition: number }
  | { readonly kind: 'duplicate-event-id'; readonly eventId: string; readonly position: number };

/**
 * The outcome of a store append: the stream's new head (`E.right`), or the conflict that made the store
 * write nothing (`E.left`). An `Either` like every other result of the public API.
 */
export type StoreAppendResult = E.Either<AppendConflict, StreamHead>;

/**
 * A projection's saved state at a position, so that opening a large ledger resumes from it instead of
 * folding from position 1. `version` changes whenever the projection's state shape or meaning does.
 */
export interface ProjectionCheckpoint {
  readonly stream: DistrictCode;
  readonly projection: string;
  readonly version: string;
  readonly position: number;
  readonly state: string;
}

/**
 * The change a redaction makes to its log beside the stream, which the store's `redact` writes together with
 * the rewritten record (docs/spec.md §8.4). The log is kept as the checkpoint `projection` of the stream.
 */
export interface RedactionLogUpdate {
  readonly projection: string;
  readonly version: string;
  /**
   * The log's next state, given the record as it reads now and the log's saved state (`undefined`: none
   * yet), both read under the store's write lock. Pure and synchronous, because SQLite's transactions are;
   * when it throws, the store writes nothing and the error reaches the caller of `redact`.
   */
  readonly next: (current: StoredRecord, saved: string | undefined) => string;
}

/** Checkpoint persistence beside the events; optional for a store. */
export interface CheckpointStore {
  saveCheckpoint(checkpoint: ProjectionCheckpoint): Promise<void>;
  loadCheckpoint(stream: DistrictCode, projection: string): Promise<ProjectionCheckpoint | undefined>;
  /**
   * Optional compare-and-set: saves `checkpoint` only if the state saved now for its stream and projection
   * is exactly `expectedState` (`undefined`: none saved yet), atomically with that comparison, and says
   * whether it saved. The ledger's history of signed checkpoints is written through it when offered, so two
   * signers at once, in any processes, cannot lose a note (docs/audit.md §8, "Two signers at once"); a store
   * without it is written with `saveCheckpoint`, last writer wins.
   */
  replaceCheckpoint?(checkpoint: ProjectionCheckpoint, expectedState: string | undefined): Promise<boolean>;
}

/**
 * The fields of a record that folding it into the indicator projections reads (`applyRecord`): its
 * position, event id, type, the two instants of docs/spec.md §1 and its data — not the actor, the source or
 * the hashes. Distributes over the event types, so `type` still tells `data`'s shape.
 */
export type FoldFields = StoredRecord extends infer R ? (R extends StoredRecord ? Pick<R, 'position' | 'eventId' | 'type' | 'effectiveDate' | 'recordedAt' | 'data'> : never) : never;

/** One record as its stored bytes: what `hash` and `dataHash` are computed over, without re-serialising. */
export interface ChainedRow {
  readonly position: number;
  readonly hash: Sha256Hex;
  /**
   * The text of the record's chained fields as stored. A store guarantees it is the canonical JSON
   * (RFC 8785) of `chainedFieldsOf(record)` — the exact text `hash` is the SHA-256 of (docs/spec.md §2) —
   * except for a record whose fields have no canonical form, kept as another JSON text of the same fields;
   * a verifier therefore treats a text whose digest is not `hash` as "check the record the slow way".
   */
  readonly chained: string;
  /**
   * JSON text of `data` as stored (not necessarily canonical: `dataHash` is over its canonical JSON);
   * `null` only for a record without data.
   */
  readonly data: string | null;
  /** The redaction mark (outside the chain): `data` is no longer what `dataHash` commits to. */
  readonly redacted: boolean;
}

/**
 * An optional read capability of a store (`EventStore.readFoldPages`): the records of a range as the
 * fields a fold reads, so that a rebuild parses each record's `data` and nothing else.
 */
export interface FoldPageReader {
  /**
   * Pages of {@link FoldFields} of positions `range.from ?? 1` to `range.to ?? head`. A store guarantees
   * the same range semantics as `readPages` (an open end is the head when reading starts; every position
   * once, in order) and that each element equals the projection onto {@link FoldFields} of the record
   * `readPages` gives at that position.
   */
  readFoldPages(stream: DistrictCode, range?: PositionRange): AsyncIterable<readonly FoldFields[]>;
}

/**
 * An optional read capability of a store (`EventStore.readChainPages`): the stored bytes of a range, so
 * that a verifier hashes `chained` as it is instead of parsing the record and writing its canonical JSON.
 */
export interface ChainPageReader {
  /**
   * Pages of {@link ChainedRow} of positions `range.from ?? 1` to `range.to ?? head`, with the range
   * semantics of `readPages`. A store guarantees that, at every position, `hash` and `redacted` are the
   * record's, `JSON.parse(data)` equals its `data`, and `JSON.parse(chained)` equals `chainedFieldsOf`
   * of it — so a verdict reached from these rows is the verdict reached from `readPages`.
   */
  readChainPages(stream: DistrictCode, range?: PositionRange): AsyncIterable<readonly ChainedRow[]>;
}

/**
 * The port every store implements (in memory, SQLite, PostgreSQL, EventStoreDB). Nothing in the domain
 * knows which store it runs on. Stores keep records exactly as given: the same bytes in every store.
 */
export interface EventStore {
  /**
   * Appends `records` (positions expectedPosition+1, +2, …) atomically if the stream's head is still
   * `expectedPosition`; otherwise appends nothing and reports the conflict.
   */
  append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult>;
  /** Records in position order, in pages; never the whole stream at once unless it is small. */
  readPages(stream: DistrictCode, range?: PositionRange): AsyncIterable<readonly StoredRecord[]>;
  /** Records of a range in position order, one at a time. */
  read(stream: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord>;
  /** Optional: the fold's fields of a range, parsing nothing else ({@link FoldPageReader}); rebuilds use it when offered. */
  readFoldPages?: FoldPageReader['readFoldPages'];
  /** Optional: the stored chained text of a range ({@link ChainPageReader}); verification uses it when offered. */
  readChainPages?: ChainPageReader['readChainPages'];
  /** The stream's head (position 0 for a stream that does not exist). */
  head(stream: DistrictCode): Promise<StreamHead>;
  /** Every stream that holds at least one record, in ascending order. */
  streams(): Promise<DistrictCode[]>;
  /** Projection checkpoints, where the store keeps them. */
  readonly checkpoints?: CheckpointStore;
  /**
   * Replaces the `data` of the record at `position` with `data` and marks it `redacted: true`, changing
   * nothing else (not `dataHash`, not `hash`): the chain commits to the digest of the original data, so it
   * stays intact. Resolves `false` when the stream has no such position. Optional: only stores that can
   * rewrite a payload in place offer it; the audit module's `redact` records why and by whom.
   *
   * Given `log`, the store writes the log's next state in the same transaction, under one write lock held
   * from reading the record and the saved log to writing both (docs/spec.md §8.4): both are written or
   * neither, and concurrent redactions of a stream, from any connection or process, queue one after
   * another instead of each overwriting the log the other just read. When the store leaves no copy of the
   * replaced data in its files, it says so in its own documentation (docs/spec.md §8.4).
   */
  redact?(stream: DistrictCode, position: number, data: StoredRecord['data'], log?: RedactionLogUpdate): Promise<boolean>;
  /**
   * Runs `work` inside one write transaction: appends it makes meanwhile see each other and become
   * durable together if `keep(result)` says so, and are undone together otherwise or if `work` throws —
   * so a batch of any size, appended in pieces, is still all or nothing (docs/spec.md §2, §8.1), and a
   * streamed import holds nothing but the current piece. Optional: a store without it has an import stage
   * its batches in memory and append each district's at the end.
   */
  inOneTransaction?<T>(work: () => Promise<T>, keep: (result: T) => boolean): Promise<T>;
  /** Calls `listener` when another writer (or this one) appends to a stream, where the store can tell. */
  watch?(listener: (stream: DistrictCode, head: number) => void): Promise<() => Promise<void>>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** Flattens pages into single records; stores use it to implement `read` from `readPages`. */
export async function* recordsOfPages(pages: AsyncIterable<readonly StoredRecord[]>): AsyncIterable<StoredRecord> {
  for await (const page of pages) yield* page;
}

/**
 * Reads positions `from`..`to` as consecutive pages (keyset pagination): `fetchPage(next, to)` returns
 * the records from position `next` on, at most one page of them. Stores with a query per page use it,
 * so no cursor stays open between pages.
 */
export async function* pagesByPosition(
  from: number | undefined,
  to: number,
  fetchPage: (next: number, to: number) => Promise<readonly StoredRecord[]> | readonly StoredRecord[],
): AsyncIterable<readonly StoredRecord[]> {
  let next = Math.max(1, from ?? 1);
  while (next <= to) {
    const page = await fetchPage(next, to);
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    next = last.position + 1;
  }
}

/** Checks that records continue a stream at `expectedPosition`; stores call it before writing. */
export const assertContiguous = (records: readonly StoredRecord[], expectedPosition: number): void => {
  records.forEach((r, i) => {
    if (r.position !== expectedPosition + 1 + i) {
      throw new RangeError(`record ${i} has position ${r.position}, expected ${expectedPosition + 1 + i}`);
    }
  });
};

/** What a store writes for one redaction, in one transaction: the rewritten record and, given a log, the log's checkpoint. */
export interface RedactionWrite {
  readonly record: StoredRecord;
  readonly checkpoint?: ProjectionCheckpoint;
}

/**
 * The writes of the port's `redact` (docs/spec.md §8.4), the same in every store: `current` (the record as it
 * reads now, under the store's write lock) with `data` replaced and `redacted: true` set, nothing else changed
 * (not `dataHash`, not `hash`: the chain commits to the original's digest); and, given `log`, its next state
 * from `current` and `saved` (the log's saved state, read under the same lock) as the checkpoint to save with it.
 * Pure; computed before anything is written, so when `log.next` throws the store writes nothing.
 */
export const redactionWrite = (
  stream: DistrictCode,
  position: number,
  current: StoredRecord,
  data: StoredRecord['data'],
  log: RedactionLogUpdate | undefined,
  saved: string | undefined,
): RedactionWrite => {
  const checkpoint = log === undefined ? undefined : { stream, projection: log.projection, version: log.version, position, state: log.next(current, saved) };
  const record = { ...current, data, redacted: true } as StoredRecord;
  return checkpoint === undefined ? { record } : { record, checkpoint };
};
