import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_IDS } from '@indicator-ledger/core';
import { ledgerProcess } from './testing/ledgerProcess.js';
import { faultyNdjson, ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';

// End to end: the `ledger` executable in its own process (testing/ledgerProcess.ts).
const ledger = ledgerProcess;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-bin-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  writeFileSync(join(dir, 'bad.ndjson'), faultyNdjson().text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each start of the executable compiles TypeScript, which takes seconds on a busy machine.
describe('the ledger executable', { timeout: 180_000 }, () => {
  it('exits 1 listing every problem of a bad file, then 0 importing a good one from standard input, then 0 again as a no-op', async () => {
    const bad = await ledger(['import', 'bad.ndjson'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n').filter((l) => l.startsWith('bad.ndjson:'))).toHaveLength(5);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const good = await ledger(['import', '-'], dir, ndjsonOf(sampleEvents()));
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('16 events appended');
    const again = await ledger(['import', 'sample.ndjson'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 events appended, 16 already recorded');
  });

  it('prints the docs/spec.md §7 object on stdout for snapshot --format json', async () => {
    const r = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ district: SAMPLE_DISTRICT, date: '2020-12-31', asOf: null, position: 16 });
    expect(Object.keys(s.indicators)).toEqual([...INDICATOR_IDS]);
  });

  it('prints the progress table without colour when NO_COLOR is set', async () => {
    const r = await ledger(['progress', '--district', SAMPLE_DISTRICT], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('High-tech enterprises');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('prints the version of its own package manifest for --version', async () => {
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string };
    const r = await ledger(['--version'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(manifest.version);
  });

  it('exits 2 with help for wrong usage', async () => {
    const r = await ledger(['snapshot', '--district', SAMPLE_DISTRICT], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: ledger snapshot');
  });
});
