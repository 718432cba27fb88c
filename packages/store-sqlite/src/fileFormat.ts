import type Database from 'better-sqlite3';
import type { StoredRecord } from '@indicator-ledger/core';
import { POSITIONS_PER_STREAM, eventIdKey, rowIdOf, rowOfRecord } from './recordRow.js';

/**
 * The ledger file: one SQLite 3 database in WAL mode holding every district stream and the projection
 * checkpoints beside them. docs/stores.md ("The file format") describes both versions for operators.
 *
 * Tables (schema version 2, built for append, verify and rebuild):
 *
 * - `ledger_schema(version INTEGER PRIMARY KEY, applied_at TEXT)` — one row per schema version applied
 *   to the file (a migrated file holds 1 and 2), so that a release can tell what it is opening and migrate
 *   it forward. A file whose highest version is newer than {@link SCHEMA_VERSION} is refused rather than misread.
 * - `streams(id INTEGER PRIMARY KEY, stream TEXT UNIQUE)` — the district codes (docs/spec.md §2), each
 *   given a small id on its first append.
 * - `records` — one row per stored record, in an ordinary rowid table (rows are ~0.5–1.5 KB, where SQLite
 *   advises against `WITHOUT ROWID`). The rowid is `stream id × 2^32 + position` (`recordRow.ts`), so a
 *   stream is one contiguous run of the table in position order: a range read is one walk along the rowid
 *   b-tree, an append writes at the end of its run, and "two writers can never both write position n" is
 *   the primary key, a property of the file and not only of the code. Columns:
 *   - `type`, `effective_date`, `recorded_at`, `hash`: copies of record fields — what `head()` and a fold
 *     that only needs these read without parsing JSON;
 *   - `chained` TEXT: the canonical JSON (RFC 8785) of the chained fields, exactly the bytes `hash` is the
 *     SHA-256 of (docs/spec.md §2, §8.3), so a verifier hashes the column as it is;
 *   - `data` TEXT: `JSON.stringify` of `data`, in the order given (canonicalising would reorder its keys);
 *   - `redacted` 0/1: the redaction mark, outside the chain like the record's own `redacted`.
 *   `stream_id` and `position` are virtual generated columns, for queries with the `sqlite3` shell; they
 *   take no space. Reading a record parses `chained` and `data`, so it reads back exactly as appended.
 * - `event_ids(stream_id, event_id, position)` — `WITHOUT ROWID`, primary key `(stream_id, event_id)`:
 *   the idempotency index of docs/spec.md §2, ~40 bytes a row (a canonical UUID as its 16 bytes, any other
 *   id as TEXT; `recordRow.ts` `eventIdKey`), small enough that SQLite's cache holds it for a large stream.
 * - `projection_checkpoints(stream, projection, version, position, state)` — unchanged from version 1:
 *   the last saved state of each projection per stream, keyed by `(stream, projection)`.
 *
 * Version 1 (`events`, a `WITHOUT ROWID` table clustered by `(stream, position)` holding each record's
 * JSON, with `UNIQUE (stream, event_id)` over the TEXT ids) is migrated on the first writable open, in
 * one transaction ({@link migrateToCurrent}).
 *
 * The file carries `PRAGMA application_id` = {@link APPLICATION_ID} ("ILdg"), so that a tool opening an
 * unrelated SQLite file by mistake refuses it instead of adding tables to it.
 *
 * @packageDocumentation
 */

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = 2;

/** `PRAGMA application_id` of a ledger file: the ASCII bytes "ILdg". */
export const APPLICATION_ID = 0x494c6467;

