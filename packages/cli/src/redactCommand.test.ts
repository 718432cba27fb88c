import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRedactions } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import { runLedger } from './testing/runLedger.js';

// Redactions from two `ledger` processes at once (docs/spec.md §8.4): the built executable, as an operator
// runs it, so that the two really are two connections to one file.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const built = existsSync(bin);
const district = '130302';

const process2 = (args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', LANG: 'C' }, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });

const dispatch = (n: number, unit: string) => ({
  type: 'CommissionerDispatched',
  district,
  effectiveDate: '2021-04-01',
  recordedAt: '2021-04-02T00:00:00.000Z',
  actor: { unit, user: 'chen.jie' },
  data: { commissionerId: `TP-${n}`, name: `委员${n}` },
});

let dir: string;
const ledger = (argv: string[]) => runLedger(argv, { cwd: dir });
const redactArgs = (position: number, unit = 'human-resources') => ['redact', '--district', district, '--position', String(position), '--reason', '个人信息保护', '--unit', unit, '--user', 'zhang.san'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-redact-'));
  writeFileSync(join(dir, 'dispatches.ndjson'), [1, 2, 3, 4].map((n) => JSON.stringify(dispatch(n, 'human-resources'))).join('\n') + '\n');
  const imported = await ledger(['import', 'dispatches.ndjson']);
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ledger redact', () => {
  it('redacts one record, says so, and verify still passes', async () => {
    const done = await ledger(redactArgs(4));
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe(`${district}: position 4 redacted (name); logged for human-resources/zhang.san\n`);
    expect((await ledger(['verify', '--district', district])).code).toBe(0);
  });

  it('refuses, in one line with exit 1, what it may not do', async () => {
    const refused = await ledger(redactArgs(1, 'finance'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`ledger: ${district}: position 1: refused (not-authorized): finance may not redact a record of human-resources; only that unit or development-reform may\n`);
    const missing = await ledger(redactArgs(9));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`ledger: ${district}: position 9: refused (no-such-record): district ${district} has no record at position 9\n`);
    expect((await ledger(['redact', '--district', district, '--position', '1'])).code).toBe(2);
  });

  it.skipIf(!built)(
    built ? 'from two processes at once: both redact, both are logged, verify and checkpoint pass' : 'SKIPPED: packages/cli/dist/bin.js is not built (run `pnpm build`)',
    { timeout: 120_000 },
    async () => {
      const [first, second] = await Promise.all([process2(redactArgs(1), dir), process2(redactArgs(2, 'development-reform'), dir)]);
      expect(first.code, first.stderr).toBe(0);
      expect(second.code, second.stderr).toBe(0);
      const store = await openSqliteStore(join(dir, 'ledger.db'));
      try {
        expect((await loadRedactions(store, district as DistrictCode)).map((e) => e.position).sort()).toEqual([1, 2, 4]);
      } finally {
        await store.close();
      }
      const verified = await ledger(['verify', '--district', district]);
      expect(verified.code, verified.stderr).toBe(0);
      expect((await ledger(['keygen'])).code).toBe(0);
      const signed = await ledger(['checkpoint', '--district', district]);
      expect(signed.code, signed.stderr).toBe(0);
    },
  );
});
