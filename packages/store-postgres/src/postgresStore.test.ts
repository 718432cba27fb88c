import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { GENESIS_HASH, createMemoryStore, recordToJson } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, StoreAppendResult, StoredRecord } from '@indicator-ledger/core';
import { chainRecords, contractEvent, contractEventId, signersAtOnce } from '@indicator-ledger/core/testing';
import type { ContractEvent } from '@indicator-ledger/core/testing';
import { decodeAppendNotice, encodeAppendNotice } from './appendNotice.js';
import { SCHEMA_VERSION, appendChannelOf, schemaNameProblem } from './migration.js';
import { openPostgresStore } from './postgresStore.js';
import type { PostgresEventStore } from './postgresStore.js';
import { dropSchema, freshSchemaName, openTestStore, requireTestDatabase, testDatabaseUrl, testPool } from './testing/testDatabase.js';

beforeAll(requireTestDatabase);

const district = '130302' as DistrictCode;

const readAll = async (store: EventStore, stream: DistrictCode): Promise<StoredRecord[]> => {
  const records: StoredRecord[] = [];
  for await (const r of store.read(stream)) records.push(r);
  return records;
};

/** Appends sample events after the head, asserting success. */
const appendSample = async (store: EventStore, stream: DistrictCode, count: number, salt = 0): Promise<StoredRecord[]> => {
  const head = await store.head(stream);
  const events = Array.from({ length: count }, (_, i) => contractEvent(head.position + 1 + i, salt));
  const records = chainRecords(stream, head, events);
  expect(E.isRight(await store.append(stream, records, head.position))).toBe(true);
  return records;
};

/** Waits (polling, bounded) until `done()` holds; the assertion that follows says what was expected. */
const eventually = async (done: () => boolean, limitMs = 10_000): Promise<void> => {
  for (let waited = 0; waited < limitMs && !done(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('schema names', () => {
  it('accepts plain lower-case identifiers up to 54 characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-oq-z_][a-z0-9_]{0,53}$/), (name) => {
        expect(schemaNameProblem(name)).toBeUndefined();
        expect(Buffer.byteLength(appendChannelOf(name))).toBeLessThanOrEqual(63);
      }),
    );
  });

  it('refuses names that would need quoting, are reserved or too long, before connecting', async () => {
    for (const bad of ['', 'Ledger', '1ledger', 'led-ger', 'ledger"; DROP SCHEMA public; --', 'pg_ledger', 'a'.repeat(55), '账本', 'ledger.events']) {
      expect(schemaNameProblem(bad)).toBeDefined();
      await expect(openPostgresStore({ url: 'postgres://nobody@127.0.0.1:1/none' }, { schema: bad })).rejects.toThrow(RangeError);
    }
  });
});

describe('append notices', () => {
  it('decode what they encode', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{6}$/), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (code, head) => {
        expect(decodeAppendNotice(encodeAppendNotice({ district: code as DistrictCode, head }))).toEqual({ district: code, head });
      }),
    );
  });

  it('ignore anything else sent on the channel', () => {
    for (const stray of [undefined, '', 'hello', 'null', '[]', '{"district":"130302"}', '{"district":"1303","head":2}', '{"district":"130302","head":0}', '{"district":"130302","head":1.5}', '{"district":130302,"head":2}']) {
      expect(decodeAppendNotice(stray)).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (payload) => {
        const notice = decodeAppendNotice(payload);
        if (notice === undefined) return;
        expect(notice.district).toMatch(/^[0-9]{6}$/);
        expect(Number.isSafeInteger(notice.head) && notice.head >= 1).toBe(true);
      }),
    );
  });
});

