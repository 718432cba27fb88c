import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testSupport/sampleHistory.js';
import { runLedger } from './testSupport/runLedger.js';

// The command on PostgreSQL: the local server CI starts (.ci/run), or LEDGER_PG_URL. Like the store's own
// tests, this fails rather than skips when the server is not there. Each run uses a fresh schema.
const server = process.env.LEDGER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ledger_cli_${randomBytes(5).toString('hex')}`;
const store = `${server}${server.includes('?') ? '&' : '?'}schema=${schema}`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  // Best effort: psql comes with the server; a leftover schema in a test database harms nothing.
  await promisify(execFile)('psql', [server, '-q', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]).catch(() => undefined);
});

describe('ledger --store postgres://…', () => {
  it('imports, re-imports as a no-op, and answers snapshot from PostgreSQL', async () => {
    const first = await runLedger(['--store', store, 'import', 'sample.ndjson'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('16 events appended');
    const again = await runLedger(['--store', store, 'import', 'sample.ndjson'], { cwd: dir });
    expect(again.stdout).toContain('0 events appended, 16 already recorded');
    const snapshot = await runLedger(['--store', store, 'snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'json'], { cwd: dir });
    expect(snapshot.code, snapshot.stderr).toBe(0);
    expect(JSON.parse(snapshot.stdout)).toMatchObject({ position: 16, indicators: { 'high-tech-enterprises': { value: 2, status: 'met' } } });
  });
});
