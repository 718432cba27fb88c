import * as E from 'fp-ts/lib/Either.js';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { chainRecords, contractEvent } from '@indicator-ledger/core/testing';
import { openSqliteStore } from './sqliteStore.js';

const district = '130302' as DistrictCode;

/** The file's bytes and modification time, to show that opening it wrote nothing. */
const fingerprint = (path: string): { readonly bytes: string; readonly mtimeMs: number } => ({
  bytes: readFileSync(path).toString('base64'),
  mtimeMs: statSync(path).mtimeMs,
});

/** An SQLite file another program made, in its default (rollback journal) mode. */
const foreignFile = (path: string, schema: string, applicationId = 0): void => {
  const raw = new Database(path);
  if (applicationId !== 0) raw.pragma(`application_id = ${applicationId}`);
  raw.exec(schema);
  raw.close();
};

describe('files that are not ledgers (docs/spec.md §8.1)', () => {
  let dir: string;
  let n = 0;
  const freshPath = () => join(dir, `file-${n++}.db`);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-foreign-'));
  });
  afterAll(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: readonly { readonly name: string; readonly schema: string; readonly applicationId?: number }[] = [
    { name: 'its own events table', schema: "CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO events (what) VALUES ('party');" },
    { name: 'tables of its own and no application id', schema: 'CREATE TABLE things (x); INSERT INTO things VALUES (1);' },
    { name: 'another application id', schema: 'CREATE TABLE things (x);', applicationId: 1234 },
  ];
  for (const c of cases) {
    for (const readonly of [false, true]) {
      it(`refuses a file with ${c.name}, untouched byte for byte (${readonly ? 'read-only' : 'read-write'} open)`, async () => {
        const path = freshPath();
        foreignFile(path, c.schema, c.applicationId);
        const before = fingerprint(path);
        await expect(openSqliteStore({ path, readonly })).rejects.toThrow(/not a ledger/);
        expect(fingerprint(path)).toEqual(before);
        // Its journal mode is its own: no WAL companions appear, and the header still says rollback journal.
        expect(existsSync(`${path}-wal`)).toBe(false);
        const raw = new Database(path, { readonly: true });
        expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
        raw.close();
      });
    }
  }

  it('refuses a file that is not SQLite at all, untouched', async () => {
    const path = freshPath();
    await import('node:fs').then((fs) => fs.writeFileSync(path, 'hello, I am a text file\n'));
    const before = fingerprint(path);
    await expect(openSqliteStore(path)).rejects.toThrow(/not a database/);
    expect(fingerprint(path)).toEqual(before);
  });
});

describe('a read-only open (docs/spec.md §8.1)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-readonly-'));
  });
  afterAll(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  const ledgerWithTwoRecords = async (path: string) => {
    const store = await openSqliteStore(path);
    const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(1), contractEvent(2)]);
    expect(E.isRight(await store.append(district, records, 0))).toBe(true);
    await store.close();
    return records;
  };

  it('reads a ledger whose file is mode 0444, and writes nothing to it', async () => {
    const path = join(dir, 'locked.db');
    const records = await ledgerWithTwoRecords(path);
    chmodSync(path, 0o444);
    const before = fingerprint(path);
    const store = await openSqliteStore({ path, readonly: true });
    try {
      const read = [];
      for await (const r of store.read(district)) read.push(r);
      expect(read).toStrictEqual(records);
      expect(await store.streams()).toEqual([district]);
      expect((await store.head(district)).position).toBe(2);
      // Writing through a read-only open is refused by SQLite itself, not merely by this code.
      const more = chainRecords(district, records[1]!, [contractEvent(3)]);
      await expect(store.append(district, more, 2)).rejects.toThrow(/readonly/);
      await expect(store.checkpoints.saveCheckpoint({ stream: district, projection: 'p', version: '1', position: 2, state: '{}' })).rejects.toThrow(/read-only/);
    } finally {
      await store.close();
    }
    expect(fingerprint(path)).toEqual(before);
  });

  it('reads a ledger in a read-only folder', async () => {
    const sub = join(dir, 'shelf');
    mkdirSync(sub);
    const path = join(sub, 'ledger.db');
    await ledgerWithTwoRecords(path);
    chmodSync(sub, 0o555);
    const before = fingerprint(path);
    const store = await openSqliteStore({ path, readonly: true });
    expect((await store.head(district)).position).toBe(2);
    await store.close();
    expect(fingerprint(path)).toEqual(before);
  });

  it('does not create a file that does not exist', async () => {
    const path = join(dir, 'nowhere.db');
    await expect(openSqliteStore({ path, readonly: true })).rejects.toThrow();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('nowhere'))).toEqual([]);
  });
});
