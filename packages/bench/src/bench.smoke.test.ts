/**
 * CI's smoke run of the benchmark: `pnpm bench --quick` end to end (generation, every measurement in its
 * child process, table, JSON). It asserts that the run completes and reports every figure as a finite
 * positive number — never how fast anything is: times are measured by `pnpm bench`, not judged by tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXPECTED_FIGURES = [
  'append.memory',
  'append.sqlite',
  'rebuild',
  'rebuild.peakRss',
  'snapshot.p50',
  'snapshot.p99',
  'snapshot.peakRss',
  'verify',
  'province.rebuild',
  'province.progressTable',
  'province.peakRss',
  'idle.peakRss',
];

describe('pnpm bench --quick', () => {
  it('runs every workload and writes every figure as a finite positive number', () => {
    const jsonPath = join(dir, 'results.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--quick', '--json', jsonPath, '--cache', join(dir, 'cache')], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: BENCH_DIR },
      timeout: 240_000,
    });
    expect(run.status, `bench exited with ${run.status}:\n${run.stderr}\n${run.stdout}`).toBe(0);
    expect(existsSync(jsonPath)).toBe(true);
    const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as { quick: boolean; judged: boolean; figures: { id: string; measured: number; met: boolean | null }[] };
    expect(results.quick).toBe(true);
    expect(results.judged).toBe(false);
    expect(results.figures.map((f) => f.id).sort()).toEqual([...EXPECTED_FIGURES].sort());
    for (const f of results.figures) {
      expect(Number.isFinite(f.measured), `${f.id} = ${f.measured}`).toBe(true);
      expect(f.measured, f.id).toBeGreaterThan(0);
      // A quick run is never judged against the targets.
      expect(f.met, f.id).toBeNull();
    }
    // The printed table names every figure too.
    for (const label of ['validated append into SQLite', 'rebuild from SQLite', 'snapshot latency p99', 'verify chain', 'province progress table']) {
      expect(run.stdout).toContain(label);
    }
  }, 300_000);
});
