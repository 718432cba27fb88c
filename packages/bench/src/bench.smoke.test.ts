/**
 * CI's smoke run of the benchmark: `pnpm bench --quick --peers` end to end (generation, every measurement in
 * its child process, ours and Emmett's, both tables, JSON). It asserts that the run completes and reports every
 * figure as a finite positive number — never how fast anything is: times are measured by `pnpm bench`, not
 * judged by tests. `--peers` only adds measurements, so this run covers `pnpm bench --quick` as well.
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
  'verify.oneThread',
  'province.rebuild',
  'province.progressTable',
  'province.peakRss',
  'idle.peakRss',
  'snapshot.cold',
  'mix.append.memory',
  'mix.append.sqlite',
  'mix.rebuild',
  'mix.rebuild.peakRss',
  'mix.snapshot.p50',
  'mix.snapshot.p99',
  'mix.snapshot.cold',
  'import.0',
  'import.18000',
  'append.memory.peakRss',
  'append.sqlite.peakRss',
  'mix.snapshot.peakRss',
  'import.0.peakRss',
  'import.18000.peakRss',
  // The local PostgreSQL server (CI starts it, as the PostgreSQL store's tests need it).
  'postgres.append',
  'postgres.rebuild',
  'postgres.peakRss',
];

/** Emmett's figures (`--peers`): one for each of ours it is compared with. */
const PEER_FIGURES = [
  'append.memory',
  'append.sqlite',
  'rebuild',
  'rebuild.peakRss',
  'snapshot.p50',
  'snapshot.cold',
  'mix.append.memory',
  'mix.append.sqlite',
  'mix.rebuild',
  'mix.rebuild.peakRss',
  'mix.snapshot.p50',
  'mix.snapshot.cold',
];

describe('pnpm bench --quick --peers', () => {
  it('runs every workload, ours and the peer\'s, and writes every figure as a finite positive number', () => {
    const jsonPath = join(dir, 'results.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--quick', '--peers', '--json', jsonPath, '--cache', join(dir, 'cache')], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: BENCH_DIR },
      timeout: 480_000,
    });
    expect(run.status, `bench exited with ${run.status}:\n${run.stderr}\n${run.stdout}`).toBe(0);
    expect(existsSync(jsonPath)).toBe(true);
    const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
      quick: boolean;
      judged: boolean;
      figures: { id: string; measured: number; met: boolean | null }[];
      peers: { comparisons: { id: string; ratio: number }[] };
    };
    expect(results.quick).toBe(true);
    expect(results.judged).toBe(false);
    expect(results.figures.map((f) => f.id).sort()).toEqual([...EXPECTED_FIGURES, ...PEER_FIGURES.map((id) => `peer.${id}`)].sort());
    // Every peer figure is set beside ours, with a finite positive ratio.
    expect(results.peers.comparisons.map((c) => c.id).sort()).toEqual([...PEER_FIGURES].sort());
    for (const c of results.peers.comparisons) expect(Number.isFinite(c.ratio) && c.ratio > 0, `${c.id}: ratio ${c.ratio}`).toBe(true);
    for (const f of results.figures) {
      expect(Number.isFinite(f.measured), `${f.id} = ${f.measured}`).toBe(true);
      expect(f.measured, f.id).toBeGreaterThan(0);
      // A quick run is never judged against the targets.
      expect(f.met, f.id).toBeNull();
    }
    // The printed table names every figure too.
    for (const label of ['validated append into SQLite', 'rebuild from SQLite', 'snapshot latency p99', 'verify chain', 'province progress table', 'ours ÷ Emmett', 'Emmett: append into its SQLite store']) {
      expect(run.stdout).toContain(label);
    }
  }, 540_000);
});
