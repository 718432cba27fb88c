/**
 * `pnpm bench` — the measurements of docs/benchmarks.md, each in its own child process, printed as a table against
 * the targets and written as JSON.
 *
 *   pnpm bench [--quick] [--json FILE] [--cache DIR] [--only LIST] [--profile DIR]
 *
 * --quick     small sizes for CI's smoke run (times are reported, never judged)
 * --json      where to write the results (default: bench-results/latest.json at the workspace root)
 * --cache     where the generated ledger files are kept between runs (default: $TMPDIR/indicator-ledger-bench)
 * --only      comma-separated subset of: append,rebuild,snapshot,verify,province
 * --profile   write a V8 CPU profile of each measurement into DIR (`node --cpu-prof`)
 * --set       override one size, e.g. `--set districtEvents=200000` (repeatable; such a run is not judged)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleMeasurementChild } from './childBundle.js';
import { runInChild } from './childMeasurement.js';
import type { ChildReport } from './childMeasurement.js';
import { ensureDataset, generatorVersion, provinceDistricts } from './datasets.js';
import { figuresOf, figuresTable } from './figures.js';
import type { Measurements } from './figures.js';
import type { Job } from './jobs.js';
import { describeMachine } from './machine.js';
import type { BenchSizes } from './sizes.js';
import { APPEND_DISTRICT, FULL_SIZES, LARGE_DISTRICT, PROGRESS_YEARS, QUICK_SIZES, SEEDS } from './sizes.js';

const WORKLOADS = ['append', 'rebuild', 'snapshot', 'verify', 'province'] as const;
type Workload = (typeof WORKLOADS)[number];

const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    cache: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'string' },
    set: { type: 'string', multiple: true },
  },
  strict: true,
});

// pnpm runs the script in the package folder; paths on the command line are the caller's.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const quick = values.quick === true;
const sizes: { -readonly [K in keyof BenchSizes]: number } = { ...(quick ? QUICK_SIZES : FULL_SIZES) };
for (const assignment of values.set ?? []) {
  const [key, value] = assignment.split('=');
  if (key === undefined || !Object.hasOwn(sizes, key) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new Error(`--set ${assignment}: expected NAME=COUNT with NAME one of ${Object.keys(sizes).join(', ')}`);
  }
  sizes[key as keyof BenchSizes] = Number(value);
}
// Only the full sizes are what the targets are stated for.
const judged = !quick && (values.set ?? []).length === 0;
const jsonPath = values.json === undefined ? join(WORKSPACE_ROOT, 'bench-results', 'latest.json') : resolve(callerDir, values.json);
const cacheDir = values.cache === undefined ? join(tmpdir(), 'indicator-ledger-bench') : resolve(callerDir, values.cache);
const profileDir = values.profile === undefined ? undefined : resolve(callerDir, values.profile);
const only = new Set<Workload>(
  values.only === undefined
    ? WORKLOADS
    : values.only.split(',').map((w) => {
        if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`--only: unknown workload ${w}; one of ${WORKLOADS.join(', ')}`);
        return w as Workload;
      }),
);
if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });

const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

const machine = describeMachine();
log(`bench${quick ? ' --quick' : ''}: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);

const districtStream = { district: LARGE_DISTRICT, seed: SEEDS.district, events: sizes.districtEvents };
const provinceStreams = provinceDistricts(sizes.provinceDistricts).map((district, i) => ({ district, seed: SEEDS.province + i, events: sizes.provinceEventsPerDistrict }));
const needsDistrict = only.has('rebuild') || only.has('snapshot') || only.has('verify');

const generation: Record<string, { path: string; generated: boolean; generationMs: number }> = {};
if (needsDistrict) {
  log(`large district: ${sizes.districtEvents.toLocaleString('en')} events (cached in ${cacheDir})…`);
  generation.district = await ensureDataset(cacheDir, 'district', [districtStream]);
  log(`  ${generation.district.generated ? `generated in ${(generation.district.generationMs / 1000).toFixed(1)} s` : 'found in cache'}: ${generation.district.path}`);
}
if (only.has('province')) {
  log(`province: ${sizes.provinceDistricts} districts × ${sizes.provinceEventsPerDistrict.toLocaleString('en')} events…`);
  generation.province = await ensureDataset(cacheDir, 'province', provinceStreams);
  log(`  ${generation.province.generated ? `generated in ${(generation.province.generationMs / 1000).toFixed(1)} s` : 'found in cache'}: ${generation.province.path}`);
}

const tempDir = mkdtempSync(join(tmpdir(), 'indicator-ledger-bench-run-'));
const script = await bundleMeasurementChild(join(tempDir, 'child'));
const measure = async <F>(label: string, job: Job): Promise<ChildReport<F>> => {
  log(`measuring ${label}…`);
  const report = await runInChild<F>(job, { script, label, ...(profileDir !== undefined ? { profileDir } : {}) });
  log(`  done (peak ${Math.round(report.peakRssBytes / 2 ** 20)} MiB)`);
  return report;
};

const districtFile = { path: generation.district?.path ?? '', district: LARGE_DISTRICT, events: sizes.districtEvents };
const m: { -readonly [K in keyof Measurements]: Measurements[K] } = {};
try {
  m.idle = await measure('idle', { workload: 'idle', params: {} });
  if (only.has('append')) {
    const stream = { district: APPEND_DISTRICT, seed: SEEDS.append, events: sizes.appendEvents };
    m.appendMemory = await measure('append-memory', { workload: 'append', params: { store: 'memory', stream, batchSize: sizes.appendBatch, tempDir } });
    m.appendSqlite = await measure('append-sqlite', { workload: 'append', params: { store: 'sqlite', stream, batchSize: sizes.appendBatch, tempDir } });
  }
  if (only.has('rebuild')) m.rebuild = await measure('rebuild', { workload: 'rebuild', params: districtFile });
  if (only.has('snapshot')) {
    m.snapshot = await measure('snapshot', {
      workload: 'snapshot',
      params: { ...districtFile, queries: sizes.snapshotQueries, warmUp: sizes.snapshotWarmUp, seed: SEEDS.snapshotQueries },
    });
  }
  if (only.has('verify')) m.verify = await measure('verify', { workload: 'verify', params: districtFile });
  if (only.has('province')) {
    m.province = await measure('province', {
      workload: 'province',
      params: {
        path: generation.province!.path,
        districts: provinceStreams.map((s) => s.district),
        eventsPerDistrict: sizes.provinceEventsPerDistrict,
        fromYear: PROGRESS_YEARS.from,
        toYear: PROGRESS_YEARS.to,
      },
    });
  }
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}

const figures = figuresOf(m, judged);
process.stdout.write(`\n${figuresTable(figures)}\n`);
if (!judged) process.stdout.write('(not the full sizes: the times are reported, not judged against the targets)\n');

mkdirSync(dirname(jsonPath), { recursive: true });
writeFileSync(
  jsonPath,
  `${JSON.stringify({ quick, judged, finishedAt: new Date().toISOString(), machine, loadAverageAtEnd: describeMachine().loadAverage, generatorVersion: generatorVersion(), sizes, seeds: SEEDS, figures, measurements: m, datasets: generation }, null, 2)}\n`,
);
log(`\nwrote ${jsonPath}`);
