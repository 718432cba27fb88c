import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { GENESIS_HASH, assertContiguous, pagesByPosition, recordToJson, recordsOfPages, redactionWrite } from '@indicator-ledger/core';
import type {
  CheckpointStore,
  DistrictCode,
  EventStore,
  Instant,
  PositionRange,
  ProjectionCheckpoint,
  RedactionLogUpdate,
  Sha256Hex,
  StoreAppendResult,
  StoredRecord,
  StreamHead,
} from '@indicator-ledger/core';
import { encodeAppendNotice } from './appendNotice.js';
import { firstDuplicateEventId, repeatsEventIdWithin } from './eventIdConflict.js';
import { StreamHeadListener } from './headListener.js';
import { DEFAULT_SCHEMA, appendChannelOf, migrate, quotedSchema, schemaNameProblem } from './migration.js';
import { inTransaction } from './transaction.js';
import { schemaOfUrl } from './connectionUrl.js';

/**
 * Where the ledger's database is: a connection URL (the store opens and owns a pool), or a `pg.Pool`
 * the embedding system already has (the store borrows it and never ends it).
 */
export type PostgresConnection =
  | {
      /** `postgres://user@host:port/database?…`, as libpq and `pg` read it. */
      readonly url: string;
      /** Most connections of the store's own pool (default 10); watching uses one more, outside it. */
      readonly maxConnections?: number;
    }
  | {
      /** A pool of the embedding system; `close()` leaves it open. */
      readonly pool: Pool;
    };

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** The PostgreSQL schema holding the ledger's tables (default `indicator_ledger`); see `schemaNameProblem`. */
  readonly schema?: string;
  /** Records per page of `readPages` (default 1000). */
  readonly pageSize?: number;
  /** First wait before a lost `watch` connection is re-established (default 250 ms, doubling up to 8 s). */
  readonly reconnectDelayMs?: number;
  /**
   * Create (or upgrade) the ledger's schema and tables where they are missing (default true). A reading
   * open passes false: a schema without the ledger is then refused, never created (docs/spec.md §8.5).
   */
  readonly create?: boolean;
}

const DEFAULT_PAGE_SIZE = 1000;
/**
 * Records per INSERT statement. One statement carries a batch as one JSON array of rows, so a batch of
 * 1,000 costs one round trip; very large batches are cut so no single message grows without bound.
 */
const INSERT_CHUNK = 5000;
/** SQLSTATE of unique_violation. */
const UNIQUE_VIOLATION = '23505';

interface HeadRow {
  readonly position: string;
  readonly hash: string;
  readonly recorded_at: string | null;
}

interface CheckpointRow {
  readonly version: string;
  readonly position: string;
  readonly state: string;
}

