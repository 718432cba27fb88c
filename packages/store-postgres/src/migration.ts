import type { Pool, PoolClient } from 'pg';
import { inTransaction } from './transaction.js';

/**
 * The ledger's tables in PostgreSQL, all inside one schema (default {@link DEFAULT_SCHEMA}), and the
 * idempotent migration that creates them. Only SQL that PostgreSQL 12 already has.
 *
 * Tables (schema version 1):
 *
 * - `schema_version(version integer PRIMARY KEY, applied_at timestamptz)` — one row per version applied,
 *   so a later release can tell what it is opening and migrate forward. A schema whose highest version
 *   is newer than {@link SCHEMA_VERSION} is refused rather than misread.
 * - `streams` — one row per district with records: its head (`position`, `hash`, `recorded_at` exactly
 *   as the last record has them). Every append locks this row (`SELECT … FOR UPDATE`) before it checks
 *   the expected position, so appends to one district are serialised across all connections and
 *   processes, while appends to different districts never wait for each other. `head()` reads it in O(1).
 * - `events` — one row per stored record:
 *   - `(district, position)` is the primary key, so "two writers can never both write position n" is a
 *     property of the database and not only of the code; `(district, event_id)` is unique (docs/spec.md §2);
 *   - `type`, `effective_date` (date), `recorded_at` (timestamptz), `data_hash`, `prev_hash`, `hash`:
 *     copies of record fields, typed for SQL queries by the embedding system (e.g. "what was known at
 *     K": `recorded_at <= K`); the store itself never reads them back;
 *   - `record` (text): the whole record as JSON (`recordToJson` of the core). This column is the source of
 *     truth: reading parses it and nothing else, so a record reads back deep-equal to what was appended
 *     and with the same canonical JSON, hence the same hashes. It is deliberately `text`, not `jsonb`:
 *     jsonb reorders keys, drops duplicate keys and stores numbers as `numeric`, which prints 1e21 as
 *     `1000000000000000000000` and 5e-324 with hundreds of digits — the record would still parse, but
 *     no longer be the bytes that were written. `JSON.stringify` escapes U+0000 and lone surrogates, so
 *     the text never holds a character PostgreSQL's `text` cannot store.
 * - `projection_checkpoints(district, projection, version, position, state, saved_at)` — the last saved
 *   state of each projection per district; `state` is the projection's own serialisation.
 *
 * `district` columns use the "C" collation, so `ORDER BY district` is the code-unit order JavaScript
 * sorts in, whatever the database's default collation is.
 *
 * @packageDocumentation
 */

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = 1;

/** The PostgreSQL schema the ledger's tables live in unless the embedding system names another. */
export const DEFAULT_SCHEMA = 'indicator_ledger';

/**
 * Longest schema name accepted: PostgreSQL identifiers hold at most 63 bytes, and the notification
 * channel is the schema name followed by `.appended` (9 bytes).
 */
const MAX_SCHEMA_LENGTH = 54;

/**
 * Checks a schema name: lower-case ASCII letters, digits and `_`, not starting with a digit or `pg_`
 * (reserved by PostgreSQL), at most 54 characters. Lower case only, so the name means the same quoted
 * and unquoted in a DBA's `psql` session. Returns the reason it is refused, or undefined.
 */
export const schemaNameProblem = (schema: string): string | undefined => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) return `schema ${JSON.stringify(schema)} should be lower-case letters, digits and _, not starting with a digit`;
  if (schema.startsWith('pg_')) return `schema ${JSON.stringify(schema)} starts with pg_, which PostgreSQL reserves`;
  if (schema.length > MAX_SCHEMA_LENGTH) return `schema ${JSON.stringify(schema)} is longer than ${MAX_SCHEMA_LENGTH} characters`;
  return undefined;
};

/** The LISTEN/NOTIFY channel on which appends to the ledger in `schema` are announced. */
export const appendChannelOf = (schema: string): string => `${schema}.appended`;

/** A checked schema name in double quotes, for SQL text (it cannot be a bind parameter). */
export const quotedSchema = (schema: string): string => `"${schema}"`;

