import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';

// Two real `ledger` processes (the built CLI, as people run it) importing into the same new file.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const built = existsSync(bin);

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ledger = (args: readonly string[], cwd: string): Promise<Finished> =>
  new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', LANG: 'C' }, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });

/** Many valid allocations, then one line the policy refuses (docs/spec.md §5): a long import that ends refused. */
const longRefusedImport = (lines: number): string => {
  const events = Array.from({ length: lines }, (_, i) => ({
    type: 'FundsAllocated',
    eventId: `33333333-0000-4000-8000-${String(i).padStart(12, '0')}`,
    district: '130303',
    effectiveDate: '2021-05-01',
    recordedAt: '2021-05-02T00:00:00.000Z',
    actor: { unit: 'finance', user: 'bulk.clerk' },
    data: { allocationId: `RACE-${i}`, amountFen: 100 + i, purpose: 'award' },
  }));
  events.push({ ...events[0]!, eventId: '33333333-1111-4000-8000-000000000000', actor: { unit: 'statistics', user: 'bulk.clerk' }, data: { allocationId: 'RACE-BAD', amountFen: 1, purpose: 'award' } });
  return ndjsonOf(events);
};

let dir: string;
const inputs = ['long-refused.ndjson', 'sample.ndjson'];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-race-'));
  writeFileSync(join(dir, inputs[0]!), longRefusedImport(60_000));
  writeFileSync(join(dir, inputs[1]!), ndjsonOf(sampleEvents()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two imports racing into a new SQLite file (docs/spec.md §8.1)', () => {
  it.skipIf(!built)(
    built ? "a refused import never removes another writer's acknowledged records" : 'SKIPPED: packages/cli/dist/bin.js is not built (run `pnpm build`)',
    async () => {
      const refused = ledger(['--store', 'shared.db', 'import', inputs[0]!], dir);
      // Start the second import once the first has begun writing anything in the folder (the ledger file,
      // or its own staging file), so that both are in flight at once.
      for (let waited = 0; waited < 15_000 && readdirSync(dir).length === inputs.length; waited += 20) await sleep(20);
      const accepted = await ledger(['--store', 'shared.db', 'import', inputs[1]!], dir);
      const first = await refused;
      expect(accepted.code, accepted.stderr).toBe(0);
      expect(accepted.stdout).toContain(`${SAMPLE_DISTRICT}: 16 events appended`);
      expect(first.code).toBe(1);
      expect(first.stderr).toMatch(/long-refused\.ndjson:60001: actor\.unit: /);
      // The acknowledged import is still there.
      const snapshot = await ledger(['--store', 'shared.db', 'snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'json'], dir);
      expect(snapshot.code, snapshot.stderr).toBe(0);
      expect((JSON.parse(snapshot.stdout) as { position: number }).position).toBe(16);
      // Nothing else is left behind: no staging file of the refused import.
      expect(readdirSync(dir).sort()).toEqual([...inputs, 'shared.db'].sort());
    },
    180_000,
  );
});
