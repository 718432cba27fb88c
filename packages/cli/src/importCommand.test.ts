import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faultyNdjson, ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';
import { FACTS_CHECKPOINT_NAME } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  writeFileSync(join(dir, 'bad.ndjson'), faultyNdjson().text);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const headPosition = async (): Promise<number> => {
  const r = await runLedger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'json'], { cwd: dir });
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { position: number }).position;
};

describe('ledger import', () => {
  it('appends a valid file into ./ledger.db, prints the counts and exits 0', async () => {
    const r = await runLedger(['import', 'sample.ndjson'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${SAMPLE_DISTRICT}: 16 events appended, 0 already recorded, head at position 16`);
    // No progress bar and no chatter when standard error is not a terminal.
    expect(r.stderr).toBe('');
    expect(existsSync(join(dir, 'ledger.db'))).toBe(true);
    expect(await headPosition()).toBe(16);
  });

  it('is a no-op when the same file is imported again', async () => {
    expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
    const again = await runLedger(['import', 'sample.ndjson'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 events appended, 16 already recorded, head at position 16');
    expect(await headPosition()).toBe(16);
  });

  it('saves the district\'s stream facts beside it, so that the next import resumes them; a tampered one is warned of and not used', async () => {
    expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
    const file = join(dir, 'ledger.db');
    const district = SAMPLE_DISTRICT as DistrictCode;
    let store = await openSqliteStore(file);
    const saved = await store.checkpoints.loadCheckpoint(district, FACTS_CHECKPOINT_NAME);
    expect(saved?.position).toBe(16);
    // An edit that keeps the JSON but breaks the digest: the next import must not trust it, and must say so.
    await store.checkpoints.saveCheckpoint({ ...saved!, state: saved!.state.replace('"projectIds":[', '"projectIds":["edited",') });
    await store.close();
    const again = await runLedger(['import', 'sample.ndjson'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 events appended, 16 already recorded, head at position 16');
    expect(again.stderr).toBe(
      `ledger: warning: the stream-facts checkpoint of ${SAMPLE_DISTRICT} at position 16 was not used (its state does not have the digest it was saved with: the state was changed after it was saved); the district's records were read instead\n`,
    );
    // Nothing was appended, so the edited checkpoint is still there and still refused.
    const third = await runLedger(['import', 'sample.ndjson'], { cwd: dir });
    expect(third.stderr).toContain('was not used');
    store = await openSqliteStore(file);
    await store.checkpoints.saveCheckpoint(saved!);
    await store.close();
    const fourth = await runLedger(['import', 'sample.ndjson'], { cwd: dir });
    expect(fourth.code).toBe(0);
    expect(fourth.stderr).toBe('');
  });

  it('lists every problem as FILE:LINE: path: reason, writes nothing, leaves no ledger file and exits 1', async () => {
    const r = await runLedger(['import', 'bad.ndjson'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    const problemLines = lines.filter((l) => l.startsWith('bad.ndjson:')).map((l) => Number(/^bad\.ndjson:(\d+):/.exec(l)![1]));
    expect([...new Set(problemLines)].sort((a, b) => a - b)).toEqual(faultyNdjson().problemLines);
    expect(r.stderr).toContain('bad.ndjson:2: data.enterpriseId: check character');
    expect(r.stderr).toContain('bad.ndjson:3: colour:');
    expect(r.stderr).toMatch(/bad\.ndjson:4: is not valid JSON/);
    expect(r.stderr).toContain('bad.ndjson:5: data.enterpriseId:');
    expect(r.stderr).toContain('bad.ndjson:6: actor.unit:');
    expect(lines[lines.length - 1]).toBe(`ledger: 5 problems; nothing was written to ${join(dir, 'ledger.db')}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'ledger.db'))).toBe(false);
  });

  it('writes nothing from any file when one of several files has a problem', async () => {
    expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
    const more = sampleEvents().map((e, i) => ({ ...e, eventId: `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`, recordedAt: '2022-01-01T00:00:00.000Z' }));
    // New recognitions of already-recognised enterprises are fine; the FundsAllocated reuse their allocation ids, which the rules refuse.
    writeFileSync(join(dir, 'more.ndjson'), ndjsonOf(more));
    const r = await runLedger(['import', 'more.ndjson', 'bad.ndjson'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^more\.ndjson:\d+: data\.allocationId: /m);
    expect(r.stderr).toMatch(/^bad\.ndjson:2: /m);
    // more.ndjson's problems are listed before bad.ndjson's: files in the order given.
    expect(r.stderr.indexOf('more.ndjson:')).toBeLessThan(r.stderr.indexOf('bad.ndjson:'));
    expect(await headPosition()).toBe(16);
  });

  it('reads standard input for -', async () => {
    const r = await runLedger(['import', '-'], { cwd: dir, stdin: ndjsonOf(sampleEvents()) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('16 events appended');
    expect(await headPosition()).toBe(16);
  });

  it('names problems of standard input as -:LINE', async () => {
    const r = await runLedger(['import', '-'], { cwd: dir, stdin: faultyNdjson().text });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^-:2: data\.enterpriseId: /m);
  });

  it('honours --store for the SQLite file', async () => {
    const r = await runLedger(['--store', 'other.db', 'import', 'sample.ndjson'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'other.db'))).toBe(true);
    expect(existsSync(join(dir, 'ledger.db'))).toBe(false);
  });

  it('exits 1 with one line, no stack trace, for a file that cannot be read', async () => {
    const r = await runLedger(['import', 'missing.ndjson'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ledger: cannot read missing.ndjson: no such file\n');
  });

  it('exits 2 with help when no file is named', async () => {
    const r = await runLedger(['import'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'files'");
    expect(r.stderr).toContain('Usage: ledger import');
  });

  it('draws a progress bar on standard error only when it is a terminal', async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => ({
      type: 'FundsAllocated',
      eventId: `22222222-0000-4000-8000-${String(i).padStart(12, '0')}`,
      district: SAMPLE_DISTRICT,
      effectiveDate: '2021-05-01',
      recordedAt: '2021-05-02T00:00:00.000Z',
      actor: { unit: 'finance', user: 'sample.clerk' },
      data: { allocationId: `BULK-${i}`, amountFen: 100 + i, purpose: 'award' },
    }));
    writeFileSync(join(dir, 'many.ndjson'), ndjsonOf(many));
    const onTerminal = await runLedger(['--store', 'a.db', 'import', 'many.ndjson'], { cwd: dir, stderrIsTTY: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toMatch(/\d+%/);
    const piped = await runLedger(['--store', 'b.db', 'import', 'many.ndjson'], { cwd: dir, stderrIsTTY: false });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toContain('2500 events appended');
  });
});
