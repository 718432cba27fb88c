import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaOfUrl } from './connectionUrl.js';
import { openPostgresStore } from './postgresStore.js';
import { dropSchema, freshSchemaName, requireTestDatabase, testDatabaseUrl, testPool } from './testing/testDatabase.js';

beforeAll(requireTestDatabase);

const withParameter = (url: string, parameter: string): string => `${url}${url.includes('?') ? '&' : '?'}${parameter}`;

const schemaExists = async (schema: string): Promise<boolean> => {
  const pool = testPool(1);
  try {
    return ((await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount ?? 0) > 0;
  } finally {
    await pool.end();
  }
};

describe('?schema= in the URL (docs/spec.md §8.5: never write where the user did not ask)', () => {
  it('is taken out of the URL for the store, other parameters staying for pg', () => {
    expect(schemaOfUrl('postgres://u@h:5432/db')).toEqual({ url: 'postgres://u@h:5432/db' });
    expect(schemaOfUrl('postgresql://u@h/db?sslmode=require')).toEqual({ url: 'postgresql://u@h/db?sslmode=require' });
    expect(schemaOfUrl('postgres://u@h/db?schema=ledger_a')).toEqual({ url: 'postgres://u@h/db', schema: 'ledger_a' });
    expect(schemaOfUrl('postgres://u@h/db?schema=s1&sslmode=disable')).toEqual({ url: 'postgres://u@h/db?sslmode=disable', schema: 's1' });
    expect(schemaOfUrl('postgres://u@h/db?sslmode=disable&schema=s1')).toEqual({ url: 'postgres://u@h/db?sslmode=disable', schema: 's1' });
  });

  it('openPostgresStore({ url: "…?schema=x" }) writes into x, not into the default schema', async () => {
    const schema = freshSchemaName('url');
    const store = await openPostgresStore({ url: withParameter(testDatabaseUrl(), `schema=${schema}`) });
    try {
      expect(store.schema).toBe(schema);
      expect(await schemaExists(schema)).toBe(true);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });

  it('a URL schema and a different options.schema are refused', async () => {
    await expect(openPostgresStore({ url: withParameter(testDatabaseUrl(), 'schema=ledger_one') }, { schema: 'ledger_two' })).rejects.toThrow(
      /schema=ledger_one.*ledger_two/,
    );
  });
});

describe('a reading open (create: false) never creates a ledger', () => {
  let schema: string;
  beforeAll(() => {
    schema = freshSchemaName('absent');
  });
  afterAll(() => dropSchema(schema));

  it('refuses a schema without the ledger, and leaves no schema behind', async () => {
    await expect(openPostgresStore({ url: testDatabaseUrl() }, { schema, create: false })).rejects.toThrow(`no ledger in PostgreSQL schema ${schema}`);
    expect(await schemaExists(schema)).toBe(false);
  });

  it('opens a ledger that is there', async () => {
    const created = await openPostgresStore({ url: testDatabaseUrl() }, { schema });
    await created.close();
    const reading = await openPostgresStore({ url: testDatabaseUrl() }, { schema, create: false });
    expect((await reading.head('130302' as never)).position).toBe(0);
    await reading.close();
  });

});
