import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, createIndicatorProjections, createLedger, createMemoryStore } from '@indicator-ledger/core';
import type { EventStore, StoredRecord } from '@indicator-ledger/core';
import { AFTER_EVERY_HISTORY, arbBatches, arbValidHistory } from '@indicator-ledger/core/testing';
import type { ValidHistory } from '@indicator-ledger/core/testing';
// The SQLite store by its sources, as the core is: this package does not depend on it, only its test does.
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import type { PostgresEventStore } from './postgresStore.js';
import { openTestStore, requireTestDatabase, testPool } from './testing/testDatabase.js';

/**
 * The ledger's clock: histories give every `recordedAt`, so it only bounds them (docs/spec.md §8.2), and it
 * is later than every one a generated history writes.
 */
const CLOCK = AFTER_EVERY_HISTORY;

/** Whether an fp-ts Either is a Right (fp-ts is the core's dependency, not this package's). */
const isRight = (either: unknown): boolean => (either as { _tag?: string })._tag === 'Right';

/** Instants between the history's first and last `recordedAt`, for "as known at" queries. */
const knowledgeInstants = (records: readonly StoredRecord[]): (string | undefined)[] => {
  if (records.length === 0) return [undefined];
  const first = Date.parse(records[0]!.recordedAt);
  const last = Date.parse(records[records.length - 1]!.recordedAt);
  return [undefined, new Date(first).toISOString(), new Date((first + last) / 2).toISOString(), new Date(last - 1).toISOString()];
};

/** Everything observable from a store after a history is appended in batches, the last batch twice. */
const throughLedger = async (store: EventStore, history: ValidHistory, batches: readonly (readonly unknown[])[]) => {
  const ledger = createLedger({ store, clock: CLOCK });
  const outcomes: unknown[] = [];
  for (const batch of batches) outcomes.push(await ledger.append(history.district, batch));
  // A re-sent batch is an idempotent retry (docs/spec.md §2): it must be skipped the same way everywhere.
  const resent = batches.at(-1);
  if (resent !== undefined) outcomes.push(await ledger.append(history.district, resent));
  const records: StoredRecord[] = [];
  for await (const r of store.read(history.district)) records.push(r);
  const projections = createIndicatorProjections(store);
  const snapshots: unknown[] = [];
  for (const asOf of knowledgeInstants(records)) {
    for (const year of [2018, 2019, 2020, 2022, 2025]) snapshots.push(await projections.snapshot(history.district, { year, ...(asOf !== undefined ? { asOf } : {}) }));
    snapshots.push(await projections.snapshot(history.district, { date: '2021-06-30', ...(asOf !== undefined ? { asOf } : {}) }));
  }
  return { outcomes, records, head: await store.head(history.district), streams: await store.streams(), snapshots };
};

describe('the same events through SQLite and PostgreSQL', () => {
  let postgres: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  const admin = testPool(1);
  let dir: string;

  beforeAll(async () => {
    await requireTestDatabase();
    ({ store: postgres, schema, dispose } = await openTestStore());
    dir = mkdtempSync(join(tmpdir(), 'ledger-pg-vs-sqlite-'));
  });
  afterAll(async () => {
    await dispose();
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('give identical outcomes, records (canonical JSON), heads and snapshots', async () => {
    let run = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        arbValidHistory({ minLength: 1, maxLength: 40 }).chain((history) => arbBatches(history.events).map((batches) => ({ history, batches }))),
        async ({ history, batches }) => {
          // One PostgreSQL schema for every run, emptied in between; a new SQLite file each run.
          await admin.query(`TRUNCATE "${schema}".events, "${schema}".streams, "${schema}".projection_checkpoints`);
          const sqlite = await openSqliteStore(join(dir, `run-${run++}.db`));
          const memory = createMemoryStore();
          try {
            const fromSqlite = await throughLedger(sqlite, history, batches);
            const fromPostgres = await throughLedger(postgres, history, batches);
            expect(fromPostgres.records.map(canonicalJson)).toEqual(fromSqlite.records.map(canonicalJson));
            expect(fromPostgres.records).toStrictEqual(fromSqlite.records);
            expect(fromPostgres.outcomes).toEqual(fromSqlite.outcomes);
            expect(fromPostgres.head).toEqual(fromSqlite.head);
            expect(fromPostgres.streams).toEqual(fromSqlite.streams);
            expect(fromPostgres.snapshots).toEqual(fromSqlite.snapshots);
            // And both as the in-memory reference has them.
            const fromMemory = await throughLedger(memory, history, batches);
            expect(fromPostgres.records).toStrictEqual(fromMemory.records);
            expect(fromPostgres.snapshots).toEqual(fromMemory.snapshots);
            // Valid histories: every append and every query succeeded, so real values were compared.
            expect(fromPostgres.outcomes.every(isRight)).toBe(true);
            expect(fromPostgres.snapshots.every(isRight)).toBe(true);
            compared += fromPostgres.records.length;
          } finally {
            await sqlite.close();
            await memory.close();
          }
        },
      ),
      { numRuns: 30 },
    );
    // The histories are valid, so the property compared real streams, not refusals.
    expect(compared).toBeGreaterThan(100);
  }, 180_000);
});
