import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, loadRedactions, redact, verify } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { DISTINCTIVE_NAME, HR_CLERK, commissionerDispatches, redactionRequest } from '@indicator-ledger/core/testing';
import { openSqliteStore } from './sqliteStore.js';

const district = '130302' as DistrictCode;
const hr = HR_CLERK;
const DISTINCTIVE = DISTINCTIVE_NAME;
const dispatches = (names: readonly string[]) => commissionerDispatches(district, names);
const request = redactionRequest;

let dir: string;
let n = 0;
const freshPath = () => join(dir, `redaction-${n++}.db`);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-redaction-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileWith = async (names: readonly string[]): Promise<string> => {
  const path = freshPath();
  const store = await openSqliteStore(path);
  const appended = await createLedger({ store }).append(district, dispatches(names));
  if (appended._tag === 'Left') throw new Error(JSON.stringify(appended.left).slice(0, 500));
  await store.close();
  return path;
};

describe('redactions of one file from two connections at once (docs/spec.md §8.4)', () => {
  it('both succeed, both entries are logged, and the chain still verifies', async () => {
    const path = await fileWith(['王芳', '赵磊', '刘伟']);
    const [a, b] = [await openSqliteStore(path), await openSqliteStore(path)];
    try {
      const outcomes = await Promise.all([redact(a, district, request(1)), redact(b, district, request(3))]);
      expect(outcomes.map((o) => o._tag === 'Right')).toEqual([true, true]);
      expect((await loadRedactions(a, district)).map((e) => e.position).sort()).toEqual([1, 3]);
      expect(await verify(a, district)).toMatchObject({ _tag: 'Right', right: { size: 3 } });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

/** Every place the name's bytes could be: as UTF-8 text, and as JSON writes it (the same bytes, unescaped). */
const copiesOfName = (path: string): string[] =>
  ['', '-wal', '-shm', '-journal']
    .map((suffix) => `${path}${suffix}`)
    .filter((file) => existsSync(file) && [Buffer.from(DISTINCTIVE, 'utf8'), Buffer.from(JSON.stringify(DISTINCTIVE).slice(1, -1), 'utf8')].some((needle) => readFileSync(file).includes(needle)));

describe('a redacted name in the SQLite files (docs/spec.md §8.4)', () => {
  it('is in the files before the redaction (the scan finds what is there)', async () => {
    const path = await fileWith(['王芳', DISTINCTIVE, '刘伟']);
    expect(copiesOfName(path).length).toBeGreaterThan(0);
  });

  it.each([
    ['a small file', 3],
    ['a file of many pages, the name on an early one', 3000],
  ])('is in none of the .db, -wal and -shm files after the redaction: %s', async (_what, count) => {
    const names = Array.from({ length: count }, (_, i) => (i === 1 ? DISTINCTIVE : `委员${i}`));
    const path = await fileWith(names);
    const store = await openSqliteStore(path);
    try {
      expect((await redact(store, district, request(2)))._tag).toBe('Right');
      expect(copiesOfName(path)).toEqual([]);
      expect(await verify(store, district)).toMatchObject({ _tag: 'Right', right: { size: count } });
    } finally {
      await store.close();
    }
    expect(copiesOfName(path)).toEqual([]);
  });

  it('leaves no copy while another connection has the file open', async () => {
    const path = await fileWith(['王芳', DISTINCTIVE, '刘伟']);
    const [reader, writer] = [await openSqliteStore(path), await openSqliteStore(path)];
    try {
      expect((await reader.head(district)).position).toBe(3);
      expect((await redact(writer, district, request(2)))._tag).toBe('Right');
      expect(copiesOfName(path)).toEqual([]);
    } finally {
      await reader.close();
      await writer.close();
    }
  });
});