describe('migration', () => {
  it('creates the ledger once when several processes open a new schema at the same moment, and again changes nothing', async () => {
    const schema = freshSchemaName('migrate');
    const pool = testPool(10);
    try {
      const stores = await Promise.all(Array.from({ length: 6 }, () => openPostgresStore({ url: testDatabaseUrl(), maxConnections: 2 }, { schema })));
      await Promise.all(stores.map((s) => s.close()));
      const reopened = await openPostgresStore({ pool }, { schema });
      await reopened.close();
      const versions = await pool.query<{ version: number }>(`SELECT version FROM "${schema}".schema_version`);
      expect(versions.rows).toEqual([{ version: SCHEMA_VERSION }]);
      const tables = await pool.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
        [schema],
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(['events', 'projection_checkpoints', 'schema_version', 'streams']);
    } finally {
      await pool.end();
      await dropSchema(schema);
    }
  });

  it('keeps the record as text (never jsonb), with the typed copies beside it', async () => {
    const { store, schema, dispose } = await openTestStore();
    const pool = testPool(1);
    try {
      const records = await appendSample(store, district, 4);
      const types = await pool.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
        [schema, 'events'],
      );
      expect(Object.fromEntries(types.rows.map((r) => [r.column_name, r.data_type]))).toMatchObject({
        record: 'text',
        position: 'bigint',
        effective_date: 'date',
        recorded_at: 'timestamp with time zone',
      });
      const { rows } = await pool.query<{ record: string; event_id: string; effective_date: string; recorded_at: string; hash: string; prev_hash: string; data_hash: string }>(
        `SELECT record, event_id, effective_date::text AS effective_date,
                to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, hash, prev_hash, data_hash
         FROM "${schema}".events WHERE district = $1 ORDER BY position`,
        [district],
      );
      expect(rows.map((r) => r.record)).toEqual(records.map((r) => JSON.stringify(recordToJson(r))));
      expect(rows.map((r) => [r.event_id, r.effective_date, r.recorded_at, r.hash, r.prev_hash, r.data_hash])).toEqual(
        records.map((r) => [r.eventId, r.effectiveDate, r.recordedAt, r.hash, r.prevHash, r.dataHash]),
      );
    } finally {
      await pool.end();
      await dispose();
    }
  });

  it('refuses a schema written by a newer release', async () => {
    const { store, schema, dispose } = await openTestStore();
    const pool = testPool(1);
    try {
      await pool.query(`INSERT INTO "${schema}".schema_version (version) VALUES ($1)`, [SCHEMA_VERSION + 1]);
      await expect(openPostgresStore({ pool }, { schema })).rejects.toThrow(`has ledger schema version ${SCHEMA_VERSION + 1}`);
      expect(pool.ended).toBe(false);
    } finally {
      await pool.end();
      await store.close();
      await dispose();
    }
  });
});

