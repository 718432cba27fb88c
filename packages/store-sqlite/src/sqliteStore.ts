import * as E from 'fp-ts/lib/Either.js';
import Database from 'better-sqlite3';
import { GENESIS_HASH, assertContiguous, pagesByPosition, recordToJson, recordsOfPages } from '@indicator-ledger/core';
import type {
  ChainPageReader,
  ChainedRow,
  CheckpointStore,
  DistrictCode,
  EventStore,
  FoldFields,
  FoldPageReader,
  PositionRange,
  ProjectionCheckpoint,
  RedactionLogUpdate,
  Sha256Hex,
  StoreAppendResult,
  StoredRecord,
  StreamHead,
  Instant,
} from '@indicator-ledger/core';
import { assertLedgerFile, assertReadableSchema, ledgerFileKindOf, prepareSchema, schemaVersionOf, SCHEMA_VERSION } from './fileFormat.js';
import type { MigrationProgress } from './fileFormat.js';
import { MAX_STREAM_ID, POSITIONS_PER_STREAM, eventIdKey, positionOfRowId, recordOfRow, rowIdOf, rowOfRecord } from './recordRow.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The ledger file; created when missing (unless `readonly`). */
  readonly path: string;
  /**
   * Open for reading only (docs/spec.md §8.1): the file must exist and be a ledger; nothing is written to
   * it — no journal-mode switch, no schema, no projection checkpoints — so a file of mode 0444 or in a
   * read-only folder can still be read. Appends and checkpoint saves are refused.
   */
  readonly readonly?: boolean;
  /**
   * How long a writer waits for another process's transaction before failing with SQLITE_BUSY
   * (default 10 000 ms). Writers queue on the file's write lock, so this bounds the queue, not a batch.
   */
  readonly busyTimeoutMs?: number;
  /** Records per page of `readPages` (default 1024). */
  readonly pageSize?: number;
  /** How often `watch` polls the file for other processes' appends (default 250 ms). */
  readonly watchIntervalMs?: number;
  /**
   * SQLite's page cache for this connection, in MiB (default 64). The event-id index takes random
   * UUIDs, so its inserts touch pages all over the index; a cache that holds the index keeps them off
   * the disk until commit.
   */
  readonly cacheMiB?: number;
  /**
   * Told how a migration of an older file (`fileFormat.ts`) advances, every 10 000 records and at the end;
   * called synchronously inside the migration's transaction.
   */
  readonly onMigration?: (progress: MigrationProgress) => void;
}

const DEFAULT_BUSY_TIMEOUT_MS = 10_000;
/** How long one TRUNCATE checkpoint after a redaction waits before it gives way and tries again. */
const CHECKPOINT_WAIT_MS = 50;
const DEFAULT_PAGE_SIZE = 1024;
const DEFAULT_WATCH_INTERVAL_MS = 250;
const DEFAULT_CACHE_MIB = 64;
/** The page size of a new ledger file (see `openSqliteStore`). */
const PAGE_BYTES = 16_384;

/**
 * Thrown inside an append transaction to roll it back; `append` catches it and reports the
 * `duplicate-event-id` conflict instead (docs/spec.md §2, an event id is recorded once). An `Error`, so that
 * if it ever escaped it would still carry a message and a stack like any other failure. Exported for tests
 * only: not part of the package's entry.
 */
export class DuplicateEventId extends Error {
  override readonly name = 'DuplicateEventId';

  constructor(
    /** The event id the batch repeats. */
    readonly eventId: string,
    /** The position of the stream's record that already holds it. */
    readonly position: number,
  ) {
    super(`event id ${eventId} is already at position ${position}`);
  }
}

interface HeadRow {
  readonly id: number;
  readonly hash: string;
  readonly recorded_at: string;
}

interface CheckpointRow {
  readonly version: string;
  readonly position: number;
  readonly state: string;
}

interface PageRow {
  readonly chained: string;
  readonly data: string | null;
  readonly hash: string;
  readonly redacted: number;
}

