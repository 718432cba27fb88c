import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishOf, spawnLedger } from './testing/ledgerProcess.js';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';

// `ledger … | head`: the reader goes away before the output is written (docs/spec.md §8.5). The command
// ends quietly — exit 0, nothing on standard error — instead of dying of `write EPIPE` with a stack.
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-pipe-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a standard output closed early', () => {
  it.each([
    ['progress', '--district', SAMPLE_DISTRICT, '--format', 'csv'],
    ['history', '--district', SAMPLE_DISTRICT, '--by-unit'],
    ['--help'],
  ])('ledger %s … ends quietly', async (...argv) => {
    const child = spawnLedger(argv, dir);
    // Closed before the command writes anything: its first write meets a pipe with no reader.
    child.stdout!.destroy();
    const { code, stderr } = await finishOf(child);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