describe('database encoding', () => {
  it('refuses a database that is not UTF8, before creating anything in it', async (context) => {
    const admin = testPool(1);
    const database = freshSchemaName('latin1');
    try {
      const { rows } = await admin.query<{ can: boolean }>('SELECT rolsuper OR rolcreatedb AS can FROM pg_roles WHERE rolname = current_user');
      if (rows[0]?.can !== true) return context.skip('the test role may not create databases');
      await admin.query(`CREATE DATABASE "${database}" ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
      const url = new URL(testDatabaseUrl());
      url.pathname = `/${database}`;
      await expect(openPostgresStore({ url: url.toString() })).rejects.toThrow(`database ${database} has encoding LATIN1`);
      const other = new pg.Client({ connectionString: url.toString() });
      await other.connect();
      const schemas = await other.query("SELECT 1 FROM pg_namespace WHERE nspname = 'indicator_ledger'");
      await other.end();
      expect(schemas.rowCount).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.end();
    }
  });
});

describe('pools', () => {
  it('leaves a borrowed pool open on close, and watching does not take one of its connections', async () => {
    const schema = freshSchemaName('pool');
    const pool = testPool(1);
    try {
      const store = await openPostgresStore({ pool }, { schema });
      const seen: number[] = [];
      const stop = await store.watch((_, head) => seen.push(head));
      // With a one-connection pool, an append while watching would wait forever if the LISTEN
      // connection came from the pool.
      await appendSample(store, district, 2);
      await eventually(() => seen.includes(2));
      expect(seen).toEqual([2]);
      await stop();
      await store.close();
      expect(pool.ended).toBe(false);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      const again = await openPostgresStore({ pool }, { schema });
      expect((await again.head(district)).position).toBe(2);
      await again.close();
    } finally {
      await pool.end();
      await dropSchema(schema);
    }
  });

  it('ends a pool it opened itself', async () => {
    const { store, dispose } = await openTestStore();
    await dispose();
    await expect(store.head(district)).rejects.toThrow();
  });
});

describe('reads', () => {
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;
  let all: StoredRecord[];

  beforeAll(async () => {
    ({ store, dispose } = await openTestStore({ pageSize: 7 }));
    all = [...(await appendSample(store, district, 40)), ...(await appendSample(store, district, 13))];
  });
  afterAll(async () => dispose());

  it('gives any range in pages of at most pageSize records, each page starting where the last ended', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.integer({ min: -3, max: 60 }), { nil: undefined }), fc.option(fc.integer({ min: -3, max: 60 }), { nil: undefined }), async (from, to) => {
        const pages: (readonly StoredRecord[])[] = [];
        for await (const page of store.readPages(district, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) })) pages.push(page);
        const first = Math.max(1, from ?? 1);
        const last = Math.min(all.length, to ?? all.length);
        expect(pages.flat()).toStrictEqual(all.slice(first - 1, Math.max(first - 1, last)));
        expect(pages.every((p) => p.length >= 1 && p.length <= 7)).toBe(true);
        expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('asks the server for one page of positions at a time, so that reading a long stream stays linear', async () => {
    // Each page query used to range from the page's first position to the head, LIMIT pageSize; on a
    // table without statistics the planner then read every row up to the head for every page (a rebuild
    // of 100,000 records from PostgreSQL took 4.6× its CPU time in waiting).
    const pool = testPool(2);
    const schema = freshSchemaName('pages');
    const ranges: number[] = [];
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    vi.spyOn(pool, 'query').mockImplementation(((text: unknown, params?: unknown) => {
      if (typeof text === 'string' && text.includes('ORDER BY position LIMIT') && Array.isArray(params)) ranges.push(Number(params[2]) - Number(params[1]) + 1);
      return query(text, params);
    }) as typeof pool.query);
    const paged = await openPostgresStore({ pool }, { schema, pageSize: 7 });
    try {
      const records = await appendSample(paged, district, 30);
      expect(await readAll(paged, district)).toStrictEqual(records);
      expect(ranges.length).toBe(5);
      expect(ranges.every((r) => r >= 1 && r <= 7)).toBe(true);
    } finally {
      await paged.close();
      await pool.end();
      await dropSchema(schema);
    }
  });

  it('ends an open-ended read at the head it had when it began, even while another writer appends', async () => {
    const pages = store.readPages(district)[Symbol.asyncIterator]();
    const first = await pages.next();
    expect(first.done).toBe(false);
    const more = await appendSample(store, district, 5, 1);
    all = [...all, ...more];
    const read: StoredRecord[] = [...(first.value as StoredRecord[])];
    for (let next = await pages.next(); next.done !== true; next = await pages.next()) read.push(...next.value);
    expect(read).toStrictEqual(all.slice(0, 53));
  });
});

describe('the same conflicts as the memory store', () => {
  /** One step of a writer: a batch at some expected position, perhaps reusing an event id. */
  const arbStep = fc.record({
    size: fc.integer({ min: 0, max: 4 }),
    offset: fc.constantFrom(0, 0, 0, -1, 1, -3),
    reuse: fc.constantFrom('none', 'none', 'stored', 'within'),
    pick: fc.nat(),
  });

  it('gives the same result for every append and the same stream afterwards', async () => {
    const { store, dispose } = await openTestStore();
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 12 }), async (steps) => {
          // A district per run, so runs share one schema and stay apart.
          const stream = `${110000 + run++}` as DistrictCode;
          const memory = createMemoryStore();
          let n = 0;
          for (const step of steps) {
            const head = await memory.head(stream);
            const expected = Math.max(0, head.position + step.offset);
            const events: ContractEvent[] = Array.from({ length: step.size }, () => contractEvent(++n));
            const stored = await readAll(memory, stream);
            if (step.reuse === 'stored' && stored.length > 0 && events.length > 0) {
              events[step.pick % events.length] = { ...events[step.pick % events.length]!, eventId: stored[step.pick % stored.length]!.eventId };
            }
            if (step.reuse === 'within' && events.length > 1) {
              events[events.length - 1] = { ...events[events.length - 1]!, eventId: events[step.pick % (events.length - 1)]!.eventId };
            }
            const records = chainRecords(stream, { position: expected, hash: expected === head.position ? head.hash : GENESIS_HASH }, events);
            const results: StoreAppendResult[] = [await memory.append(stream, records, expected), await store.append(stream, records, expected)];
            expect(results[1]).toEqual(results[0]);
          }
          expect(await store.head(stream)).toEqual(await memory.head(stream));
          expect(await readAll(store, stream)).toStrictEqual(await readAll(memory, stream));
        }),
        { numRuns: 40 },
      );
      expect(await store.streams()).toEqual((await store.streams()).slice().sort());
    } finally {
      await dispose();
    }
  });
});

describe('watch', () => {
  it('reports heads of committed appends only, in order, including those of another connection', async () => {
    const { store, schema, dispose } = await openTestStore();
    const other = await openPostgresStore({ url: testDatabaseUrl() }, { schema });
    const seen: [DistrictCode, number][] = [];
    const stop = await store.watch((stream, head) => seen.push([stream, head]));
    try {
      const first = await appendSample(other, district, 2);
      // A stale append and an empty one commit nothing, so they announce nothing.
      const stale = chainRecords(district, { position: 1, hash: first[0]!.hash }, [contractEvent(50)]);
      expect(E.isLeft(await other.append(district, stale, 1))).toBe(true);
      expect(E.isRight(await other.append(district, [], 2))).toBe(true);
      await appendSample(store, district, 1);
      await appendSample(other, '110105' as DistrictCode, 3);
      await eventually(() => seen.length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([
        [district, 2],
        [district, 3],
        ['110105', 3],
      ]);
    } finally {
      await stop();
      await other.close();
      await dispose();
    }
  });

  it('after losing its connection, reconnects and reports the heads that moved meanwhile', async () => {
    const { store, schema, dispose } = await openTestStore({ reconnectDelayMs: 50 });
    const writer = await openPostgresStore({ url: testDatabaseUrl() }, { schema });
    const admin = testPool(1);
    const seen: [DistrictCode, number][] = [];
    const stop = await store.watch((stream, head) => seen.push([stream, head]));
    try {
      await appendSample(writer, district, 1);
      await eventually(() => seen.length >= 1);
      const pid = store.listenerBackendPid;
      expect(pid).toBeTypeOf('number');
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      // Appended while nobody listens: no notice reaches this process for these.
      await appendSample(writer, district, 2);
      await appendSample(writer, '650102' as DistrictCode, 1);
      await eventually(() => seen.some(([s, h]) => s === district && h === 3) && seen.some(([s]) => s === '650102'));
      expect(seen).toContainEqual([district, 3]);
      expect(seen).toContainEqual(['650102', 1]);
      expect(store.listenerBackendPid).not.toBe(pid);
      await appendSample(writer, district, 1);
      await eventually(() => seen.some(([s, h]) => s === district && h === 4));
      expect(seen.filter(([s]) => s === district).map(([, h]) => h)).toEqual(seen.filter(([s]) => s === district).map(([, h]) => h).sort((a, b) => a - b));
      expect(seen).toContainEqual([district, 4]);
    } finally {
      await stop();
      await admin.end();
      await writer.close();
      await dispose();
    }
  });

  it('ignores stray messages on its channel and keeps going after a listener throws', async () => {
    const { store, schema, dispose } = await openTestStore();
    const admin = testPool(1);
    const seen: number[] = [];
    // Captured instead of printed: the listener's error is meant to become a process warning.
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const warnings = (): string[] => emitWarning.mock.calls.map(([w]) => (w instanceof Error ? w.message : String(w)));
    const stopThrowing = await store.watch(() => {
      throw new Error('listener failed');
    });
    const stop = await store.watch((_, head) => seen.push(head));
    try {
      await admin.query('SELECT pg_notify($1, $2)', [appendChannelOf(schema), 'not a notice']);
      await admin.query('SELECT pg_notify($1, $2)', [appendChannelOf(schema), '{"district":"130302","head":-4}']);
      await appendSample(store, district, 2);
      await appendSample(store, district, 1);
      await eventually(() => seen.includes(3));
      expect(seen).toEqual([2, 3]);
      expect(warnings()).toEqual(['listener failed', 'listener failed']);
    } finally {
      emitWarning.mockRestore();
      await stopThrowing();
      await stop();
      await admin.end();
      await dispose();
    }
  });
});

describe('writers that bypass the head row', () => {
  it('still get typed conflicts from the unique keys, never a thrown database error', async () => {
    const { store, schema, dispose } = await openTestStore();
    const admin = testPool(1);
    try {
      const first = await appendSample(store, district, 2);
      // A session inserting an event row itself, without the head row: the head still says 2.
      const rogue = chainRecords(district, { position: 2, hash: first[1]!.hash }, [contractEvent(3, 9)])[0]!;
      await admin.query(
        `INSERT INTO "${schema}".events (district, position, event_id, type, effective_date, recorded_at, data_hash, prev_hash, hash, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [district, 3, rogue.eventId, rogue.type, rogue.effectiveDate, rogue.recordedAt, rogue.dataHash, rogue.prevHash, rogue.hash, JSON.stringify(recordToJson(rogue))],
      );
      expect((await store.head(district)).position).toBe(2);
      const next = chainRecords(district, { position: 2, hash: first[1]!.hash }, [contractEvent(3)]);
      expect(await store.append(district, next, 2)).toEqual(E.left({ kind: 'position-conflict', expectedPosition: 2, actualPosition: 3 }));
      await admin.query(`UPDATE "${schema}".events SET position = 100 WHERE district = $1 AND position = 3`, [district]);
      const reusing = chainRecords(district, { position: 2, hash: first[1]!.hash }, [contractEvent(3), { ...contractEvent(4), eventId: rogue.eventId }]);
      expect(await store.append(district, reusing, 2)).toEqual(E.left({ kind: 'duplicate-event-id', eventId: rogue.eventId, position: 100 }));
      expect((await store.head(district)).position).toBe(2);
    } finally {
      await admin.end();
      await dispose();
    }
  });
});

describe('redaction', () => {
  it('rewrites only the payload and the mark, as the memory store does, keeping the chain', async () => {
    const { store, dispose } = await openTestStore();
    const memory = createMemoryStore();
    try {
      const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(0), contractEvent(1), contractEvent(2)]);
      expect(E.isRight(await store.append(district, records, 0))).toBe(true);
      expect(E.isRight(await memory.append(district, records, 0))).toBe(true);
      const data = { projectId: 'P-0', title: '[redacted]', level: 'municipal' } as StoredRecord['data'];
      for (const target of [store, memory]) {
        expect(await target.redact(district, 1, data)).toBe(true);
        for (const missing of [0, -1, 1.5, 4, Number.NaN]) expect(await target.redact(district, missing, data)).toBe(false);
        expect(await target.redact('110105' as DistrictCode, 1, data)).toBe(false);
      }
      const read = await readAll(store, district);
      expect(read).toStrictEqual(await readAll(memory, district));
      expect(read[0]).toMatchObject({ data, redacted: true, dataHash: records[0]!.dataHash, hash: records[0]!.hash });
      expect(read.slice(1)).toStrictEqual(records.slice(1));
      expect(await store.head(district)).toEqual(await memory.head(district));
    } finally {
      await dispose();
    }
  });
});

