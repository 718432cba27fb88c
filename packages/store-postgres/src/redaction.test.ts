import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, loadRedactions, redact, verify } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { DISTINCTIVE_NAME, HR_CLERK, commissionerDispatches, redactionRequest } from '@indicator-ledger/core/testing';
import { openPostgresStore } from './postgresStore.js';
import type { PostgresEventStore } from './postgresStore.js';
import { dropSchema, freshSchemaName, requireTestDatabase, testDatabaseUrl, testPool } from './testing/testDatabase.js';

beforeAll(requireTestDatabase);

const district = '130302' as DistrictCode;
const hr = HR_CLERK;
const DISTINCTIVE = DISTINCTIVE_NAME;
const dispatches = (names: readonly string[]) => commissionerDispatches(district, names);
const request = redactionRequest;

const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

/** Two stores on one fresh schema, each with a pool of its own: two processes, as far as the server can tell. */
const twoStoresWith = async (names: readonly string[]): Promise<[PostgresEventStore, PostgresEventStore]> => {
  const schema = freshSchemaName('redact');
  schemas.push(schema);
  const a = await openPostgresStore({ url: testDatabaseUrl(), maxConnections: 4 }, { schema });
  const b = await openPostgresStore({ url: testDatabaseUrl(), maxConnections: 4 }, { schema });
  const appended = await createLedger({ store: a }).append(district, dispatches(names));
  if (appended._tag === 'Left') throw new Error(JSON.stringify(appended.left).slice(0, 500));
  return [a, b];
};

describe('redactions through two pools at once (docs/spec.md §8.4)', () => {
  it('all succeed, every entry is logged, and the chain still verifies', async () => {
    const [a, b] = await twoStoresWith(['王芳', '赵磊', '刘伟', '陈静']);
    try {
      const outcomes = await Promise.all([redact(a, district, request(1)), redact(b, district, request(2)), redact(a, district, request(3)), redact(b, district, request(4))]);
      expect(outcomes.map((o) => o._tag === 'Right')).toEqual([true, true, true, true]);
      expect((await loadRedactions(b, district)).map((e) => e.position).sort()).toEqual([1, 2, 3, 4]);
      expect(await verify(a, district)).toMatchObject({ _tag: 'Right', right: { size: 4 } });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('logs a record redacted twice at the same moment twice, and both read as one redaction', async () => {
    const [a, b] = await twoStoresWith(['王芳', '赵磊']);
    try {
      const outcomes = await Promise.all([redact(a, district, request(2)), redact(b, district, request(2))]);
      expect(outcomes.map((o) => o._tag === 'Right')).toEqual([true, true]);
      expect((await loadRedactions(a, district)).map((e) => e.position)).toEqual([2, 2]);
      expect(await verify(b, district)).toMatchObject({ _tag: 'Right', right: { size: 2 } });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('a redacted name in the table files (docs/spec.md §8.4)', () => {
  /** Where in the events table's heap file (after a CHECKPOINT writes it out) the name's UTF-8 bytes are; 0: nowhere. */
  const nameInHeap = async (schema: string): Promise<number> => {
    const pool = testPool(1);
    try {
      await pool.query('CHECKPOINT');
      const { rows } = await pool.query<{ at: number }>(
        `SELECT position(convert_to($1, 'UTF8') IN pg_read_binary_file(pg_relation_filepath($2))) AS at`,
        [DISTINCTIVE, `"${schema}".events`],
      );
      return rows[0]!.at;
    } finally {
      await pool.end();
    }
  };

  it('is in the heap before the redaction, and no longer after it: the store vacuums the table', async () => {
    const [a, b] = await twoStoresWith(['王芳', DISTINCTIVE, '刘伟']);
    const schema = a.schema;
    try {
      expect(await nameInHeap(schema)).toBeGreaterThan(0);
      expect((await redact(a, district, request(2)))._tag).toBe('Right');
      expect(await nameInHeap(schema)).toBe(0);
      expect(await verify(b, district)).toMatchObject({ _tag: 'Right', right: { size: 3 } });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