const tablesV1 = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.schema_version (
  version    integer     NOT NULL PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${s}.streams (
  district    text COLLATE "C" NOT NULL PRIMARY KEY,
  position    bigint NOT NULL CHECK (position >= 0),
  hash        text   NOT NULL,
  recorded_at text
);
CREATE TABLE IF NOT EXISTS ${s}.events (
  district       text COLLATE "C" NOT NULL,
  position       bigint      NOT NULL CHECK (position >= 1),
  event_id       text        NOT NULL,
  type           text        NOT NULL,
  effective_date date        NOT NULL,
  recorded_at    timestamptz NOT NULL,
  data_hash      text        NOT NULL,
  prev_hash      text        NOT NULL,
  hash           text        NOT NULL,
  record         text        NOT NULL,
  CONSTRAINT events_pkey PRIMARY KEY (district, position),
  CONSTRAINT events_event_id_key UNIQUE (district, event_id)
);
CREATE TABLE IF NOT EXISTS ${s}.projection_checkpoints (
  district   text COLLATE "C" NOT NULL,
  projection text        NOT NULL,
  version    text        NOT NULL,
  position   bigint      NOT NULL CHECK (position >= 0),
  state      text        NOT NULL,
  saved_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (district, projection)
);
`;

/** The highest schema version applied to `schema`, 0 when the ledger's tables are not there. */
const installedVersion = async (db: Pool | PoolClient, schema: string): Promise<number> => {
  const table = await db.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`${quotedSchema(schema)}.schema_version`]);
  if (table.rows[0]?.exists !== true) return 0;
  const version = await db.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${quotedSchema(schema)}.schema_version`);
  return version.rows[0]?.version ?? 0;
};

const refuseNewer = (schema: string, version: number): void => {
  if (version > SCHEMA_VERSION) {
    throw new Error(`PostgreSQL schema ${schema} has ledger schema version ${version}; this release reads up to version ${SCHEMA_VERSION}`);
  }
};

/**
 * Refuses a database whose encoding cannot hold every record: the ledger's text is Unicode (CJK names,
 * emoji in titles), and a LATIN1 or EUC_CN database would refuse some appends months after opening.
 * UTF8 is what to use; SQL_ASCII stores the client's UTF-8 bytes unchecked, which round-trips too.
 */
const requireUnicodeDatabase = async (pool: Pool): Promise<void> => {
  const { rows } = await pool.query<{ encoding: string; database: string }>(
    'SELECT pg_encoding_to_char(encoding) AS encoding, datname AS database FROM pg_database WHERE datname = current_database()',
  );
  const encoding = rows[0]?.encoding;
  if (encoding !== 'UTF8' && encoding !== 'SQL_ASCII') {
    throw new Error(`database ${rows[0]?.database} has encoding ${encoding}; the ledger needs a UTF8 database to store every record unchanged`);
  }
};

/**
 * Brings `schema` to {@link SCHEMA_VERSION}: creates the schema and tables where missing, accepts a
 * current one, refuses a newer one (and a database that is not UTF8); with `create: false`, refuses a
 * missing or older one instead of creating or upgrading it. A schema already at the current version is only read, so a role
 * with no CREATE privilege can open a ledger a DBA prepared. Otherwise the work runs in one transaction
 * under a transaction-level advisory lock, so processes opening a new ledger at the same moment create
 * it once instead of failing on each other's `CREATE`.
 */
export const migrate = async (pool: Pool, schema: string, options: { readonly create?: boolean } = {}): Promise<void> => {
  await requireUnicodeDatabase(pool);
  const current = await installedVersion(pool, schema);
  refuseNewer(schema, current);
  if (current === SCHEMA_VERSION) return;
  // A reading open must not create a ledger where there is none: a mistyped schema should say so.
  if (options.create === false) {
    throw new Error(current === 0 ? `no ledger in PostgreSQL schema ${schema}` : `the ledger in PostgreSQL schema ${schema} has version ${current}; open it once for writing to upgrade it`);
  }
  await inTransaction(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`indicator-ledger migration ${schema}`]);
    // CREATE SCHEMA IF NOT EXISTS checks the database-level CREATE privilege before it notices the
    // schema exists, so it is only issued when the schema is really missing.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quotedSchema(schema)}`);
    await client.query(tablesV1(quotedSchema(schema)));
    const now = await installedVersion(client, schema);
    refuseNewer(schema, now);
    // Version 1 is the first: nothing to migrate from yet, only the version to record.
    if (now < SCHEMA_VERSION) await client.query(`INSERT INTO ${quotedSchema(schema)}.schema_version (version) VALUES ($1)`, [SCHEMA_VERSION]);
    return { commit: true, value: undefined };
  });
};