describe('checkpoints', () => {
  it('refuses a state PostgreSQL text would change or refuse', async () => {
    const { store, dispose } = await openTestStore();
    try {
      const checkpoint = { stream: district, projection: 'indicators', version: '1', position: 0 };
      for (const state of ['a\u0000b', 'lone \ud800 high', 'lone \udc00 low', '\udc00\ud800']) {
        await expect(store.checkpoints.saveCheckpoint({ ...checkpoint, state })).rejects.toThrow(RangeError);
      }
      const fine = { ...checkpoint, state: 'pair \ud83d\udd2c and 𠀀' };
      await store.checkpoints.saveCheckpoint(fine);
      expect(await store.checkpoints.loadCheckpoint(district, 'indicators')).toEqual(fine);
    } finally {
      await dispose();
    }
  });
});

describe('permissions', () => {
  it('a role with only USAGE and table privileges uses a ledger a DBA prepared, and cannot create one', async (context) => {
    const admin = testPool(1);
    const { rows } = await admin.query<{ can: boolean }>('SELECT rolsuper OR rolcreaterole AS can FROM pg_roles WHERE rolname = current_user');
    if (rows[0]?.can !== true) {
      await admin.end();
      return context.skip('the test role may not create roles');
    }
    const schema = freshSchemaName('grants');
    const role = `${schema}_app`;
    try {
      await (await openPostgresStore({ pool: admin }, { schema })).close();
      await admin.query(`CREATE ROLE "${role}" LOGIN`);
      await admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
      await admin.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
      const url = new URL(testDatabaseUrl());
      url.username = role;
      url.password = '';
      const store = await openPostgresStore({ url: url.toString() }, { schema });
      try {
        const seen: number[] = [];
        const stop = await store.watch((_, head) => seen.push(head));
        const records = await appendSample(store, district, 3);
        expect(await readAll(store, district)).toStrictEqual(records);
        const cp = { stream: district, projection: 'p', version: '1', position: 3, state: '{}' };
        await store.checkpoints.saveCheckpoint(cp);
        await store.checkpoints.saveCheckpoint({ ...cp, position: 3 });
        expect(await store.checkpoints.loadCheckpoint(district, 'p')).toEqual(cp);
        await eventually(() => seen.includes(3));
        expect(seen).toEqual([3]);
        await stop();
      } finally {
        await store.close();
      }
      // PUBLIC has no CREATE on a database by default, so this role cannot make a new schema.
      await expect(openPostgresStore({ url: url.toString() }, { schema: freshSchemaName('denied') })).rejects.toThrow(/permission denied/);
    } finally {
      await dropSchema(schema);
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin.end();
    }
  });
});

