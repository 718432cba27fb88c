/**
 * The measurements of docs/benchmarks.md ("What is measured"), each a function of plain parameters returning plain figures, so that each
 * can run alone in a child process (see `measurementChild.ts`) and its peak memory is its own.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createIndicatorProjections, createLedger, createMemoryStore, importNdjson, verify } from '@indicator-ledger/core';
import type { DistrictCode, EventInputJson, EventStore } from '@indicator-ledger/core';
import { openPostgresStore } from '@indicator-ledger/store-postgres';
import { admissionOnSecondThread, openSqliteStore } from '@indicator-ledger/store-sqlite';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { createElapsedTotal, startStopwatch } from './stopwatch.js';
import type { Elapsed } from './stopwatch.js';
import { integerBetween, seededRandom } from './seededRandom.js';
import { inputBatchesOf, linesOf } from './inputLines.js';
import type { SyntheticStream } from './syntheticInputs.js';

/** Parameters of {@link measureAppend}. */
export interface AppendParams {
  readonly store: 'memory' | 'sqlite';
  readonly stream: SyntheticStream;
  /** The stream's events as NDJSON (`ensureInputLines`). */
  readonly linesPath: string;
  readonly batchSize: number;
  /** Where the fresh SQLite file goes (removed afterwards). */
  readonly tempDir: string;
}

/** Figures of one append run. */
export interface AppendFigures {
  readonly events: number;
  readonly batches: number;
  readonly elapsed: Elapsed;
}

/**
 * Appends every batch through the validating ledger into `store`, timing the appends alone (each batch is
 * generated between two timed appends, so a run holds one batch of inputs, not all of them, and its peak
 * memory is the ledger's), then closes the ledger (and its store). A refused batch ends the measurement
 * with its reason.
 */
const timedAppend = async (store: EventStore, district: string, batches: AsyncIterable<readonly EventInputJson[]>): Promise<{ readonly elapsed: Elapsed; readonly batches: number }> => {
  const ledger = createLedger({ store });
  const appends = createElapsedTotal();
  let count = 0;
  try {
    for await (const batch of batches) {
      const result = await appends.time(() => ledger.append(district, batch));
      if (E.isLeft(result)) throw new Error(`append refused: ${JSON.stringify(result.left).slice(0, 1000)}`);
      count++;
    }
    return { elapsed: appends.total(), batches: count };
  } finally {
    await ledger.close();
  }
};

/**
 * Validated append throughput: the stream's events, each batch read from its NDJSON file and parsed just before it (not timed), appended through
 * `createLedger(...).append` (decode, rules, authorization, hashing, store) in batches, into a memory store
 * or a fresh SQLite file (WAL, synchronous = FULL: one fsync per batch).
 */