/** Every SQL text the store runs, with the schema written in (it cannot be a bind parameter). */
const statementsOf = (schema: string) => {
  const s = quotedSchema(schema);
  return {
    head: `SELECT position, hash, recorded_at FROM ${s}.streams WHERE district = $1`,
    lockHead: `SELECT position, hash, recorded_at FROM ${s}.streams WHERE district = $1 FOR UPDATE`,
    // A district's first append creates its head row; two first appends racing both get past this
    // (the second waits for the first to commit or roll back) and then queue on the row lock.
    createHead: `INSERT INTO ${s}.streams (district, position, hash, recorded_at) VALUES ($1, 0, $2, NULL) ON CONFLICT (district) DO NOTHING`,
    insert: `INSERT INTO ${s}.events (district, position, event_id, type, effective_date, recorded_at, data_hash, prev_hash, hash, record)
      SELECT $1, r.position, r.event_id, r.type, r.effective_date, r.recorded_at, r.data_hash, r.prev_hash, r.hash, r.record
      FROM json_to_recordset($2::json)
        AS r(position bigint, event_id text, type text, effective_date date, recorded_at timestamptz, data_hash text, prev_hash text, hash text, record text)`,
    // The notice is queued in the same transaction: PostgreSQL sends it on commit and drops it on rollback.
    moveHead: `WITH moved AS (
        UPDATE ${s}.streams SET position = $2, hash = $3, recorded_at = $4 WHERE district = $1 RETURNING district
      )
      SELECT pg_notify($5, $6) FROM moved`,
    lastPosition: `SELECT max(position) AS position FROM ${s}.events WHERE district = $1`,
    recordAt: `SELECT record FROM ${s}.events WHERE district = $1 AND position = $2 FOR UPDATE`,
    rewriteRecord: `UPDATE ${s}.events SET record = $3 WHERE district = $1 AND position = $2`,
    vacuumEvents: `VACUUM ${s}.events`,
    positionsOfEventIds: `SELECT event_id, position FROM ${s}.events WHERE district = $1 AND event_id = ANY($2::text[])`,
    // Keyset pages: each page starts after the last one's position, along the primary key, so no
    // cursor or connection is held between pages and a page costs O(log n + page).
    page: `SELECT record FROM ${s}.events WHERE district = $1 AND position BETWEEN $2 AND $3 ORDER BY position LIMIT $4`,
    streams: `SELECT district FROM ${s}.streams WHERE position > 0 ORDER BY district`,
    heads: `SELECT district, position FROM ${s}.streams WHERE position > 0`,
    saveCheckpoint: `INSERT INTO ${s}.projection_checkpoints (district, projection, version, position, state) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (district, projection) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state, saved_at = now()`,
    loadCheckpoint: `SELECT version, position, state FROM ${s}.projection_checkpoints WHERE district = $1 AND projection = $2`,
    // The compare-and-set of `replaceCheckpoint`: one statement each, atomic under READ COMMITTED (the
    // UPDATE re-checks its WHERE on the row's newest version; the INSERT's conflict is decided by the index).
    insertCheckpointIfNone: `INSERT INTO ${s}.projection_checkpoints (district, projection, version, position, state) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (district, projection) DO NOTHING`,
    updateCheckpointIf: `UPDATE ${s}.projection_checkpoints SET version = $3, position = $4, state = $5, saved_at = now()
      WHERE district = $1 AND projection = $2 AND state = $6`,
  };
};

const headOfRow = (row: HeadRow | undefined): StreamHead =>
  row === undefined || Number(row.position) === 0
    ? { position: 0, hash: GENESIS_HASH, recordedAt: null }
    : { position: Number(row.position), hash: row.hash as Sha256Hex, recordedAt: row.recorded_at as Instant | null };

const isUniqueViolationOf = (err: unknown, constraint: string): boolean =>
  err instanceof pg.DatabaseError && err.code === UNIQUE_VIOLATION && err.constraint === constraint;

/**
 * A checkpoint's state must be text PostgreSQL can hold unchanged: no U+0000 (refused by the server) and
 * no lone surrogate (which would silently become U+FFFD). The projections' JSON never has either.
 */
const checkStoredText = (state: string): void => {
  if (/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(state)) {
    throw new RangeError('a checkpoint state must be well-formed Unicode without U+0000 to be stored in PostgreSQL text');
  }
};

/** What an append transaction decided: the result, and whether to commit. */
interface AppendOutcome {
  readonly result: StoreAppendResult;
  readonly commit: boolean;
}

/**
 * The {@link EventStore} of one ledger in a PostgreSQL schema (tables: see `migration.ts`). Holds a
 * connection pool (its own, or one borrowed from the embedding system) and, while anyone watches, one
 * dedicated LISTEN connection.
 *
 * Appends are atomic batches with optimistic concurrency on the expected position (docs/spec.md §2). An
 * append is one READ COMMITTED transaction: lock the district's head row (`SELECT … FOR UPDATE`),
 * compare it with the expected position, insert the batch with one multi-row INSERT, move the head and
 * `pg_notify` the new head, commit. The row lock serialises appends to one district across every
 * connection and process, so a stale writer always sees the new head and gets a position conflict;
 * the primary key `(district, position)` and the unique `(district, event_id)` back this up in the data.
 */
export class PostgresEventStore implements EventStore {
  /** The PostgreSQL schema holding this ledger's tables. */
  readonly schema: string;
  readonly #pool: Pool;
  readonly #ownsPool: boolean;
  readonly #sql: ReturnType<typeof statementsOf>;
  readonly #pageSize: number;
  readonly #channel: string;
  readonly #headListener: StreamHeadListener;

