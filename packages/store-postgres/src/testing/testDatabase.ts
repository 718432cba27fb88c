import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Pool } from 'pg';
import { openPostgresStore } from '../postgresStore.js';
import type { PostgresEventStore, PostgresStoreOptions } from '../postgresStore.js';

/**
 * The database the tests run against (test support only; not exported by the package): `LEDGER_PG_URL`
 * when set, else the local server CI starts (`.ci/run`), trust auth, database `test`.
 */
export const testDatabaseUrl = (): string => process.env.LEDGER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test run uses, so every store under test starts empty. */
export const freshSchemaName = (label = 'test'): string => `ledger_${label}_${randomBytes(6).toString('hex')}`;

/**
 * Fails with a message that says what to do when the server is not answering. The tests never skip
 * themselves: a missing server must turn CI red, not quietly green.
 */
export const requireTestDatabase = async (): Promise<void> => {
  const url = testDatabaseUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${String(err)}). Start the local server ` +
        '(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set LEDGER_PG_URL.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** A pool on the test database, for tests that hand the store a pool or inspect tables directly. */
export const testPool = (max = 4): Pool => {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max });
  pool.on('error', () => undefined);
  return pool;
};

/** Drops a test schema and everything in it. */
export const dropSchema = async (schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
};

/** A store in a fresh schema, with a `dispose` that closes it and drops the schema. */
export const openTestStore = async (options: Omit<PostgresStoreOptions, 'schema'> & { readonly maxConnections?: number } = {}) => {
  const schema = freshSchemaName();
  const store: PostgresEventStore = await openPostgresStore({ url: testDatabaseUrl(), maxConnections: options.maxConnections }, { ...options, schema });
  return {
    store,
    schema,
    dispose: async (): Promise<void> => {
      try {
        await store.close();
      } finally {
        await dropSchema(schema);
      }
    },
  };
};
