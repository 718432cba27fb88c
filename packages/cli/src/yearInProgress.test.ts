import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';
import { yearInProgress } from './yearInProgress.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-in-progress-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('yearInProgress (docs/spec.md §8.5)', () => {
  it('holds exactly while the instant is before January 1 of the next year, and so for every earlier instant', () => {
    const instant = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.integer({ min: 2015, max: 2030 }), instant, instant, (year, a, b) => {
        const at = a.toISOString();
        const inProgress = yearInProgress(year, at, new Date(0));
        if (inProgress !== a.getTime() < Date.UTC(year + 1, 0, 1)) return false;
        // Earlier knowledge never sees a year as more finished than later knowledge does.
        const [early, late] = a <= b ? [a, b] : [b, a];
        return !yearInProgress(year, late.toISOString(), new Date(0)) || yearInProgress(year, early.toISOString(), new Date(0));
      }),
    );
  });

  it('uses now when no instant is given', () => {
    expect(yearInProgress(2026, undefined, new Date('2026-12-02T00:00:00Z'))).toBe(true);
    expect(yearInProgress(2025, undefined, new Date('2026-12-02T00:00:00Z'))).toBe(false);
    expect(yearInProgress(2025, '2025-12-31T23:59:59.999Z', new Date(0))).toBe(true);
    expect(yearInProgress(2025, '2026-01-01T00:00:00.000Z', new Date(0))).toBe(false);
  });
});

describe('ledger progress, a year still running', () => {
  const argv = ['progress', '--district', SAMPLE_DISTRICT, '--from', '2019', '--to', '2021', '--as-of', '2020-06-01T00:00:00Z', '--lang', 'en'];

  it('says … in progress for a figure below target in a year not over at the knowledge instant, not ✗ not met', async () => {
    const r = await runLedger(argv, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // As of June 2020: one high-tech enterprise against 2020's target of two, and 2021's of five.
    expect(r.stdout).toMatch(/High-tech enterprises\s+│\s+1 │\s+1 … │\s+1 … │/);
    expect(r.stdout).not.toMatch(/High-tech enterprises.*✗/);
    expect(r.stdout).toContain('… in progress');
  });

  it('leaves the JSON status of docs/spec.md §7 unchanged', async () => {
    const r = await runLedger([...argv.slice(0, -2), '--format', 'json'], { cwd: dir });
    const years = (JSON.parse(r.stdout) as { years: { indicators: Record<string, { status: string }> }[] }).years;
    expect(years.map((y) => y.indicators['high-tech-enterprises']!.status)).toEqual(['no-target', 'not-met', 'not-met']);
  });

  it('keeps ✗ not met for a year that was over at the knowledge instant', async () => {
    const r = await runLedger(['progress', '--district', SAMPLE_DISTRICT, '--from', '2021', '--to', '2021', '--as-of', '2022-01-01T00:00:00Z', '--lang', 'en'], { cwd: dir });
    expect(r.stdout).toMatch(/High-tech enterprises\s+│\s+3 ✗ │/);
    expect(r.stdout).not.toContain('in progress');
  });
});
