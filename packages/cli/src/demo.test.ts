import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// README's first command ends in `node scripts/demo.mjs`, which runs the built `ledger`: this checks it
// does its job (CI builds before testing). The store goes to a temporary file instead of ./ledger.db.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const built = existsSync(join(root, 'packages/cli/dist/bin.js'));
const dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = (): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'scripts/demo.mjs')],
      { cwd: root, env: { ...process.env, LEDGER_STORE: join(dir, 'demo.db'), NO_COLOR: '1', LANG: 'C' }, encoding: 'utf8', timeout: 280_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });

describe('scripts/demo.mjs', () => {
  it.skipIf(!built)(
    built
      ? 'imports the seeds and prints the 2019–2025 progress table; run again, it imports nothing new'
      : 'SKIPPED: packages/cli/dist/bin.js is not built (run `pnpm build`), so the demo cannot run',
    async () => {
      const first = await demo();
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('130302: 11095 events appended, 0 already recorded');
      const header = first.stdout.split('\n').find((l) => l.includes('Indicator'))!;
      expect(header.match(/20\d\d/g)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025']);
      expect(first.stdout).toMatch(/High-tech enterprises\s+│\s+52 │\s+76 ✓ │/);
      const again = await demo();
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('130302: 0 events appended, 11095 already recorded');
    },
    300_000,
  );
});
