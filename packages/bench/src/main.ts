/**
 * `pnpm bench` — the measurements of docs/benchmarks.md, each in its own child process, printed as a table against
 * the targets and written as JSON.
 *
 *   pnpm bench [--quick] [--peers] [--json FILE] [--cache DIR] [--only LIST] [--profile DIR]
 *
 * --quick     small sizes for CI's smoke run (times are reported, never judged)
 * --peers     also measure Emmett (in-memory and SQLite event stores) on the same events, and print each of
 *             our figures with its ratio to Emmett's (docs/benchmarks.md, "Side by side with Emmett")
 * --json      where to write the results (default: bench-results/latest.json at the workspace root)
 * --cache     where the generated ledger files and input NDJSON files are kept between runs (default: $TMPDIR/indicator-ledger-bench)
 * --only      comma-separated subset of: append,rebuild,snapshot,verify,province,mix,import,growth,postgres (growth: full
 *             sizes only; postgres: the server of LEDGER_PG_URL, default postgres://postgres@127.0.0.1:5432/test, skipped
 *             with a note when it does not answer)
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
import { ensureInputLines } from './inputLines.js';
import type { Generation } from './datasets.js';
import type { PeerAppendFigures, PeerPointInTimeFigures, PeerRebuildFigures } from './emmettPeer.js';
import { figuresOf, figuresTable, peerComparisons, peerTable } from './figures.js';
import type { GrowthMeasurement, Measurements, MixMeasurements, PeerMeasurements, PeerMixMeasurements } from './figures.js';
import type { Job } from './jobs.js';
import { describeMachine } from './machine.js';
import type { BenchSizes } from './sizes.js';
import { APPEND_DISTRICT, FULL_SIZES, GROWTH_EVENTS, IMPORT_DISTRICT, LARGE_DISTRICT, MIX_APPEND_DISTRICT, MIX_DISTRICT, PROGRESS_YEARS, QUICK_SIZES, SEEDS } from './sizes.js';
import { PLATFORM_RETRACTION_MIX } from './syntheticInputs.js';
import type { SyntheticStream } from './syntheticInputs.js';
import type { AppendFigures, ImportFigures, PostgresFigures, RebuildFigures, SnapshotFigures } from './workloads.js';
import pg from 'pg';

const WORKLOADS = ['append', 'rebuild', 'snapshot', 'verify', 'province', 'mix', 'import', 'growth', 'postgres'] as const;
type Workload = (typeof WORKLOADS)[number];

const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  peers: { type: 'boolean', default: false },
  json: { type: 'string' },
  cache: { type: 'string' },
  only: { type: 'string' },
  profile: { type: 'string' },
  set: { type: 'string', multiple: true },
} as const;

/** Ends the run before anything is measured: what is wrong, in one line, and exit status 2 (no stack trace). */
function refuse(reason: string): never {
  process.stderr.write(`bench: ${reason}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({ options: OPTIONS, strict: true });
  } catch (err) {
    // node:util's message names the option and says what it expected.
    return refuse(err instanceof Error ? err.message : String(err));
  }
})();

// pnpm runs the script in the package folder; paths on the command line are the caller's.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const quick = values.quick === true;
const peers = values.peers === true;
const sizes: { -readonly [K in keyof BenchSizes]: number } = { ...(quick ? QUICK_SIZES : FULL_SIZES) };
for (const assignment of values.set ?? []) {
  const [key, value] = assignment.split('=');
  if (key === undefined || !Object.hasOwn(sizes, key) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    refuse(`--set ${assignment}: expected NAME=COUNT with NAME one of ${Object.keys(sizes).join(', ')}`);
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
        if (!(WORKLOADS as readonly string[]).includes(w)) refuse(`--only: unknown workload ${w}; one of ${WORKLOADS.join(', ')}`);
        return w as Workload;
      }),
);
if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });

const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

const machine = describeMachine();
log(`bench${quick ? ' --quick' : ''}${peers ? ' --peers' : ''}: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);

const districtStream = { district: LARGE_DISTRICT, seed: SEEDS.district, events: sizes.districtEvents };
const provinceStreams = provinceDistricts(sizes.provinceDistricts).map((district, i) => ({ district, seed: SEEDS.province + i, events: sizes.provinceEventsPerDistrict }));
const needsDistrict = only.has('rebuild') || only.has('snapshot') || only.has('verify');

/** Where a cached file is, and whether this run had to write it. */
const logGeneration = (g: Generation): void => log(`  ${g.generated ? `generated in ${(g.generationMs / 1000).toFixed(1)} s` : 'found in cache'}: ${g.path}`);
const generation: Record<string, Generation> = {};
if (needsDistrict) {
  log(`large district: ${sizes.districtEvents.toLocaleString('en')} events (cached in ${cacheDir})…`);
  generation.district = await ensureDataset(cacheDir, 'district', [districtStream]);
  logGeneration(generation.district);
}
if (only.has('province')) {
  log(`province: ${sizes.provinceDistricts} districts × ${sizes.provinceEventsPerDistrict.toLocaleString('en')} events…`);
  generation.province = await ensureDataset(cacheDir, 'province', provinceStreams);
  logGeneration(generation.province);
}

const generated = (label: string, g: Generation): void => {
  logGeneration(g);
  generation[label] = g;
};
const mixStream: SyntheticStream = { district: MIX_DISTRICT, seed: SEEDS.mix, events: sizes.mixDistrictEvents, mix: PLATFORM_RETRACTION_MIX };
if (only.has('mix')) {
  log(`platform-and-retraction mix: ${sizes.mixDistrictEvents.toLocaleString('en')} events…`);
  generated('mix', await ensureDataset(cacheDir, 'mix', [mixStream]));
}
// The import's base holds the first `importExisting` events of the history sized for all of them plus the import.
const importStream: SyntheticStream = { district: IMPORT_DISTRICT, seed: SEEDS.import, events: sizes.importExisting, historyEvents: sizes.importExisting + sizes.importEvents };
if (only.has('import')) {
  log(`import base: ${sizes.importExisting.toLocaleString('en')} events…`);
  generated('importBase', await ensureDataset(cacheDir, 'import-base-facts', [importStream], { factsCheckpoint: true }));
  // The lines imported into an empty file are the history's first; those on top of the base, the ones after it.
  for (const existing of [0, sizes.importExisting]) generated(`importLines${existing}`, await ensureInputLines(cacheDir, { ...importStream, events: existing + sizes.importEvents }, existing));
}
// The appended streams, as NDJSON files that ours and the peer's appends read (written here, not in the children).
const appendStream: SyntheticStream = { district: APPEND_DISTRICT, seed: SEEDS.append, events: sizes.appendEvents };
const mixAppendStream: SyntheticStream = { district: MIX_APPEND_DISTRICT, seed: SEEDS.mix, events: sizes.mixAppendEvents, mix: PLATFORM_RETRACTION_MIX };
const postgresStream: SyntheticStream = { district: APPEND_DISTRICT, seed: SEEDS.append, events: sizes.postgresEvents };
const inputLines = new Map<SyntheticStream, string>();
for (const [label, stream, wanted] of [['appendInputs', appendStream, only.has('append')], ['mixAppendInputs', mixAppendStream, only.has('mix')], ['postgresInputs', postgresStream, only.has('postgres')]] as const) {
  if (!wanted) continue;
  log(`inputs of ${stream.district}: ${stream.events.toLocaleString('en')} events…`);
  const g = await ensureInputLines(cacheDir, stream);
  generated(label, g);
  inputLines.set(stream, g.path);
}
const linesPathOf = (stream: SyntheticStream): string => inputLines.get(stream)!;
// Growth rows: full sizes only (`--quick` stays quick); the large district's size is its own measurement.
// A run with a smaller large district (`--set districtEvents=…`) grows up to that size only.
const growthSizes = quick || !only.has('growth') ? [] : GROWTH_EVENTS.filter((events) => events <= sizes.districtEvents);
const growthStream = (events: number): SyntheticStream => ({ district: LARGE_DISTRICT, seed: SEEDS.district, events });
for (const events of growthSizes) {
  if (events === sizes.districtEvents && needsDistrict) continue;
  log(`growth: ${events.toLocaleString('en')} events…`);
  generated(`growth${events}`, await ensureDataset(cacheDir, 'district', [growthStream(events)]));
}
const postgresUrl = process.env.LEDGER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Whether a PostgreSQL server answers at `url` within a few seconds. */
const answers = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const tempDir = mkdtempSync(join(tmpdir(), 'indicator-ledger-bench-run-'));
const script = await bundleMeasurementChild(join(tempDir, 'child')).catch((err: unknown) =>
  // esbuild's message names the file and the import it could not resolve; its stack trace says nothing more.
  refuse(`could not bundle the measurement child: ${(err instanceof Error ? err.message : String(err)).split('\n').slice(0, 3).join(' ')}`),
);
const measure = async <F>(label: string, job: Job): Promise<ChildReport<F>> => {
  log(`measuring ${label}…`);
  const report = await runInChild<F>(job, { script, label, ...(profileDir !== undefined ? { profileDir } : {}) });
  log(`  done (peak ${Math.round(report.peakRssBytes / 2 ** 20)} MiB)`);
  return report;
};

// The peer's SQLite files: the same events, appended once through Emmett and cached. Each is written in a child
// process: emmett-sqlite can end the process that calls it (an error event nobody listens to, e.g. "cannot change
// into wal mode from within a transaction" from one of its connections), and the file is written under a temporary
// name, so a fresh child may simply try again.
const PEER_DATASET_ATTEMPTS = 3;
const peerGeneration: Record<string, Generation> = {};
/** Why a peer figure is missing from this run, by the measurement's label: the peer is optional, ours are not. */
const peerSkipped: Record<string, string> = {};
const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
const peerDataset = async (label: string, stream: SyntheticStream): Promise<string | undefined> => {
  log(`Emmett SQLite file, ${label}: ${stream.events.toLocaleString('en')} events…`);
  let reason = '';
  for (let attempt = 1; attempt <= PEER_DATASET_ATTEMPTS; attempt++) {
    try {
      const { figures: g } = await runInChild<Generation>({ workload: 'peer-dataset', params: { cacheDir, name: label.startsWith('growth') ? 'district' : label, stream, generatorVersion: generatorVersion() } }, { script, label: `peer-dataset-${label}` });
      logGeneration(g);
      peerGeneration[label] = g;
      return g.path;
    } catch (err) {
      reason = firstLine(err);
      log(`  attempt ${attempt} of ${PEER_DATASET_ATTEMPTS} failed: ${reason}`);
    }
  }
  peerSkipped[`peer-dataset-${label}`] = `Emmett could not write its SQLite file in ${PEER_DATASET_ATTEMPTS} attempts: ${reason}`;
  return undefined;
};
/** A peer measurement, or undefined with the reason kept in `peerSkipped` when the peer's child fails. */
const measurePeer = async <F>(label: string, job: Job): Promise<ChildReport<F> | undefined> => {
  try {
    return await measure<F>(label, job);
  } catch (err) {
    peerSkipped[label] = firstLine(err);
    log(`  Emmett's ${label} failed, left out of the comparison: ${peerSkipped[label]}`);
    return undefined;
  }
};

const districtFile = { path: generation.district?.path ?? '', district: LARGE_DISTRICT, events: sizes.districtEvents };
const m: { -readonly [K in keyof Measurements]: Measurements[K] } = {};
try {
  m.idle = await measure('idle', { workload: 'idle', params: {} });
  if (only.has('append')) {
    const stream = appendStream;
    m.appendMemory = await measure('append-memory', { workload: 'append', params: { store: 'memory', stream, linesPath: linesPathOf(stream), batchSize: sizes.appendBatch, tempDir } });
    m.appendSqlite = await measure('append-sqlite', { workload: 'append', params: { store: 'sqlite', stream, linesPath: linesPathOf(stream), batchSize: sizes.appendBatch, tempDir } });
  }
  if (only.has('rebuild')) m.rebuild = await measure('rebuild', { workload: 'rebuild', params: districtFile });
  if (only.has('snapshot')) {
    m.snapshot = await measure('snapshot', {
      workload: 'snapshot',
      params: { ...districtFile, queries: sizes.snapshotQueries, warmUp: sizes.snapshotWarmUp, seed: SEEDS.snapshotQueries },
    });
  }
  if (only.has('verify')) {
    m.verify = await measure('verify', { workload: 'verify', params: { ...districtFile, threads: 2 } });
    m.verifyOneThread = await measure('verify-one-thread', { workload: 'verify', params: { ...districtFile, threads: 1 } });
  }
  const mix: { -readonly [K in keyof MixMeasurements]: MixMeasurements[K] } = {};
  if (only.has('mix')) {
    const stream = mixAppendStream;
    mix.appendMemory = await measure<AppendFigures>('mix-append-memory', { workload: 'append', params: { store: 'memory', stream, linesPath: linesPathOf(stream), batchSize: sizes.appendBatch, tempDir } });
    mix.appendSqlite = await measure<AppendFigures>('mix-append-sqlite', { workload: 'append', params: { store: 'sqlite', stream, linesPath: linesPathOf(stream), batchSize: sizes.appendBatch, tempDir } });
    const file = { path: generation.mix!.path, district: MIX_DISTRICT, events: sizes.mixDistrictEvents };
    mix.rebuild = await measure<RebuildFigures>('mix-rebuild', { workload: 'rebuild', params: file });
    mix.snapshot = await measure<SnapshotFigures>('mix-snapshot', { workload: 'snapshot', params: { ...file, queries: sizes.snapshotQueries, warmUp: sizes.snapshotWarmUp, seed: SEEDS.snapshotQueries } });
    m.mix = mix;
  }
  if (only.has('import')) {
    const imports = [];
    for (const existing of [0, sizes.importExisting]) {
      imports.push(
        await measure<ImportFigures>(`import-on-${existing}`, {
          workload: 'import',
          params: { existing, imported: sizes.importEvents, linesPath: generation[`importLines${existing}`]!.path, ...(existing > 0 ? { basePath: generation.importBase!.path } : {}), tempDir },
        }),
      );
    }
    m.imports = imports;
  }
  if (only.has('postgres')) {
    if (await answers(postgresUrl)) {
      const stream = postgresStream;
      m.postgres = await measure<PostgresFigures>('postgres', { workload: 'postgres', params: { url: postgresUrl, stream, linesPath: linesPathOf(stream), batchSize: sizes.appendBatch } });
    } else {
      log(`PostgreSQL at ${postgresUrl} does not answer: its figures are skipped (set LEDGER_PG_URL to measure them)`);
    }
  }
  const growth: GrowthMeasurement[] = [];
  for (const events of growthSizes) {
    if (events === sizes.districtEvents && m.rebuild !== undefined && m.snapshot !== undefined) {
      growth.push({ events, rebuild: m.rebuild, snapshot: m.snapshot });
      continue;
    }
    const file = { path: generation[`growth${events}`]?.path ?? districtFile.path, district: LARGE_DISTRICT, events };
    growth.push({
      events,
      rebuild: await measure<RebuildFigures>(`growth-${events}-rebuild`, { workload: 'rebuild', params: file }),
      snapshot: await measure<SnapshotFigures>(`growth-${events}-snapshot`, { workload: 'snapshot', params: { ...file, queries: sizes.snapshotQueries, warmUp: sizes.snapshotWarmUp, seed: SEEDS.snapshotQueries } }),
    });
  }
  if (growth.length > 0) m.growth = growth;
  if (peers) {
    // The peer on the same streams as ours: the same generator, seeds and sizes, the same event objects.
    const peerMix = async (prefix: string, appended: SyntheticStream | undefined, districtStreamOfMix: SyntheticStream | undefined): Promise<PeerMixMeasurements> => {
      const out: { -readonly [K in keyof PeerMixMeasurements]: PeerMixMeasurements[K] } = {};
      const put = <K extends keyof PeerMixMeasurements>(key: K, report: PeerMixMeasurements[K] | undefined): void => {
        if (report !== undefined) out[key] = report;
      };
      if (appended !== undefined) {
        put('appendMemory', await measurePeer<PeerAppendFigures>(`${prefix}peer-append-memory`, { workload: 'peer-append', params: { store: 'memory', stream: appended, linesPath: linesPathOf(appended), batchSize: sizes.appendBatch, tempDir } }));
        put('appendSqlite', await measurePeer<PeerAppendFigures>(`${prefix}peer-append-sqlite`, { workload: 'peer-append', params: { store: 'sqlite', stream: appended, linesPath: linesPathOf(appended), batchSize: sizes.appendBatch, tempDir } }));
      }
      const path = districtStreamOfMix === undefined ? undefined : await peerDataset(prefix === '' ? 'district' : 'mix', districtStreamOfMix);
      if (districtStreamOfMix !== undefined && path !== undefined) {
        const file = { path, district: districtStreamOfMix.district, events: districtStreamOfMix.events };
        put('rebuild', await measurePeer<PeerRebuildFigures>(`${prefix}peer-rebuild`, { workload: 'peer-rebuild', params: file }));
        put('pointInTime', await measurePeer<PeerPointInTimeFigures>(`${prefix}peer-point-in-time`, { workload: 'peer-point-in-time', params: { ...file, queries: sizes.peerQueries, seed: SEEDS.snapshotQueries } }));
      }
      return out;
    };
    const p: { -readonly [K in keyof PeerMeasurements]: PeerMeasurements[K] } = {
      ...(await peerMix('', only.has('append') ? appendStream : undefined, only.has('rebuild') || only.has('snapshot') ? districtStream : undefined)),
    };
    if (only.has('mix')) p.mix = await peerMix('mix-', mixAppendStream, mixStream);
    const peerGrowth = [];
    for (const events of growthSizes) {
      if (events === sizes.districtEvents && p.rebuild !== undefined) {
        peerGrowth.push({ events, rebuild: p.rebuild });
        continue;
      }
      const path = await peerDataset(`growth-${events}`, growthStream(events));
      const rebuild = path === undefined ? undefined : await measurePeer<PeerRebuildFigures>(`growth-${events}-peer-rebuild`, { workload: 'peer-rebuild', params: { path, district: LARGE_DISTRICT, events } });
      if (rebuild !== undefined) peerGrowth.push({ events, rebuild });
    }
    if (peerGrowth.length > 0) p.growth = peerGrowth;
    m.peers = p;
  }
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
const comparisons = peerComparisons(figures);
if (peers) process.stdout.write(`\n${peerTable(comparisons)}\n(ours ÷ Emmett: above 1 is faster for rates, slower for latencies and memory; docs/benchmarks.md says what each side does)\n`);
for (const [label, reason] of Object.entries(peerSkipped)) process.stdout.write(`Emmett's ${label}: not measured in this run (${reason})\n`);
if (!judged) process.stdout.write('(not the full sizes: the times are reported, not judged against the targets)\n');

mkdirSync(dirname(jsonPath), { recursive: true });
writeFileSync(
  jsonPath,
  `${JSON.stringify({ quick, judged, finishedAt: new Date().toISOString(), machine, loadAverageAtEnd: describeMachine().loadAverage, generatorVersion: generatorVersion(), sizes, seeds: SEEDS, figures, ...(peers ? { peers: { emmett: '0.42.0', emmettSqlite: '0.42.4', comparisons: comparisons.map((c) => ({ id: c.id, ours: c.ours.measured, peer: c.peer.measured, unit: c.ours.unit, ratio: c.ratio, ratioPerCpuSecond: c.ratioPerCpuSecond, better: c.better })), datasets: peerGeneration, skipped: peerSkipped } } : {}), measurements: m, datasets: generation }, null, 2)}\n`,
);
log(`\nwrote ${jsonPath}`);