/** Every SQL statement the store runs, prepared once per connection and reused for every call. */
const prepareStatements = (db: Database.Database) => ({
  streamId: db.prepare<[string], number>('SELECT id FROM streams WHERE stream = ?').pluck(),
  addStream: db.prepare<[string]>('INSERT INTO streams (stream) VALUES (?)'),
  // The last rowid of the stream's run: one descent of the rowid b-tree.
  head: db.prepare<[number, number], HeadRow>('SELECT id, hash, recorded_at FROM records WHERE id > ? AND id < ? ORDER BY id DESC LIMIT 1'),
  insert: db.prepare<[number, string, string, string, string, string, string | null, number]>(
    'INSERT INTO records (id, type, effective_date, recorded_at, hash, chained, data, redacted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  insertEventId: db.prepare<[number, Buffer | string, number]>('INSERT INTO event_ids (stream_id, event_id, position) VALUES (?, ?, ?)'),
  recordAt: db.prepare<[number], PageRow>('SELECT chained, data, hash, redacted FROM records WHERE id = ?'),
  rewriteData: db.prepare<[string | null, number]>('UPDATE records SET data = ?, redacted = 1 WHERE id = ?'),
  positionOfEventId: db.prepare<[number, Buffer | string], number>('SELECT position FROM event_ids WHERE stream_id = ? AND event_id = ?').pluck(),
  // Keyset pages over the rowid: each page starts where the last ended, so no cursor stays open across an `await`.
  page: db.prepare<[number, number, number], PageRow>('SELECT chained, data, hash, redacted FROM records WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?'),
  // A stream is listed once it holds a record (a stream id is only ever added with its first record).
  streams: db
    .prepare<[], string>(`SELECT stream FROM streams s WHERE EXISTS (SELECT 1 FROM records WHERE id > s.id * ${POSITIONS_PER_STREAM} AND id < (s.id + 1) * ${POSITIONS_PER_STREAM}) ORDER BY stream`)
    .pluck(),
  // The fold's columns; the event id is taken from the chained text by SQLite's JSON reader, in C.
  foldPage: db
    .prepare<[number, number, number], [number, string, string, string, string, string | null]>(
      "SELECT id, type, effective_date, recorded_at, json_extract(chained, '$.eventId'), data FROM records WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?",
    )
    .raw(),
  chainPage: db
    .prepare<[number, number, number], [number, string, string, string | null, number]>(
      'SELECT id, hash, chained, data, redacted FROM records WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?',
    )
    .raw(),
  saveCheckpoint: db.prepare<[string, string, string, number, string]>(
    `INSERT INTO projection_checkpoints (stream, projection, version, position, state) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (stream, projection) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state`,
  ),
  loadCheckpoint: db.prepare<[string, string], CheckpointRow>(
    'SELECT version, position, state FROM projection_checkpoints WHERE stream = ? AND projection = ?',
  ),
  // The compare-and-set of `replaceCheckpoint`: one statement each, so SQLite's write lock makes the
  // comparison and the write one step, across processes too.
  insertCheckpointIfNone: db.prepare<[string, string, string, number, string]>(
    'INSERT INTO projection_checkpoints (stream, projection, version, position, state) VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream, projection) DO NOTHING',
  ),
  updateCheckpointIf: db.prepare<[string, number, string, string, string, string]>(
    'UPDATE projection_checkpoints SET version = ?, position = ?, state = ? WHERE stream = ? AND projection = ? AND state = ?',
  ),
});

const headOfRow = (row: HeadRow | undefined): StreamHead =>
  row === undefined
    ? { position: 0, hash: GENESIS_HASH, recordedAt: null }
    : { position: positionOfRowId(row.id), hash: row.hash as Sha256Hex, recordedAt: row.recorded_at as Instant };

// `event_ids` is keyed by (stream_id, event_id), so a repeated id violates its primary key.
const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Database.SqliteError && (err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err.code === 'SQLITE_CONSTRAINT_UNIQUE');

/**
 * The {@link EventStore} of one ledger file (format: see `fileFormat.ts`). Holds one better-sqlite3
 * connection; any number of processes may open the same file, and SQLite's write lock serialises their
 * appends. Every append is one `BEGIN IMMEDIATE` transaction that checks the expected position after
 * taking the lock, so a stale writer gets a position conflict, never a second record at the same position.
 *
 * `watch` polls: every `watchIntervalMs` it asks SQLite whether another connection committed
 * (`PRAGMA data_version`) and, if so, compares stream heads. Appends through this store notify at once.
 */
export class SqliteEventStore implements EventStore, FoldPageReader, ChainPageReader {
  /** The ledger file's path. */
  readonly path: string;
  readonly #db: Database.Database;
  readonly #sql: ReturnType<typeof prepareStatements>;
  readonly #pageSize: number;
  readonly #watchIntervalMs: number;
  readonly #listeners = new Set<(stream: DistrictCode, head: number) => void>();
  // Stream ids never change once committed; ids seen inside a transaction that rolls back are forgotten.
  readonly #streamIds = new Map<string, number>();
  readonly #appendBatch: (stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number) => StoreAppendResult;
  readonly #redactRecord: (stream: DistrictCode, position: number, data: StoredRecord['data'], log: RedactionLogUpdate | undefined) => boolean;
  #poller: { readonly timer: NodeJS.Timeout; dataVersion: number; readonly heads: Map<DistrictCode, number> } | undefined;

  /** True when the file was opened with `readonly` (see {@link SqliteStoreOptions}). */
  readonly readonly: boolean;

  /** Use {@link openSqliteStore}; this takes a connection whose schema is already prepared. */
  constructor(db: Database.Database, options: { readonly pageSize?: number; readonly watchIntervalMs?: number; readonly path?: string; readonly readonly?: boolean } = {}) {
    this.path = options.path ?? db.name;
    this.readonly = options.readonly ?? db.readonly;
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#watchIntervalMs = options.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
    const batch = db.transaction((stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): StoreAppendResult => {
      // A read-only open of a version-1 file reads a migrated copy in memory, which SQLite would let us write.
      if (this.readonly && !db.readonly) throw new Error(`${this.path} is opened read-only; nothing was appended`);
      let streamId = this.#streamIdOf(stream);
      const head = streamId === undefined ? undefined : this.#headRow(streamId);
      const actualPosition = head === undefined ? 0 : positionOfRowId(head.id);
      if (actualPosition !== expectedPosition) return E.left({ kind: 'position-conflict', expectedPosition, actualPosition });
      assertContiguous(records, expectedPosition);
      const last = records.at(-1);
      if (last === undefined) return E.right(headOfRow(head));
      if (last.position >= POSITIONS_PER_STREAM) throw new RangeError(`${this.path}: a stream holds at most ${POSITIONS_PER_STREAM - 1} records`);
      if (streamId === undefined) {
        streamId = Number(this.#sql.addStream.run(stream).lastInsertRowid);
        if (streamId > MAX_STREAM_ID) throw new RangeError(`${this.path}: a ledger file holds at most ${MAX_STREAM_ID} streams`);
      }
      for (const r of records) {
        const key = eventIdKey(r.eventId);
        try {
          this.#sql.insertEventId.run(streamId, key, r.position);
        } catch (err) {
          // An earlier record of the stream, or of this batch, already holds the event id.
          const earlier = isUniqueViolation(err) ? this.#sql.positionOfEventId.get(streamId, key) : undefined;
          if (earlier !== undefined) throw new DuplicateEventId(r.eventId, earlier);
          throw err;
        }
        const row = rowOfRecord(r);
        this.#sql.insert.run(rowIdOf(streamId, r.position), row.type, row.effective_date, row.recorded_at, row.hash, row.chained, row.data, row.redacted);
      }
      return E.right({ position: last.position, hash: last.hash, recordedAt: last.recordedAt });
    });
    this.#appendBatch = (stream, records, expectedPosition) => batch.immediate(stream, records, expectedPosition);
    // BEGIN IMMEDIATE takes the file's write lock before the record and the log are read, so a redaction in
    // another process waits for this one and then appends to the log this one saved (docs/spec.md §8.4).
    const redaction = db.transaction((stream: DistrictCode, position: number, data: StoredRecord['data'], log: RedactionLogUpdate | undefined): boolean => {
      if (this.readonly && !db.readonly) throw new Error(`${this.path} is opened read-only; position ${position} was not redacted`);
      const streamId = this.#streamIdOf(stream);
      if (streamId === undefined || !Number.isSafeInteger(position) || position < 1 || position >= POSITIONS_PER_STREAM) return false;
      const id = rowIdOf(streamId, position);
      const row = this.#sql.recordAt.get(id);
      if (row === undefined) return false;
      const current = recordOfRow(row.chained, row.data, row.hash, row.redacted);
      if (log !== undefined) {
        const state = log.next(current, this.#sql.loadCheckpoint.get(stream, log.projection)?.state);
        this.#sql.saveCheckpoint.run(stream, log.projection, log.version, position, state);
      }
      // Only `data` and the mark change: `chained` (and so `hash`) keeps the original's `dataHash`.
      this.#sql.rewriteData.run(data === undefined ? null : JSON.stringify(data), id);
      return true;
    });
    this.#redactRecord = (stream, position, data, log) => redaction.immediate(stream, position, data, log);
  }

  /** Projection checkpoints, in the `projection_checkpoints` table of the same file; a save overwrites. */
  readonly checkpoints: CheckpointStore = {
    saveCheckpoint: async (cp: ProjectionCheckpoint): Promise<void> => {
      if (this.readonly) throw new Error(`${this.path} is opened read-only; the checkpoint of ${cp.projection} was not saved`);
      this.#sql.saveCheckpoint.run(cp.stream, cp.projection, cp.version, cp.position, cp.state);
    },
    loadCheckpoint: async (stream: DistrictCode, projection: string): Promise<ProjectionCheckpoint | undefined> => {
      const row = this.#sql.loadCheckpoint.get(stream, projection);
      return row === undefined ? undefined : { stream, projection, version: row.version, position: row.position, state: row.state };
    },
    replaceCheckpoint: async (cp: ProjectionCheckpoint, expectedState: string | undefined): Promise<boolean> => {
      if (this.readonly) throw new Error(`${this.path} is opened read-only; the checkpoint of ${cp.projection} was not saved`);
      const written =
        expectedState === undefined
          ? this.#sql.insertCheckpointIfNone.run(cp.stream, cp.projection, cp.version, cp.position, cp.state)
          : this.#sql.updateCheckpointIf.run(cp.version, cp.position, cp.state, cp.stream, cp.projection, expectedState);
      return written.changes === 1;
    },
  };

  async append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult> {
    let result: StoreAppendResult;
    try {
      result = this.#appendBatch(stream, records, expectedPosition);
    } catch (err) {
      // A stream id added by the rolled-back transaction must not be remembered.
      this.#streamIds.clear();
      if (err instanceof DuplicateEventId) return E.left({ kind: 'duplicate-event-id', eventId: err.eventId, position: err.position });
      throw err;
    }
    if (E.isRight(result) && records.length > 0) this.#notify(stream, result.right.position);
    return result;
  }

  /**
   * Runs `work` inside one write transaction of the file: the write lock is taken first (waiting up to the
   * busy timeout for other writers) and held until `work` settles. Appends made meanwhile become
   * savepoints inside it and see each other; they are committed together if `keep(result)` says so, and
   * rolled back together otherwise or if `work` throws — so a batch of any size, appended in pieces, is
   * still all or nothing (docs/spec.md §2, §8.1). Listeners hear of appends before the commit.
   */
  async inOneTransaction<T>(work: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
    if (this.#db.inTransaction) throw new Error(`${this.path}: a transaction is already open on this connection`);
    this.#db.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = await work();
    } catch (err) {
      this.#streamIds.clear();
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      throw err;
    }
    if (!this.#db.inTransaction) throw new Error(`${this.path}: the transaction ended before its work did`);
    const commit = keep(result);
    if (!commit) this.#streamIds.clear();
    this.#db.exec(commit ? 'COMMIT' : 'ROLLBACK');
    return result;
  }

  /**
   * Replaces the `data` of the record at `position` and marks it `redacted: true` (the port's `redact`).
   * Only the `record` JSON changes: the copied columns, `dataHash` and `hash` keep the original's, so the
   * chain still verifies. Resolves `false` when the stream has no such position. With `log`, the log's next
   * state is saved in the same `BEGIN IMMEDIATE` transaction. Afterwards no copy of the replaced data is
   * left in the database file or its WAL (see `#eraseReplacedPages`).
   */
  async redact(stream: DistrictCode, position: number, data: StoredRecord['data'], log?: RedactionLogUpdate): Promise<boolean> {
    const redacted = this.#redactRecord(stream, position, data, log);
    if (redacted) await this.#eraseReplacedPages();
    return redacted;
  }

  /**
   * Leaves no copy of replaced data in the files (docs/spec.md §8.4). `secure_delete` (set on open) zeroes
   * the space the old record freed in the database file, but the WAL still holds the page images of every
   * transaction since the last checkpoint, the original record's among them: a TRUNCATE checkpoint copies
   * the WAL into the database and cuts it to zero bytes. It waits (busy timeout) for other connections'
   * reads to end; one that outlasts it keeps the WAL, and the error says so rather than pretending.
   */
  async #eraseReplacedPages(): Promise<void> {
    // A TRUNCATE checkpoint holds the writer lock while it waits for readers, and another process waiting to
    // write (say, a second redaction) may hold an older snapshot while it waits for that lock: each would wait
    // out its busy timeout on the other. So the checkpoint waits a little, gives way, and tries again, for as
    // long as the store's busy timeout; the other writer finishes in the pause and checkpoints too.
    const patience = Number(this.#db.pragma('busy_timeout', { simple: true }));
    const deadline = Date.now() + patience;
    this.#db.pragma(`busy_timeout = ${CHECKPOINT_WAIT_MS}`);
    try {
      for (;;) {
        const [result] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
        if (result === undefined || result.busy === 0) return;
        if (Date.now() >= deadline) {
          throw new Error(`${this.path}: the redaction is saved, but another connection kept reading, so the write-ahead log still holds the replaced data; run the redaction again when no one reads the file`);
        }
        await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_WAIT_MS));
      }
    } finally {
      this.#db.pragma(`busy_timeout = ${patience}`);
    }
  }


  async *readPages(stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly StoredRecord[]> {
    // An open end means the head when reading starts, so a read is one consistent range even while
    // other writers append.
    const streamId = this.#streamIdOf(stream);
    if (streamId === undefined) return;
    const to = Math.min(range.to ?? headOfRow(this.#headRow(streamId)).position, POSITIONS_PER_STREAM - 1);
    yield* pagesByPosition(range.from, to, (next, last) =>
      this.#sql.page.all(rowIdOf(streamId, next), rowIdOf(streamId, last), this.#pageSize).map((row) => recordOfRow(row.chained, row.data, row.hash, row.redacted)),
    );
  }

  readFoldPages(stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly FoldFields[]> {
    return this.#rowPages(stream, range, (streamId, next, to) =>
      this.#sql.foldPage
        .all(rowIdOf(streamId, next), rowIdOf(streamId, to), this.#pageSize)
        .map(
          ([id, type, effectiveDate, recordedAt, eventId, data]) =>
            ({ position: positionOfRowId(id), eventId, type, effectiveDate, recordedAt, ...(data === null ? {} : { data: JSON.parse(data) }) }) as FoldFields,
        ),
    );
  }

  readChainPages(stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly ChainedRow[]> {
    return this.#rowPages(stream, range, (streamId, next, to) =>
      this.#sql.chainPage
        .all(rowIdOf(streamId, next), rowIdOf(streamId, to), this.#pageSize)
        .map(([id, hash, chained, data, redacted]) => ({ position: positionOfRowId(id), hash: hash as Sha256Hex, chained, data, redacted: redacted === 1 })),
    );
  }

  /** Keyset pages of `fetch(streamId, next, to)` over the range, as `readPages` reads (an open end: the head now). */
  async *#rowPages<T extends { readonly position: number }>(
    stream: DistrictCode,
    range: PositionRange,
    fetch: (streamId: number, next: number, to: number) => readonly T[],
  ): AsyncIterable<readonly T[]> {
    const streamId = this.#streamIdOf(stream);
    if (streamId === undefined) return;
    const to = Math.min(range.to ?? headOfRow(this.#headRow(streamId)).position, POSITIONS_PER_STREAM - 1);
    for (let next = Math.max(1, range.from ?? 1); next <= to; ) {
      const page = fetch(streamId, next, to);
      const last = page.at(-1);
      if (last === undefined) return;
      yield page;
      next = last.position + 1;
    }
  }

  read(stream: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord> {
    return recordsOfPages(this.readPages(stream, range));
  }

  async head(stream: DistrictCode): Promise<StreamHead> {
    return headOfRow(this.#headOf(stream));
  }

  /** The stream's id, or `undefined` while it has none (no record was ever committed to it). */
  #streamIdOf(stream: string): number | undefined {
    const known = this.#streamIds.get(stream);
    if (known !== undefined) return known;
    const id = this.#sql.streamId.get(stream);
    if (id !== undefined) this.#streamIds.set(stream, id);
    return id;
  }

  #headRow(streamId: number): HeadRow | undefined {
    return this.#sql.head.get(rowIdOf(streamId, 0), rowIdOf(streamId + 1, 0));
  }

  #headOf(stream: string): HeadRow | undefined {
    const streamId = this.#streamIdOf(stream);
    return streamId === undefined ? undefined : this.#headRow(streamId);
  }

  async streams(): Promise<DistrictCode[]> {
    return this.#sql.streams.all() as DistrictCode[];
  }

  async watch(listener: (stream: DistrictCode, head: number) => void): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    this.#startPolling();
    return async () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopPolling();
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#stopPolling();
    if (this.#db.open) this.#db.close();
  }

  #notify(stream: DistrictCode, head: number): void {
    this.#poller?.heads.set(stream, head);
    for (const listener of this.#listeners) listener(stream, head);
  }

  #startPolling(): void {
    if (this.#poller !== undefined) return;
    const heads = new Map<DistrictCode, number>();
    for (const stream of this.#sql.streams.all() as DistrictCode[]) heads.set(stream, headOfRow(this.#headOf(stream)).position);
    const timer = setInterval(() => this.#poll(), this.#watchIntervalMs);
    timer.unref();
    this.#poller = { timer, dataVersion: this.#db.pragma('data_version', { simple: true }) as number, heads };
  }

  // data_version changes only when another connection commits, so an idle file costs one pragma per tick.
  #poll(): void {
    const poller = this.#poller;
    if (poller === undefined || !this.#db.open) return;
    const dataVersion = this.#db.pragma('data_version', { simple: true }) as number;
    if (dataVersion === poller.dataVersion) return;
    poller.dataVersion = dataVersion;
    for (const stream of this.#sql.streams.all() as DistrictCode[]) {
      const head = headOfRow(this.#headOf(stream)).position;
      if (head > (poller.heads.get(stream) ?? 0)) this.#notify(stream, head);
    }
  }

  #stopPolling(): void {
    if (this.#poller !== undefined) clearInterval(this.#poller.timer);
    this.#poller = undefined;
  }
}

/**
 * A read-only open of a file of an older format: the file must not be written (docs/spec.md §8.1), so
 * its content is copied into memory (`serialize`), migrated there, and read from the copy — which costs
 * memory of the file's size and does not see later appends by other processes. A writable open migrates
 * the file itself, once.
 */
const openMigratedCopy = (file: Database.Database, options: SqliteStoreOptions): SqliteEventStore => {
  const image = file.serialize();
  // Bytes 18–19 of the header say "WAL" (2) in a ledger file; an in-memory database has no WAL, so the
  // copy is marked as a rollback-journal database (1), which is what SQLite's own `.deserialize` expects.
  image[18] = 1;
  image[19] = 1;
  const copy = new Database(image);
  file.close();
  try {
    prepareSchema(copy, options.onMigration);
    return new SqliteEventStore(copy, { ...options, path: options.path, readonly: true });
  } catch (err) {
    copy.close();
    throw err;
  }
};

/**
 * Opens (creating if needed) a ledger file, after refusing one that is not a ledger without writing to it
 * (docs/spec.md §8.1); with `readonly`, only reads it. Otherwise: WAL journal, `synchronous = FULL` so that an append reported
 * done survives a power loss, a busy timeout so that concurrent processes wait for the write lock
 * instead of failing, and the schema of `fileFormat.ts`.
 */
export const openSqliteStore = async (pathOrOptions: string | SqliteStoreOptions): Promise<SqliteEventStore> => {
  const options: SqliteStoreOptions = typeof pathOrOptions === 'string' ? { path: pathOrOptions } : pathOrOptions;
  const readonly = options.readonly === true;
  const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, readonly, fileMustExist: readonly });
  try {
    // docs/spec.md §8.1: look before writing anything, so another program's file is refused untouched
    // (not even switched to WAL).
    const kind = ledgerFileKindOf(db);
    assertLedgerFile(db, kind);
    if (readonly) {
      if (kind.kind === 'empty') throw new Error(`${options.path} is an empty SQLite file, not a ledger yet`);
      assertReadableSchema(db);
      if (schemaVersionOf(db) < SCHEMA_VERSION) return openMigratedCopy(db, options);
      db.pragma(`cache_size = ${-Math.round((options.cacheMiB ?? DEFAULT_CACHE_MIB) * 1024)}`);
      return new SqliteEventStore(db, options);
    }
    // 16 KiB pages for a new file (SQLite's default is 4 KiB): a record row is ~0.85 KB, so a leaf holds
    // ~19 of them instead of ~4 and a batch of 1 000 touches a quarter of the pages; measured with batches of
    // 1 000, 60.6k instead of 49.3k appended records per CPU second. A page size takes effect only on a file
    // with no tables yet, and must be set before WAL mode is; a migrated file keeps its own.
    if (kind.kind === 'empty') db.pragma(`page_size = ${PAGE_BYTES}`);
    const journalMode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (journalMode !== 'wal' && !db.memory) {
      throw new Error(`${options.path}: SQLite could not use WAL mode (got ${journalMode}); is it on a network filesystem?`);
    }
    db.pragma('synchronous = FULL');
    // Deleted and overwritten content is zeroed, so a redacted name leaves nothing on free pages or in
    // freed space within a page (docs/spec.md §8.4). Appends delete nothing, so they cost no more.
    db.pragma('secure_delete = ON');
    // On macOS a plain fsync leaves the commit in the drive's cache; F_FULLFSYNC does not. Ignored elsewhere.
    db.pragma('fullfsync = ON');
    // Negative: a size in KiB rather than in pages.
    db.pragma(`cache_size = ${-Math.round((options.cacheMiB ?? DEFAULT_CACHE_MIB) * 1024)}`);
    prepareSchema(db, options.onMigration);
    return new SqliteEventStore(db, options);
  } catch (err) {
    db.close();
    throw err;
  }
};
