import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndicatorProjections } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';

// docs/spec.md §8.4: a projection checkpoint edited in the file, no record touched, must not move a figure.
// The edit is a raw UPDATE through better-sqlite3, the SQLite store's own driver (not a dependency of the CLI).
interface RawDatabase {
  prepare(sql: string): { run(): { changes: number } };
  close(): void;
}
const Database = createRequire(fileURLToPath(new URL('../../store-sqlite/package.json', import.meta.url)))('better-sqlite3') as new (path: string) => RawDatabase;
let dir: string;
const ledger = (argv: string[]) => runLedger(argv, { cwd: dir });
const D = ['--district', SAMPLE_DISTRICT];

const fundsIn2020 = async (): Promise<{ value: unknown; stderr: string }> => {
  const r = await ledger(['snapshot', ...D, '--year', '2020', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return { value: JSON.parse(r.stdout).indicators['st-funds-allocated'].value, stderr: r.stderr };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-projection-checkpoint-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  expect((await ledger(['import', 'sample.ndjson'])).code).toBe(0);
  const store = await openSqliteStore(join(dir, 'ledger.db'));
  try {
    const projections = createIndicatorProjections(store);
    await projections.projection(SAMPLE_DISTRICT as DistrictCode);
    expect(await projections.saveCheckpoint(SAMPLE_DISTRICT as DistrictCode)).toBe(true);
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a projection checkpoint edited with a raw UPDATE', () => {
  it('is trusted as saved while intact: verify passes and the figure is the records\' (15,000,000 + 7,000,000 yuan)', async () => {
    expect(await fundsIn2020()).toEqual({ value: 22_000_000, stderr: '' });
    expect((await ledger(['verify', ...D])).code).toBe(0);
  });

  it('once edited, is not served: snapshot gives the true figure and warns; verify exits 1 naming the checkpoint', async () => {
    const raw = new Database(join(dir, 'ledger.db'));
    try {
      const changed = raw.prepare("UPDATE projection_checkpoints SET state = replace(state, '1500000000', '101500000000') WHERE projection = 'indicators'").run();
      expect(changed.changes).toBe(1);
    } finally {
      raw.close();
    }
    const { value, stderr } = await fundsIn2020();
    expect(value).toBe(22_000_000);
    expect(stderr).toBe(
      `ledger: warning: projection checkpoint "indicators" of ${SAMPLE_DISTRICT} at position 16 was not used (its state does not have the digest it was saved with: the state was changed after it was saved); the figures were computed from the records\n`,
    );
    const verified = await ledger(['verify', ...D]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toBe(
      `ledger: ${SAMPLE_DISTRICT}: position 16: projection-checkpoint: projection checkpoint "indicators" of ${SAMPLE_DISTRICT} at position 16: its state does not have the digest it was saved with: the state was changed after it was saved\n`,
    );
  });
});
