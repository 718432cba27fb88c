import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECTION_NAME, createIndicatorProjections, encodeCheckpointState, loadRedactions, sha256Hex, verify } from '@indicator-ledger/core';
import type { DistrictCode, StoredRecord } from '@indicator-ledger/core';
import { SCHEMA_VERSION } from './fileFormat.js';
import type { MigrationProgress } from './fileFormat.js';
import { V1_DISTRICTS, v1History, writeV1File } from './formatV1.fixture.js';
import type { V1Stream } from './formatV1.fixture.js';
import { openSqliteStore } from './sqliteStore.js';
import type { SqliteEventStore } from './sqliteStore.js';
import { checkStoredChain } from './testing/chainVerification.js';
import { bundleScripts, startChild } from './testing/childProcesses.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

// Enough records that the migration is still running when the child is killed on its first progress line.
const FUND_EVENTS = 40_000;

let dir: string;
let history: V1Stream[];
let v1Template: string;
let n = 0;
/** A fresh copy of the version-1 fixture file. */
const v1Copy = (): string => {
  const path = join(dir, `v1-${n++}.db`);
  copyFileSync(v1Template, path);
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-migration-'));
  history = await v1History(FUND_EVENTS);
  v1Template = join(dir, 'template.db');
  writeV1File(v1Template, history);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readAll = async (store: SqliteEventStore, stream: DistrictCode): Promise<StoredRecord[]> => {
  const records: StoredRecord[] = [];
  for await (const page of store.readPages(stream)) records.push(...page);
  return records;
};

const rawQuery = <T>(path: string, query: (db: Database.Database) => T): T => {
  const db = new Database(path, { readonly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
};

const tablesOf = (db: Database.Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];

/** Everything a migrated file must still hold: records, hashes, redaction, checkpoints, a verifying chain. */
const expectHistoryIn = async (store: SqliteEventStore): Promise<void> => {
  expect(await store.streams()).toEqual(history.map((h) => h.stream));
  for (const { stream, records, checkpoints } of history) {
    const read = await readAll(store, stream);
    expect(read).toStrictEqual(records);
    expect(await store.head(stream)).toEqual({ position: records.length, hash: records.at(-1)!.hash, recordedAt: records.at(-1)!.recordedAt });
    for (const cp of checkpoints) expect(await store.checkpoints.loadCheckpoint(stream, cp.projection)).toStrictEqual(cp);
    // A redacted record's data no longer hashes to its `dataHash` (docs/spec.md §8.3): that, and nothing else.
    const redactedPositions = records.filter((r) => r.redacted === true).map((r) => `position ${r.position}: dataHash does not match data`);
    expect((await checkStoredChain(store, stream)).problems).toEqual(redactedPositions);
    expect(await verify(store, stream)).toMatchObject({ _tag: 'Right', right: { size: records.length } });
  }
  const { dispatches, funds } = V1_DISTRICTS;
  const redacted = (await readAll(store, dispatches))[1]!;
  expect(redacted).toMatchObject({ position: 2, redacted: true });
  expect((await loadRedactions(store, dispatches)).map((e) => e.position)).toEqual([2]);
  // The projection resumes from the migrated checkpoint and agrees with a fold from position 1.
  const resumed = await createIndicatorProjections(store).projection(funds);
  expect(encodeCheckpointState(resumed)).toBe(encodeCheckpointState(await createIndicatorProjections(store).rebuild(funds)));
  expect((await store.checkpoints.loadCheckpoint(funds, PROJECTION_NAME))?.position).toBe(FUND_EVENTS);
};

describe('a version-1 file opened by version 2 (docs/stores.md, "The file format")', () => {
  it('is migrated once: every record, hash, redaction and checkpoint survives, and the chain verifies', async () => {
    const path = v1Copy();
    const progress: MigrationProgress[] = [];
    const store = await openSqliteStore({ path, onMigration: (p) => progress.push(p) });
    try {
      await expectHistoryIn(store);
    } finally {
      await store.close();
    }
    const total = history.reduce((sum, h) => sum + h.records.length, 0);
    expect(progress.at(-1)).toEqual({ fromVersion: 1, toVersion: 2, records: total, of: total });
    rawQuery(path, (db) => {
      expect(db.prepare('SELECT version FROM ledger_schema ORDER BY version').pluck().all()).toEqual([1, SCHEMA_VERSION]);
      expect(tablesOf(db)).toEqual(['event_ids', 'ledger_schema', 'projection_checkpoints', 'records', 'streams']);
      // The stored chained text is exactly what each hash is over: a verifier hashes the column as it is.
      const rows = db.prepare('SELECT chained, hash FROM records').all() as { chained: string; hash: string }[];
      expect(rows).toHaveLength(total);
      expect(rows.filter((r) => sha256Hex(r.chained) !== r.hash)).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) FROM event_ids WHERE length(event_id) = 16').pluck().get()).toBe(total);
    });
    const again: MigrationProgress[] = [];
    const reopened = await openSqliteStore({ path, onMigration: (p) => again.push(p) });
    await reopened.close();
    expect(again).toEqual([]);
    rawQuery(path, (db) => expect(db.prepare('SELECT COUNT(*) FROM ledger_schema').pluck().get()).toBe(2));
  }, 120_000);

  it('opened read-only, is read through a migrated copy in memory and left untouched byte for byte', async () => {
    const path = v1Copy();
    // Checkpointed into the main file, so that the bytes of `path` alone are the whole file.
    rawQuery(path, () => undefined);
    const before = { bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs };
    const store = await openSqliteStore({ path, readonly: true });
    try {
      expect(store.readonly).toBe(true);
      await expect(store.append(V1_DISTRICTS.funds, [], FUND_EVENTS)).rejects.toThrow(/read-only/);
      for (const { stream, records } of history) expect(await readAll(store, stream)).toStrictEqual(records);
    } finally {
      await store.close();
    }
    expect({ bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs }).toEqual(before);
  }, 60_000);

  it('killed with SIGKILL in the middle of the migration, is left version 1, and the next open migrates it whole', async () => {
    const children = await bundleScripts({ migrateOnce: here('./migrateOnce.child.ts') });
    try {
      const path = v1Copy();
      const child = startChild(children.paths.migrateOnce, [path]);
      const first = await child.lineMatching((line) => line.startsWith('progress '));
      child.process.kill('SIGKILL');
      const exit = await child.exited;
      expect(exit.signal).toBe('SIGKILL');
      expect(child.lines).not.toContain('opened');
      const [, copied, of] = first.split(' ').map(Number);
      expect(copied).toBeLessThan(of!);
      // The file opens as version 1, as it was: no table of version 2, every version-1 row still there.
      rawQuery(path, (db) => {
        expect(db.prepare('SELECT MAX(version) FROM ledger_schema').pluck().get()).toBe(1);
        expect(tablesOf(db)).toEqual(['events', 'ledger_schema', 'projection_checkpoints']);
        expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(of);
      });
      const store = await openSqliteStore(path);
      try {
        await expectHistoryIn(store);
      } finally {
        await store.close();
      }
    } finally {
      children.dispose();
    }
  }, 120_000);
});
