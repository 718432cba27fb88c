import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signedCheckpoints } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Two real `ledger checkpoint` processes (the built CLI) signing the same district at once, each with its
// own key (a key rotation under way): the ledger's history must keep every note either of them printed.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const built = existsSync(bin);
const DISTRICT = '130302' as DistrictCode;

const ledger = (args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', LANG: 'C' }, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-checkpoint-race-'));
  cpSync(join(root, 'seeds'), join(dir, 'seeds'), { recursive: true });
  if (!built) return;
  expect((await ledger(['import', 'seeds/plan-targets.ndjson', 'seeds/synthetic-130302.ndjson'], dir)).code).toBe(0);
  for (const key of ['a', 'b']) expect((await ledger(['keygen', '--key', `${key}.pem`, '--verifier-key', `${key}.pub`], dir)).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two checkpoints signed at once (docs/audit.md §1)', () => {
  it.skipIf(!built)(
    built ? 'the history keeps the notes of both' : 'SKIPPED: packages/cli/dist/bin.js is not built (run `pnpm build`)',
    async () => {
      const printed: string[] = [];
      for (let round = 0; round < 3; round++) {
        const runs = await Promise.all(['a', 'b'].map((key) => ledger(['checkpoint', '--district', DISTRICT, '--key', `${key}.pem`], dir)));
        for (const run of runs) {
          expect(run.stderr).toBe('');
          printed.push(run.stdout);
        }
      }
      const store = await openSqliteStore(join(dir, 'ledger.db'));
      try {
        const history = await signedCheckpoints(store, DISTRICT);
        expect(printed.filter((note) => !history.includes(note))).toEqual([]);
      } finally {
        await store.close();
      }
      expect(readFileSync(join(dir, 'a.pub'), 'utf8')).not.toBe(readFileSync(join(dir, 'b.pub'), 'utf8'));
    },
    300_000,
  );
});
