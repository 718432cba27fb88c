import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { chainRecords, contractEvent } from '@indicator-ledger/core/testing';
import { APPLICATION_ID, SCHEMA_VERSION } from './fileFormat.js';
import { DuplicateEventId, openSqliteStore } from './sqliteStore.js';

const district = '130302' as DistrictCode;

describe('the ledger file', () => {
  let dir: string;
  let n = 0;
  const freshPath = () => join(dir, `file-${n++}.db`);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is marked as a ledger of the current schema version, in WAL mode', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT version FROM ledger_schema').pluck().all()).toEqual([SCHEMA_VERSION]);
    } finally {
      raw.close();
    }
  });

  it('keeps records across close and reopen, and reopening does not re-record the schema version', async () => {
    const path = freshPath();
    const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(1), contractEvent(2)]);
    const first = await openSqliteStore(path);
    expect(E.isRight(await first.append(district, records, 0))).toBe(true);
    await first.close();
    const second = await openSqliteStore({ path });
    const read = [];
    for await (const r of second.read(district)) read.push(r);
    expect(read).toStrictEqual(records);
    await second.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) FROM ledger_schema').pluck().get()).toBe(1);
    raw.close();
  });

  it('refuses an SQLite file of another application', async () => {
    const path = freshPath();
    const raw = new Database(path);
    raw.pragma('application_id = 1234');
    raw.exec('CREATE TABLE things (x)');
    raw.close();
    await expect(openSqliteStore(path)).rejects.toThrow(/another application/);
  });

  it('refuses a file written by a newer schema version', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const raw = new Database(path);
    raw.prepare('INSERT INTO ledger_schema (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, '2030-01-01T00:00:00.000Z');
    raw.close();
    await expect(openSqliteStore(path)).rejects.toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}`));
  });

  it('opens an in-memory ledger', async () => {
    const store = await openSqliteStore(':memory:');
    const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(1)]);
    expect(await store.append(district, records, 0)).toMatchObject(E.right({ position: 1 }));
    await store.close();
  });

  it('lets a watcher hear about appends made through another connection to the same file', async () => {
    const path = freshPath();
    const watcher = await openSqliteStore({ path, watchIntervalMs: 10 });
    const writer = await openSqliteStore(path);
    try {
      const heard: [DistrictCode, number][] = [];
      const stop = await watcher.watch((stream, head) => heard.push([stream, head]));
      const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, [contractEvent(1), contractEvent(2)]);
      expect(E.isRight(await writer.append(district, records, 0))).toBe(true);
      for (let waited = 0; waited < 5000 && heard.length === 0; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(heard).toEqual([[district, 2]]);
      await stop();
      expect(E.isRight(await writer.append(district, chainRecords(district, records[1]!, [contractEvent(3)]), 2))).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual([[district, 2]]);
    } finally {
      await watcher.close();
      await writer.close();
    }
  });
});

describe('DuplicateEventId (thrown inside an append transaction to roll it back)', () => {
  it('is an Error with its name, message, event id and earlier position, so anything that catches it sees an error', () => {
    const duplicate = new DuplicateEventId('0b6e3a3c-7c56-4f67-9a53-1f0c8d1c2e11', 2);
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toBeInstanceOf(DuplicateEventId);
    expect(duplicate.name).toBe('DuplicateEventId');
    expect(duplicate.message).toBe('event id 0b6e3a3c-7c56-4f67-9a53-1f0c8d1c2e11 is already at position 2');
    expect(duplicate.eventId).toBe('0b6e3a3c-7c56-4f67-9a53-1f0c8d1c2e11');
    expect(duplicate.position).toBe(2);
    expect(typeof duplicate.stack).toBe('string');
  });
});