describe('checkpoint signers at once', () => {
  it('lose no signed note: each returned note is in the history, whose sizes only grow (compare-and-set)', async () => {
    const { store, dispose } = await openTestStore();
    try {
      const seen = await signersAtOnce(store, district);
      for (const note of seen.returned) expect(seen.history).toContain(note);
      expect(seen.historySizes).toEqual([...new Set(seen.historySizes)].sort((a, b) => a - b));
    } finally {
      await dispose();
    }
  });

  it('replaceCheckpoint saves only over the state it was told, and says so', async () => {
    const { store, dispose } = await openTestStore();
    try {
      const checkpoints = store.checkpoints;
      const cp = { stream: district, projection: 'history', version: '1', position: 1, state: '{"n":1}' };
      expect(await checkpoints.replaceCheckpoint!(cp, undefined)).toBe(true);
      expect(await checkpoints.replaceCheckpoint!({ ...cp, state: '{"n":2}' }, undefined)).toBe(false);
      expect(await checkpoints.replaceCheckpoint!({ ...cp, state: '{"n":2}' }, '{"n":0}')).toBe(false);
      expect((await checkpoints.loadCheckpoint(district, 'history'))?.state).toBe('{"n":1}');
      expect(await checkpoints.replaceCheckpoint!({ ...cp, position: 2, state: '{"n":2}' }, '{"n":1}')).toBe(true);
      expect(await checkpoints.loadCheckpoint(district, 'history')).toEqual({ ...cp, position: 2, state: '{"n":2}' });
    } finally {
      await dispose();
    }
  });
});
