import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';
import { finishOf, spawnLedger } from './testing/ledgerProcess.js';

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

const psql = async (sql: string): Promise<string> => (await promisify(execFile)('psql', [server, '-qtA', '-c', sql])).stdout.trim();

describe('ledger --store postgres://… reading a schema that holds no ledger', () => {
  it('refuses, as for a missing SQLite file, and creates nothing', async () => {
    const absent = `${schema}_absent`;
    const r = await runLedger(['--store', `${server}${server.includes('?') ? '&' : '?'}schema=${absent}`, 'snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^ledger: cannot open the ledger at .*schema=${absent}: no ledger in PostgreSQL schema ${absent}\n$`));
    expect(r.stdout).toBe('');
    expect(await psql(`SELECT count(*) FROM pg_namespace WHERE nspname = '${absent}'`)).toBe('0');
  });
});

describe('ledger --store postgres://… when the server drops the connection', () => {
  it('a connection terminated mid-append (as by a restart) is one line on stderr, exit 1, no stack, and the store stays whole', async () => {
    const lost = `${schema}_lost`;
    const app = `${lost}_app`;
    const url = `${server}${server.includes('?') ? '&' : '?'}schema=${lost}&application_name=${app}`;
    const seeds = fileURLToPath(new URL('../../../seeds/', import.meta.url));
    // The ledger's schema first, so that what is terminated below is an append, never the migration
    // (whose transaction also inserts, and would take the schema with it).
    const created = await finishOf(spawnLedger(['--store', url, 'import', join(seeds, 'plan-targets.ndjson')], dir));
    expect(created.code, created.stderr).toBe(0);
    const child = spawnLedger(['--store', url, 'import', join(seeds, 'synthetic-130302.ndjson')], dir);
    const finished = finishOf(child);
    let exited = false;
    void finished.then(() => (exited = true));
    // The append's transaction: the head row locked FOR UPDATE, the INSERTs, the head moved with pg_notify.
    let terminated = 0;
    while (!exited && terminated === 0) {
      terminated = Number(
        await psql(
          `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '${app}' AND xact_start IS NOT NULL ` +
            `AND (query LIKE '%FOR UPDATE%' OR query LIKE 'INSERT INTO%' OR query LIKE '%pg_notify%')`,
        ),
      );
    }
    const { code, stderr } = await finished;
    // Whole: the head row and the events agree (the interrupted transaction left nothing half-written).
    const heads = await psql(
      `SELECT (SELECT coalesce(max(position), 0) FROM "${lost}".events) || ' ' || (SELECT coalesce(max(position), 0) FROM "${lost}".streams)`,
    );
    await psql(`DROP SCHEMA IF EXISTS "${lost}" CASCADE`).catch(() => undefined);
    const [events, head] = heads.split(' ');
    expect(events).toBe(head);
    expect(terminated, 'the append was not caught in flight').toBeGreaterThan(0);
    expect(code, stderr).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^ledger: /);
    expect(stderr).not.toMatch(/\n\s+at |Unhandled|node:events/);
  }, 120_000);
});