export const measureAppend = async (params: AppendParams): Promise<AppendFigures> => {
  const path = join(params.tempDir, `append-${process.pid}.db`);
  const store: EventStore = params.store === 'memory' ? createMemoryStore() : await openSqliteStore(path);
  try {
    const { elapsed, batches } = await timedAppend(store, params.stream.district, inputBatchesOf(params.linesPath, params.batchSize));
    return { events: params.stream.events, batches, elapsed };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
};

/** Parameters of {@link measureImportOnTop}. */
export interface ImportParams {
  /** Events the store already holds (0: a fresh file). */
  readonly existing: number;
  readonly imported: number;
  /** The NDJSON file of the `imported` events that follow the first `existing` of the history (`ensureInputLines`). */
  readonly linesPath: string;
  /** The cached file holding the first `existing` events (copied, never written); absent when `existing` is 0. */
  readonly basePath?: string;
  readonly tempDir: string;
}

/** Figures of an import on top of a store. */
export interface ImportFigures {
  readonly existing: number;
  readonly imported: number;
  /** From opening the ledger (which loads the district's facts, docs/spec.md §4) to the last batch stored. */
  readonly elapsed: Elapsed;
}

/**
 * What `ledger import` costs per event into a SQLite file that already holds `existing` events of the district:
 * a copy of the cached file (left as `ledger import` leaves one, with the district's stream facts saved beside
 * it), then the `imported` events that follow in the history, read line by line from their NDJSON file through
 * `importNdjson` — the CLI's path: the lines checked a chunk at a time inside one transaction, the district's
 * facts loaded by the first chunk and saved again once the records are durable, all timed as an import pays
 * them. The lines were written by the parent, so the child's peak memory is the import's.
 */
export const measureImportOnTop = async (params: ImportParams): Promise<ImportFigures> => {
  const path = join(params.tempDir, `import-${process.pid}.db`);
  if (params.basePath !== undefined) copyFileSync(params.basePath, path);
  try {
    const stop = startStopwatch();
    const store = await openSqliteStore(path);
    try {
      const result = await importNdjson(store, [{ name: 'bench', lines: linesOf(params.linesPath) }]);
      if (E.isLeft(result)) throw new Error(`import refused: ${JSON.stringify(result.left).slice(0, 1000)}`);
      const appended = result.right.districts.reduce((n, d) => n + d.appended, 0);
      if (appended !== params.imported) throw new Error(`import appended ${appended} events, ${params.imported} expected`);
    } finally {
      await store.close();
    }
    const elapsed = stop();
    return { existing: params.existing, imported: params.imported, elapsed };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
};

/** A ledger file and one district in it. */
export interface DistrictFileParams {
  readonly path: string;
  readonly district: string;
  /** Records the district holds. */
  readonly events: number;
}

/** Figures of a rebuild. */
export interface RebuildFigures {
  readonly events: number;
  readonly elapsed: Elapsed;
}

const expectPosition = (what: string, actual: number, expected: number): void => {
  if (actual !== expected) throw new Error(`${what}: position ${actual}, expected ${expected}`);
};

/** Full rebuild: read every record of the district from SQLite, parse it, fold it into the indicator projection. */
export const measureRebuild = async (params: DistrictFileParams): Promise<RebuildFigures> => {
  const store = await openSqliteStore(params.path);
  try {
    const projections = createIndicatorProjections(store);
    const stop = startStopwatch();
    const p = await projections.rebuild(params.district as DistrictCode);
    const elapsed = stop();
    expectPosition('rebuild', p.position, params.events);
    return { events: p.position, elapsed };
  } finally {
    await store.close();
  }
};

/** Parameters of {@link measureSnapshots}. */
export interface SnapshotParams extends DistrictFileParams {
  readonly queries: number;
  /** Untimed queries first, so the timed ones meet compiled code. */
  readonly warmUp: number;
  readonly seed: number;
}

/** Figures of the snapshot queries: latency percentiles in milliseconds. */
export interface SnapshotFigures {
  readonly queries: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** The rebuild that preceded the queries (not part of their latency). */
  readonly rebuild: Elapsed;
}

/** The value below which `q` of the sorted samples lie (nearest rank). */
export const percentile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

const DAY_MS = 86_400_000;
const FIRST_QUERY_DAY = Date.UTC(2019, 0, 1) / DAY_MS;
const LAST_QUERY_DAY = Date.UTC(2025, 11, 31) / DAY_MS;

/**
 * Snapshot latency (docs/spec.md §7, every indicator) at seeded random (date, asOf): dates over 2019–2025, asOf
 * instants between the district's first and last `recordedAt`. Each query goes through the public
 * `IndicatorProjections.snapshot`, input checks included, on a projection already folded.
 */
export const measureSnapshots = async (params: SnapshotParams): Promise<SnapshotFigures> => {
  const store = await openSqliteStore(params.path);
  try {
    const projections = createIndicatorProjections(store);
    const stopRebuild = startStopwatch();
    const p = await projections.rebuild(params.district as DistrictCode);
    const rebuild = stopRebuild();
    expectPosition('snapshot rebuild', p.position, params.events);
    const firstMs = p.recordedAtMs[1]!;
    const lastMs = p.recordedAtMs[p.position]!;
    const random = seededRandom(params.seed);
    const query = () => ({
      date: new Date(integerBetween(random, FIRST_QUERY_DAY, LAST_QUERY_DAY) * DAY_MS).toISOString().slice(0, 10),
      asOf: new Date(integerBetween(random, firstMs, lastMs)).toISOString(),
    });
    const ask = async (q: { date: string; asOf: string }): Promise<void> => {
      const r = await projections.snapshot(params.district, q);
      if (E.isLeft(r)) throw new Error(`snapshot refused: ${JSON.stringify(r.left)}`);
    };
    for (let i = 0; i < params.warmUp; i++) await ask(query());
    const latencies: number[] = [];
    for (let i = 0; i < params.queries; i++) {
      const q = query();
      const t0 = performance.now();
      await ask(q);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    return {
      queries: latencies.length,
      p50Ms: percentile(latencies, 0.5),
      p90Ms: percentile(latencies, 0.9),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1)!,
      meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
      rebuild,
    };
  } finally {
    await store.close();
  }
};

/** Figures of a verification. */
export interface VerifyFigures {
  readonly records: number;
  readonly elapsed: Elapsed;
}

/** Parameters of {@link measureVerify}. */
export interface VerifyParams extends DistrictFileParams {
  /** 2: the admission check on a second thread (`admissionOnSecondThread`, as `ledger verify` runs it); 1: all on one. */
  readonly threads: 1 | 2;
}

/** Chain verification of the whole district (audit `verify`: shapes, both hashes, links, order, Merkle root, admission). */
export const measureVerify = async (params: VerifyParams): Promise<VerifyFigures> => {
  const store = await openSqliteStore(params.path);
  try {
    const admission = params.threads === 2 ? admissionOnSecondThread(params.path) : undefined;
    if (params.threads === 2 && admission === undefined) throw new Error('verify on two threads: the admission worker is not beside the measurement child');
    const stop = startStopwatch();
    const outcome = await verify(store, params.district as DistrictCode, { admission });
    const elapsed = stop();
    if (E.isLeft(outcome)) throw new Error(`verify failed at ${outcome.left.position}: ${outcome.left.problem}: ${outcome.left.reason}`);
    expectPosition('verify', outcome.right.size, params.events);
    return { records: outcome.right.size, elapsed };
  } finally {
    await store.close();
  }
};

/** Parameters of {@link measureProvince}. */
export interface ProvinceParams {
  readonly path: string;
  readonly districts: readonly string[];
  readonly eventsPerDistrict: number;
  readonly fromYear: number;
  readonly toYear: number;
}

/** Figures of the province workload. */
export interface ProvinceFigures {
  readonly districts: number;
  readonly events: number;
  /** Folding every district from SQLite. */
  readonly rebuild: Elapsed;
  /** The province-wide progress table: one roll-up of every district per year. */
  readonly progressTable: Elapsed;
  readonly years: number;
}

/**
 * 100 districts: rebuild each from SQLite, then the province-wide progress table — for each year of
 * `fromYear..toYear`, the roll-up of all districts on its December 31 (counts and money summed, ratios
 * recomputed from summed parts).
 */
export const measureProvince = async (params: ProvinceParams): Promise<ProvinceFigures> => {
  const store = await openSqliteStore(params.path);
  try {
    const projections = createIndicatorProjections(store);
    const stopRebuild = startStopwatch();
    let events = 0;
    for (const district of params.districts) {
      const p = await projections.rebuild(district as DistrictCode);
      expectPosition(`rebuild of ${district}`, p.position, params.eventsPerDistrict);
      events += p.position;
    }
    const rebuild = stopRebuild();
    const stopTable = startStopwatch();
    for (let year = params.fromYear; year <= params.toYear; year++) {
      const r = await projections.rollup(params.districts, { year });
      if (E.isLeft(r)) throw new Error(`roll-up refused: ${JSON.stringify(r.left)}`);
    }
    const progressTable = stopTable();
    return { districts: params.districts.length, events, rebuild, progressTable, years: params.toYear - params.fromYear + 1 };
  } finally {
    await store.close();
  }
};

/** Parameters of {@link measurePostgres}. */
export interface PostgresParams {
  /** The server, `postgres://user@host:port/database`; the run uses a schema of its own and drops it. */
  readonly url: string;
  readonly stream: SyntheticStream;
  /** The stream's events as NDJSON (`ensureInputLines`). */
  readonly linesPath: string;
  readonly batchSize: number;
}

/** Figures of the PostgreSQL run: the append into an empty schema, then a rebuild of what it appended. */
export interface PostgresFigures {
  readonly events: number;
  readonly append: Elapsed;
  readonly rebuild: Elapsed;
}

/**
 * Validated append into PostgreSQL (`createLedger(...).append` in batches, as {@link measureAppend} into
 * SQLite), then a full rebuild of the district from the same server through a fresh store, as
 * {@link measureRebuild} from SQLite. The run's schema is its own (`bench_<pid>_<time>`) and is dropped
 * afterwards, so a run leaves the database as it found it.
 */
export const measurePostgres = async (params: PostgresParams): Promise<PostgresFigures> => {
  const schema = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Pool({ connectionString: params.url, max: 1 });
  try {
    const { elapsed: append } = await timedAppend(await openPostgresStore({ url: params.url }, { schema }), params.stream.district, inputBatchesOf(params.linesPath, params.batchSize));
    const reader = await openPostgresStore({ url: params.url }, { schema, create: false });
    try {
      const stop = startStopwatch();
      const p = await createIndicatorProjections(reader).rebuild(params.stream.district as DistrictCode);
      const rebuild = stop();
      expectPosition('rebuild from PostgreSQL', p.position, params.stream.events);
      return { events: params.stream.events, append, rebuild };
    } finally {
      await reader.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
};

