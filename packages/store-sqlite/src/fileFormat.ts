import type Database from 'better-sqlite3';

/**
 * The ledger file: one SQLite 3 database in WAL mode holding every district stream and the projection
 * checkpoints beside them.
 *
 * Tables (schema version 1):
 *
 * - `ledger_schema(version INTEGER PRIMARY KEY, applied_at TEXT)` — one row per schema version applied
 *   to the file, so that a later release can tell what it is opening and migrate it forward. A file
 *   whose highest version is newer than {@link SCHEMA_VERSION} is refused rather than misread.
 * - `events` — one row per stored record, clustered by `(stream, position)` (a `WITHOUT ROWID` table, so
 *   a range read is one walk along the primary key and an append writes one b-tree besides the id index):
 *   - `stream` TEXT: the district code (docs/spec.md §2) the record was appended to;
 *   - `position` INTEGER: its 1-based position; `(stream, position)` is the primary key, which is what makes
 *     "two writers can never both write position n" a property of the file and not only of the code;
 *   - `event_id` TEXT: the record's `eventId`; `(stream, event_id)` is unique (docs/spec.md §2);
 *   - `type`, `effective_date`, `recorded_at`, `hash`: copies of record fields, for queries with the
 *     `sqlite3` shell and for `head()` without parsing JSON;
 *   - `record` TEXT: the whole record as JSON (`recordToJson` of the core: the envelope, `dataHash`,
 *     `prevHash`, `data`, `hash`). This column is the source of truth: reading parses it and nothing
 *     else, so a record reads back exactly as it was appended. Strings are stored as UTF-8; `JSON.stringify`
 *     escapes lone surrogates, so even those survive.
 * - `projection_checkpoints(stream, projection, version, position, state)` — the last saved state of
 *   each projection per stream, keyed by `(stream, projection)`; `state` is the projection's own
 *   serialisation, `version` its shape version (a changed version means: rebuild from position 1).
 *
 * The file carries `PRAGMA application_id` = {@link APPLICATION_ID} ("ILdg"), so that a tool opening an
 * unrelated SQLite file by mistake refuses it instead of adding tables to it.
 *
 * @packageDocumentation
 */

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = 1;

/** `PRAGMA application_id` of a ledger file: the ASCII bytes "ILdg". */
export const APPLICATION_ID = 0x494c6467;

const SCHEMA_V1 = `
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

/** What an opened SQLite file holds, found by reading only (docs/spec.md §8.1). */
export type LedgerFileKind =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ledger' }
  | { readonly kind: 'foreign'; readonly reason: string };

// The ledger's own tables; anything else in a file means another program put it there.
const LEDGER_TABLES: ReadonlySet<string> = new Set(['ledger_schema', 'events', 'projection_checkpoints']);

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

/**
 * Brings a freshly opened file to {@link SCHEMA_VERSION}: creates the tables of an empty file, accepts
 * a current one, refuses a foreign or newer one. Runs in one `BEGIN IMMEDIATE` transaction so that
 * processes opening a new file at the same moment create it once. The caller has already refused a
 * foreign file before writing anything; the check is repeated here under the write lock.
 */
export const prepareSchema = (db: Database.Database): void => {
  db.transaction(() => {
    const kind = ledgerFileKindOf(db);
    assertLedgerFile(db, kind);
    db.exec(SCHEMA_V1);
    const current = assertReadableSchema(db);
    if (current < SCHEMA_VERSION) {
      // Version 1 is the first: nothing to migrate from yet, only the version to record.
      db.prepare('INSERT INTO ledger_schema (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION, new Date().toISOString());
    }
    if ((db.pragma('application_id', { simple: true }) as number) === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
};