/** Version 1's tables, kept to recognise (and test the migration of) files written before version 2. */
export const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS ledger_schema (
  version    INTEGER NOT NULL PRIMARY KEY,
  applied_at TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  stream         TEXT    NOT NULL,
  position       INTEGER NOT NULL CHECK (position >= 1),
  event_id       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  effective_date TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  record         TEXT    NOT NULL,
  PRIMARY KEY (stream, position),
  UNIQUE (stream, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  stream     TEXT    NOT NULL,
  projection TEXT    NOT NULL,
  version    TEXT    NOT NULL,
  position   INTEGER NOT NULL CHECK (position >= 0),
  state      TEXT    NOT NULL,
  PRIMARY KEY (stream, projection)
) WITHOUT ROWID;
`;

const SCHEMA_V2 = `
CREATE TABLE IF NOT EXISTS ledger_schema (
  version    INTEGER NOT NULL PRIMARY KEY,
  applied_at TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS streams (
  id     INTEGER PRIMARY KEY CHECK (id >= 1 AND id < ${2 ** 21}),
  stream TEXT    NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS records (
  id             INTEGER PRIMARY KEY CHECK (id % ${POSITIONS_PER_STREAM} >= 1),
  type           TEXT    NOT NULL,
  effective_date TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  chained        TEXT    NOT NULL,
  data           TEXT,
  redacted       INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1)),
  stream_id      INTEGER GENERATED ALWAYS AS (id / ${POSITIONS_PER_STREAM}) VIRTUAL,
  position       INTEGER GENERATED ALWAYS AS (id % ${POSITIONS_PER_STREAM}) VIRTUAL
);
CREATE TABLE IF NOT EXISTS event_ids (
  stream_id INTEGER NOT NULL,
  event_id  BLOB    NOT NULL,
  position  INTEGER NOT NULL,
  PRIMARY KEY (stream_id, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  stream     TEXT    NOT NULL,
  projection TEXT    NOT NULL,
  version    TEXT    NOT NULL,
  position   INTEGER NOT NULL CHECK (position >= 0),
  state      TEXT    NOT NULL,
  PRIMARY KEY (stream, projection)
) WITHOUT ROWID;
`;

/** What an opened SQLite file holds, found by reading only (docs/spec.md §8.1). */
export type LedgerFileKind =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ledger' }
  | { readonly kind: 'foreign'; readonly reason: string };

// The ledger's own tables; anything else in a file means another program put it there.
// Version 1's `events` and version 2's tables: a file holds one set or the other.
const LEDGER_TABLES: ReadonlySet<string> = new Set(['ledger_schema', 'events', 'streams', 'records', 'event_ids', 'projection_checkpoints']);

/**
 * Tells a ledger from an empty file and from another program's file, with reads only, so that a file
 * that is not a ledger is refused before anything (journal mode, tables, application id) is written to it.
 * A ledger carries {@link APPLICATION_ID}; a file with application id 0 counts as one only if it holds the
 * ledger's tables and nothing else (a ledger rebuilt from an `.dump`, which does not keep the id).
 * Throws SQLite's own "file is not a database" for a file that is not SQLite at all.
 */
export const ledgerFileKindOf = (db: Database.Database): LedgerFileKind => {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const objects = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    return { kind: 'foreign', reason: `an SQLite file of another application (application_id ${applicationId})` };
  }
  const others = objects.filter((name) => !LEDGER_TABLES.has(name));
  if (others.length > 0) return { kind: 'foreign', reason: `an SQLite file with tables of another program (${others.slice(0, 5).join(', ')})` };
  if (applicationId === APPLICATION_ID) return { kind: 'ledger' };
  if (objects.length === 0) return { kind: 'empty' };
  if (!objects.includes('ledger_schema')) return { kind: 'foreign', reason: `an SQLite file without a ledger schema (tables ${objects.join(', ')})` };
  return { kind: 'ledger' };
};

/** Refuses a file that is not a ledger, naming what it is (docs/spec.md §8.1). */
export const assertLedgerFile = (db: Database.Database, kind: LedgerFileKind = ledgerFileKindOf(db)): void => {
  if (kind.kind === 'foreign') throw new Error(`${db.name} is not a ledger: it is ${kind.reason}; nothing was written to it`);
};

/** The highest schema version recorded in a ledger file, refusing one newer than this release reads. */
export const assertReadableSchema = (db: Database.Database): number => {
  const current = (db.prepare('SELECT MAX(version) FROM ledger_schema').pluck().get() as number | null) ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`${db.name} has ledger schema version ${current}; this release reads up to version ${SCHEMA_VERSION}`);
  }
  return current;
};

/** Progress of a migration, reported every {@link MIGRATION_PROGRESS_EVERY} records and at the end. */
export interface MigrationProgress {
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Records copied so far. */
  readonly records: number;
  /** Records the file holds. */
  readonly of: number;
}

/** How often (in records) a migration reports its progress. */
export const MIGRATION_PROGRESS_EVERY = 10_000;

interface V1Row {
  readonly stream: string;
  readonly position: number;
  readonly event_id: string;
  readonly record: string;
}

/**
 * Copies a version-1 file's records into version 2's tables and drops `events`, inside the caller's
 * transaction (so a process killed in the middle leaves the file as it was: version 1). Each record's
 * JSON is parsed once and laid out by `rowOfRecord`, the append path's own function, so a migrated record
 * reads back, hashes and verifies exactly as one appended by version 2; the copied columns (`hash`,
 * `recorded_at`, …) are taken from the record, which version 1 documented as the source of truth.
 * Projection checkpoints (and the redaction logs kept as checkpoints) are in a table both versions share:
 * they stay as they are, byte for byte.
 */
const migrateV1ToV2 = (db: Database.Database, onProgress: ((progress: MigrationProgress) => void) | undefined): void => {
  db.exec(SCHEMA_V2);
  const of = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  const addStream = db.prepare<[string]>('INSERT INTO streams (stream) VALUES (?)');
  const streamIds = new Map<string, number>();
  for (const stream of db.prepare('SELECT DISTINCT stream FROM events ORDER BY stream').pluck().all() as string[]) {
    streamIds.set(stream, Number(addStream.run(stream).lastInsertRowid));
  }
  const insertRecord = db.prepare(
    'INSERT INTO records (id, type, effective_date, recorded_at, hash, chained, data, redacted) VALUES (@id, @type, @effective_date, @recorded_at, @hash, @chained, @data, @redacted)',
  );
  const insertEventId = db.prepare<[number, Buffer | string, number]>('INSERT INTO event_ids (stream_id, event_id, position) VALUES (?, ?, ?)');
  // Keyset pages along version 1's primary key: a connection cannot write while a read of it is still open.
  const page = db.prepare<[string, number], V1Row>(
    'SELECT stream, position, event_id, record FROM events WHERE (stream, position) > (?, ?) ORDER BY stream, position LIMIT 1000',
  );
  let records = 0;
  for (let rows = page.all('', 0); rows.length > 0; rows = page.all(rows.at(-1)!.stream, rows.at(-1)!.position)) {
    for (const row of rows) {
      const streamId = streamIds.get(row.stream)!;
      const record = JSON.parse(row.record) as StoredRecord;
      insertRecord.run({ id: rowIdOf(streamId, row.position), ...rowOfRecord(record) });
      insertEventId.run(streamId, eventIdKey(row.event_id), row.position);
      records += 1;
      if (records % MIGRATION_PROGRESS_EVERY === 0) onProgress?.({ fromVersion: 1, toVersion: 2, records, of });
    }
  }
  db.exec('DROP TABLE events');
  onProgress?.({ fromVersion: 1, toVersion: 2, records, of });
};

/**
 * Brings a ledger file of an older version to {@link SCHEMA_VERSION} in the caller's transaction; a
 * current one is left alone. Returns the version the file had.
 */
export const migrateToCurrent = (db: Database.Database, onProgress?: (progress: MigrationProgress) => void): number => {
  const current = assertReadableSchema(db);
  if (current === 1) migrateV1ToV2(db, onProgress);
  if (current < SCHEMA_VERSION) {
    db.prepare('INSERT INTO ledger_schema (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION, new Date().toISOString());
  }
  return current;
};

/** The highest schema version of a ledger file, read without writing (0 for a file without tables yet). */
export const schemaVersionOf = (db: Database.Database): number => {
  const hasSchema = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_schema'").get() !== undefined;
  return hasSchema ? ((db.prepare('SELECT MAX(version) FROM ledger_schema').pluck().get() as number | null) ?? 0) : 0;
};

/**
 * Brings a freshly opened file to {@link SCHEMA_VERSION}: creates the tables of an empty file, migrates an
 * older one (version 1, see {@link migrateToCurrent}), accepts a current one, refuses a foreign or newer
 * one. Runs in one `BEGIN IMMEDIATE` transaction, so that processes opening a new file at the same moment
 * create it once, two processes opening a version-1 file migrate it once (the second finds version 2
 * under the lock), and a migration is all or nothing: killed in the middle, the file is still version 1.
 * The caller has already refused a foreign file before writing anything; the check is repeated here under
 * the write lock.
 */
export const prepareSchema = (db: Database.Database, onProgress?: (progress: MigrationProgress) => void): void => {
  db.transaction(() => {
    const kind = ledgerFileKindOf(db);
    assertLedgerFile(db, kind);
    const before = schemaVersionOf(db);
    if (before > SCHEMA_VERSION) assertReadableSchema(db);
    if (before === 0) db.exec(SCHEMA_V2);
    migrateToCurrent(db, onProgress);
    if ((db.pragma('application_id', { simple: true }) as number) === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
};
