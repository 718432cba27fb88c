import fc from 'fast-check';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, chainRecords, createLedger, verify } from '@indicator-ledger/core';
import type { AdmissionRunner, DistrictCode, StoredRecord } from '@indicator-ledger/core';
import { arbValidHistory } from '@indicator-ledger/core/testing';
import { admissionOnSecondThread } from './secondThreadAdmission.js';
import { openSqliteStore } from './sqliteStore.js';

const dir = mkdtempSync(join(tmpdir(), 'second-thread-admission-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const DISTRICT = '130302' as DistrictCode;
const finance = { unit: 'finance', user: 'li.na' } as const;

/** A ledger file holding `events` as the ledger appended them; then `forge` re-chained, written around the ledger. */
const ledgerFile = async (events: readonly unknown[], forge?: (records: StoredRecord[]) => StoredRecord[]): Promise<string> => {
  const path = join(dir, `ledger-${(files += 1)}.db`);
  const store = await openSqliteStore(path);
  try {
    const appended = await createLedger({ store }).append(DISTRICT, events);
    expect(E.isRight(appended)).toBe(true);
    if (forge === undefined) return path;
    const records: StoredRecord[] = [];
    for await (const r of store.read(DISTRICT)) records.push(r);
    const forged = chainRecords({ position: 0, hash: GENESIS_HASH }, forge(records));
    const other = join(dir, `ledger-${(files += 1)}.db`);
    const copy = await openSqliteStore(other);
    expect(E.isRight(await copy.append(DISTRICT, forged, 0))).toBe(true);
    await copy.close();
    return other;
  } finally {
    await store.close();
  }
};

/** Verifies the file twice, on one thread and with the admission on a second one; both verdicts. */
const bothWays = async (path: string) => {
  const runner = admissionOnSecondThread(path);
  expect(runner, 'the worker is built (pnpm build)').toBeDefined();
  let passes = 0;
  const counted: AdmissionRunner = (district, to) => {
    passes += 1;
    return runner!(district, to);
  };
  const store = await openSqliteStore({ path, readonly: true });
  try {
    const oneThread = await verify(store, DISTRICT);
    const twoThreads = await verify(store, DISTRICT, { admission: counted });
    expect(passes).toBe(1);
    return { oneThread, twoThreads };
  } finally {
    await store.close();
  }
};

const history = (seed: number, length: number) => fc.sample(arbValidHistory({ district: DISTRICT, minLength: length, maxLength: length }), { numRuns: 1, seed })[0]!.events;

describe('admissionOnSecondThread (verify on two threads, docs/spec.md §8.3)', () => {
  it('verifies an honest ledger file as one thread does', async () => {
    const { oneThread, twoThreads } = await bothWays(await ledgerFile(history(1, 40)));
    expect(oneThread).toMatchObject({ _tag: 'Right', right: { size: 40 } });
    expect(twoThreads).toEqual(oneThread);
  });

  it('names the first record written around the ledger that it should not have admitted', async () => {
    // A decertification of a platform never certified (docs/spec.md §4), with correct hashes.
    const decertified = (r: StoredRecord) => ({ ...r, type: 'PlatformDecertified', data: { platformId: 'KJPT-404', reason: '考核不合格' } }) as StoredRecord;
    const path = await ledgerFile(history(2, 30), (rs) => rs.map((r, i) => (i === 17 ? decertified(r) : r)));
    const { oneThread, twoThreads } = await bothWays(path);
    expect(oneThread).toMatchObject(E.left({ position: 18, problem: 'rule-violation' }));
    expect(twoThreads).toEqual(oneThread);
  });

  it('gives the chain’s verdict when the chain breaks first, and the admission’s when it comes first (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 5, max: 25 }), fc.nat(), fc.nat(), fc.boolean(), fc.integer(), async (length, forgedAt, brokenAt, forged, seed) => {
        const events = history(seed, length);
        const path = await ledgerFile(events, forged ? (rs) => rs.map((r, i) => (i === forgedAt % length ? { ...r, actor: finance } : r)) : undefined);
        // The data of one record changed in the file: its dataHash no longer matches.
        const db = new Database(path);
        db.prepare(`UPDATE records SET data = '{"changed":true}' WHERE position = ?`).run((brokenAt % length) + 1);
        db.close();
        const { oneThread, twoThreads } = await bothWays(path);
        expect(E.isLeft(oneThread)).toBe(true);
        expect(twoThreads).toEqual(oneThread);
      }),
      { numRuns: 12 },
    );
  });

  it('gives the same verdict when the worker is stopped before it answers (verify judges on its own thread)', async () => {
    const path = await ledgerFile(history(5, 20), (rs) => rs.map((r, i) => (i === 9 ? ({ ...r, type: 'PlatformDecertified', data: { platformId: 'KJPT-404', reason: '考核不合格' } } as StoredRecord) : r)));
    const runner = admissionOnSecondThread(path)!;
    const stopped: AdmissionRunner = (district, to) => {
      const pass = runner(district, to);
      pass.cancel();
      return pass;
    };
    const store = await openSqliteStore({ path, readonly: true });
    try {
      const oneThread = await verify(store, DISTRICT);
      expect(oneThread).toMatchObject(E.left({ position: 10, problem: 'rule-violation' }));
      expect(await verify(store, DISTRICT, { admission: stopped })).toEqual(oneThread);
    } finally {
      await store.close();
    }
  });

  it('is not offered for a file the worker cannot reach', () => {
    expect(admissionOnSecondThread(':memory:')).toBeUndefined();
  });

  it('fails with the worker’s reason when the file is not a ledger', async () => {
    const path = join(dir, 'not-a-ledger.db');
    writeFileSync(path, 'just text');
    await expect(admissionOnSecondThread(path)!(DISTRICT, 10).outcome).rejects.toThrow(/not a database|ledger/);
  });
});