  /** Use {@link openPostgresStore}; this takes a pool whose schema is already migrated. */
  constructor(pool: Pool, options: { readonly schema: string; readonly ownsPool: boolean; readonly pageSize?: number; readonly reconnectDelayMs?: number }) {
    const problem = schemaNameProblem(options.schema);
    if (problem !== undefined) throw new RangeError(problem);
    this.schema = options.schema;
    this.#pool = pool;
    this.#ownsPool = options.ownsPool;
    this.#sql = statementsOf(options.schema);
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isSafeInteger(this.#pageSize) || this.#pageSize < 1) throw new RangeError(`pageSize should be a positive integer, got ${this.#pageSize}`);
    this.#channel = appendChannelOf(options.schema);
    this.#headListener = new StreamHeadListener({
      // Its own connection with the pool's settings, so a small pool is never starved by watching.
      connection: pool.options,
      channel: this.#channel,
      headsQuery: this.#sql.heads,
      reconnectDelayMs: options.reconnectDelayMs,
    });
  }

  readonly checkpoints: CheckpointStore = {
    saveCheckpoint: async (cp: ProjectionCheckpoint): Promise<void> => {
      checkStoredText(cp.state);
      await this.#pool.query(this.#sql.saveCheckpoint, [cp.stream, cp.projection, cp.version, cp.position, cp.state]);
    },
    loadCheckpoint: async (stream: DistrictCode, projection: string): Promise<ProjectionCheckpoint | undefined> => {
      const { rows } = await this.#pool.query<CheckpointRow>(this.#sql.loadCheckpoint, [stream, projection]);
      const row = rows[0];
      return row === undefined ? undefined : { stream, projection, version: row.version, position: Number(row.position), state: row.state };
    },
    replaceCheckpoint: async (cp: ProjectionCheckpoint, expectedState: string | undefined): Promise<boolean> => {
      checkStoredText(cp.state);
      const written =
        expectedState === undefined
          ? await this.#pool.query(this.#sql.insertCheckpointIfNone, [cp.stream, cp.projection, cp.version, cp.position, cp.state])
          : await this.#pool.query(this.#sql.updateCheckpointIf, [cp.stream, cp.projection, cp.version, cp.position, cp.state, expectedState]);
      return written.rowCount === 1;
    },
  };

  async append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult> {
    try {
      return await inTransaction(this.#pool, 'BEGIN ISOLATION LEVEL READ COMMITTED', async (client) => {
        const outcome: AppendOutcome = await this.#appendLocked(client, stream, records, expectedPosition);
        return { commit: outcome.commit, value: outcome.result };
      });
    } catch (err) {
      // Under the head lock neither violation can happen; they mean a session wrote events without
      // taking it. The answer is still the typed conflict, read now that the transaction is gone.
      if (isUniqueViolationOf(err, 'events_event_id_key')) {
        const conflict = firstDuplicateEventId(records, await this.#positionsOfEventIds(this.#pool, stream, records));
        if (conflict !== undefined) return E.left(conflict);
      }
      if (isUniqueViolationOf(err, 'events_pkey')) {
        const { rows } = await this.#pool.query<{ position: string | null }>(this.#sql.lastPosition, [stream]);
        return E.left({ kind: 'position-conflict', expectedPosition, actualPosition: Number(rows[0]?.position ?? 0) });
      }
      throw err;
    }
  }

  /** The append's work inside its transaction; the head row is locked from the first query on. */
  async #appendLocked(client: PoolClient, stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<AppendOutcome> {
    const head = await this.#lockHead(client, stream);
    if (head.position !== expectedPosition) {
      return { commit: false, result: E.left({ kind: 'position-conflict', expectedPosition, actualPosition: head.position }) };
    }
    // Nothing to write; rolling back also drops a head row created for a district with no records.
    if (records.length === 0) return { commit: false, result: E.right(head) };
    assertContiguous(records, expectedPosition);
    // A repeat within the batch is found before writing; one with the stream's records by the insert
    // (its unique index), which costs no extra round trip in the common case of no duplicate.
    if (repeatsEventIdWithin(records)) {
      const conflict = firstDuplicateEventId(records, await this.#positionsOfEventIds(client, stream, records));
      if (conflict !== undefined) return { commit: false, result: E.left(conflict) };
    }
    for (let from = 0; from < records.length; from += INSERT_CHUNK) {
      await client.query(this.#sql.insert, [stream, rowsJsonOf(records.slice(from, from + INSERT_CHUNK))]);
    }
    const last = records[records.length - 1]!;
    const moved = await client.query(this.#sql.moveHead, [
      stream,
      last.position,
      last.hash,
      last.recordedAt,
      this.#channel,
      encodeAppendNotice({ district: stream, head: last.position }),
    ]);
    if (moved.rowCount !== 1) throw new Error(`the head row of ${stream} vanished inside its own append`);
    return { commit: true, result: E.right({ position: last.position, hash: last.hash, recordedAt: last.recordedAt }) };
  }

  async #lockHead(client: PoolClient, stream: DistrictCode): Promise<StreamHead> {
    const locked = await client.query<HeadRow>(this.#sql.lockHead, [stream]);
    if (locked.rows[0] !== undefined) return headOfRow(locked.rows[0]);
    await client.query(this.#sql.createHead, [stream, GENESIS_HASH]);
    const created = await client.query<HeadRow>(this.#sql.lockHead, [stream]);
    return headOfRow(created.rows[0]);
  }

  async #positionsOfEventIds(db: Pool | PoolClient, stream: DistrictCode, records: readonly StoredRecord[]): Promise<Map<string, number>> {
    const { rows } = await db.query<{ event_id: string; position: string }>(this.#sql.positionsOfEventIds, [stream, records.map((r) => r.eventId)]);
    return new Map(rows.map((row) => [row.event_id, Number(row.position)]));
  }

  /**
   * Replaces the `data` of the record at `position` and marks it `redacted: true`, changing nothing else
   * (the port's `redact`): the typed columns, `data_hash` and `hash` keep the original's, so the chain
   * stays intact. Rewrites only the `record` text, and saves the `log`'s next state, in one transaction
   * under the district's head-row lock, so concurrent redactions queue (docs/spec.md §8.4); then vacuums.
   */
  async redact(stream: DistrictCode, position: number, data: StoredRecord['data'], log?: RedactionLogUpdate): Promise<boolean> {
    if (!Number.isSafeInteger(position) || position < 1) return false;
    const redacted = await this.#rewriteForRedaction(stream, position, data, log);
    // The UPDATE left the original row version behind as a dead tuple, name and all, until a vacuum
    // removes it: do it now rather than whenever autovacuum comes by (docs/spec.md §8.4). VACUUM cannot
    // run inside a transaction, so it follows the commit; a row version an older snapshot can still see
    // stays until that snapshot ends, and PostgreSQL's own WAL and backups are the operator's to expire.
    if (redacted) await this.#pool.query(this.#sql.vacuumEvents);
    return redacted;
  }

  /** The redaction's transaction: record and log rewritten under the district's head-row lock. */
  async #rewriteForRedaction(stream: DistrictCode, position: number, data: StoredRecord['data'], log: RedactionLogUpdate | undefined): Promise<boolean> {
    return inTransaction(this.#pool, 'BEGIN ISOLATION LEVEL READ COMMITTED', async (client) => {
      // The head row exists whenever the record does, unlike the log's row before the first redaction, so
      // locking it first queues every redaction of the district — and its appends, in the same lock
      // order — before the log is read (docs/spec.md §8.4).
      const head = await client.query(this.#sql.lockHead, [stream]);
      const { rows } = head.rowCount === 0 ? { rows: [] } : await client.query<{ record: string }>(this.#sql.recordAt, [stream, position]);
      const row = rows[0];
      if (row === undefined) return { commit: false, value: false };
      const current = JSON.parse(row.record) as StoredRecord;
      const saved = log === undefined ? undefined : (await client.query<CheckpointRow>(this.#sql.loadCheckpoint, [stream, log.projection])).rows[0]?.state;
      const { record, checkpoint } = redactionWrite(stream, position, current, data, log, saved);
      if (checkpoint !== undefined) {
        checkStoredText(checkpoint.state);
        await client.query(this.#sql.saveCheckpoint, [stream, checkpoint.projection, checkpoint.version, position, checkpoint.state]);
      }
      await client.query(this.#sql.rewriteRecord, [stream, position, JSON.stringify(recordToJson(record))]);
      return { commit: true, value: true };
    });
  }

  async *readPages(stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly StoredRecord[]> {
    // An open end means the head when reading starts, so a read is one consistent range even while
    // other writers append.
    const to = range.to ?? (await this.head(stream)).position;
    yield* pagesByPosition(range.from, to, async (next, last) => {
      // Positions are contiguous, so a page is exactly the range next .. next + pageSize - 1. Bounding the
      // range (not only LIMIT) matters: on a table without statistics the planner otherwise takes a bitmap
      // scan of every row up to the head and sorts it for each page, which made a rebuild quadratic.
      const pageEnd = Math.min(last, next + this.#pageSize - 1);
      const { rows } = await this.#pool.query<{ record: string }>(this.#sql.page, [stream, next, pageEnd, this.#pageSize]);
      return rows.map((row) => JSON.parse(row.record) as StoredRecord);
    });
  }

  read(stream: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord> {
    return recordsOfPages(this.readPages(stream, range));
  }

  async head(stream: DistrictCode): Promise<StreamHead> {
    const { rows } = await this.#pool.query<HeadRow>(this.#sql.head, [stream]);
    return headOfRow(rows[0]);
  }

  async streams(): Promise<DistrictCode[]> {
    const { rows } = await this.#pool.query<{ district: DistrictCode }>(this.#sql.streams);
    return rows.map((row) => row.district);
  }

  /**
   * Calls `listener` with a district and its new head after every committed append to this schema, by
   * any process: LISTEN on a dedicated connection for the notices appends send with `pg_notify`.
   * Resolves once listening; the returned function unsubscribes (the connection closes with the last
   * listener). Heads of a district arrive in increasing order; see {@link StreamHeadListener} for what
   * happens when the connection is lost.
   */
  watch(listener: (stream: DistrictCode, head: number) => void): Promise<() => Promise<void>> {
    return this.#headListener.subscribe(listener);
  }

  /** The backend pid of the LISTEN connection while someone watches (for operators and tests). */
  get listenerBackendPid(): number | undefined {
    return this.#headListener.backendPid;
  }

  /** Stops watching and ends the pool if the store opened it; a borrowed pool stays open. */
  async close(): Promise<void> {
    await this.#headListener.close();
    if (this.#ownsPool && !this.#pool.ended) await this.#pool.end();
  }
}

/**
 * A batch as the one JSON parameter of the INSERT's `json_to_recordset`: an array of row objects named as the
 * table's columns, the record's own JSON a string inside it. One `JSON.stringify` in native code escapes it;
 * nine array parameters were escaped element by element in JavaScript by the driver (`pg`'s array literal).
 */
const rowsJsonOf = (records: readonly StoredRecord[]): string =>
  JSON.stringify(
    records.map((r) => ({
      position: r.position,
      event_id: r.eventId,
      type: r.type,
      effective_date: r.effectiveDate,
      recorded_at: r.recordedAt,
      data_hash: r.dataHash,
      prev_hash: r.prevHash,
      hash: r.hash,
      record: JSON.stringify(recordToJson(r)),
    })),
  );

/**
 * Opens the ledger in a PostgreSQL database: from a URL (the store owns its pool and ends it on
 * `close()`) or from the embedding system's `pg.Pool` (borrowed, never ended). Creates or upgrades the
 * tables in `options.schema` or the URL's `?schema=` (default `indicator_ledger`) first, unless
 * `options.create` is false; see `migrate`.
 */
export const openPostgresStore = async (connection: PostgresConnection, options: PostgresStoreOptions = {}): Promise<PostgresEventStore> => {
  // `?schema=` in the URL names the schema as `options.schema` does; two different names are refused
  // rather than one of them silently winning (docs/spec.md §8.5).
  const fromUrl = 'url' in connection ? schemaOfUrl(connection.url) : undefined;
  if (fromUrl?.schema !== undefined && options.schema !== undefined && fromUrl.schema !== options.schema) {
    throw new RangeError(`the URL names schema=${fromUrl.schema} and the options name schema ${options.schema}; name one`);
  }
  const schema = options.schema ?? fromUrl?.schema ?? DEFAULT_SCHEMA;
  const problem = schemaNameProblem(schema);
  if (problem !== undefined) throw new RangeError(problem);
  const owned = 'url' in connection;
  const pool = 'url' in connection ? new pg.Pool({ connectionString: fromUrl!.url, max: connection.maxConnections ?? 10 }) : connection.pool;
  // An idle pooled connection that the server drops emits 'error' on the pool; without a handler that
  // would crash the process. The pool discards the connection itself, so noting it is enough.
  if (owned) pool.on('error', () => undefined);
  try {
    await migrate(pool, schema, { create: options.create ?? true });
    return new PostgresEventStore(pool, { schema, ownsPool: owned, pageSize: options.pageSize, reconnectDelayMs: options.reconnectDelayMs });
  } catch (err) {
    if (owned) await pool.end().catch(() => undefined);
    throw err;
  }
};
