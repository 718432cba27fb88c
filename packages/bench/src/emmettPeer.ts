/**
 * The peer of `pnpm bench --peers`: Emmett (`@event-driven-io/emmett` 0.42, its in-memory event store, and
 * `@event-driven-io/emmett-sqlite` 0.42.4, its SQLite event store), fed the very events our ledger is fed
 * (the same NDJSON files of `syntheticInputs`, parsed alike), measured the same way (one child process per measurement, batches of
 * 1,000, the same stopwatch). docs/benchmarks.md ("Side by side with Emmett") says what each measurement does
 * and why it is the peer's smallest honest equivalent of ours.
 *
 * Emmett is a storage and processing toolkit, not an indicator ledger: it does not decode, check the stream
 * rules or the policy (docs/spec.md §4, §5) or hash anything, and it has no bitemporal projection. So the
 * peer's append is storage only, and its fold is the one family our point-in-time question needs.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getInMemoryEventStore } from '@event-driven-io/emmett';
import type { EventStore, ReadEvent } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import type { EventInputJson } from '@indicator-ledger/core';
import sqlite3 from 'sqlite3';
import { cachedFile, cacheKeyOf, generatorVersion } from './datasets.js';
import type { Generation } from './datasets.js';
import { integerBetween, seededRandom } from './seededRandom.js';
import { createElapsedTotal, startStopwatch } from './stopwatch.js';
import type { Elapsed } from './stopwatch.js';
import { inputBatchesOf } from './inputLines.js';
import { batchesOf, syntheticInputs, withLongEnoughHistory } from './syntheticInputs.js';
import type { SyntheticStream } from './syntheticInputs.js';
import { percentile } from './workloads.js';

/** An event as the peer stores it: our input's `type` and `data`, the rest of its envelope as metadata. */
export type PeerEvent = {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    readonly eventId: string;
    readonly district: string;
    readonly effectiveDate: string;
    readonly recordedAt: string;
    readonly actor: { readonly unit: string; readonly user: string };
    readonly source?: string;
    readonly schemaVersion?: number;
  };
};

/**
 * Our input event as an Emmett event. Nothing is dropped: what our envelope has beyond `type` and `data`
 * (docs/spec.md §3) goes into Emmett's metadata, so both stores hold the same facts.
 */
export const toPeerEvent = (e: EventInputJson): PeerEvent => ({
  type: e.type,
  data: e.data as Record<string, unknown>,
  metadata: {
    eventId: e.eventId!,
    district: e.district,
    effectiveDate: e.effectiveDate,
    recordedAt: e.recordedAt!,
    actor: e.actor,
    ...(e.source === undefined ? {} : { source: e.source }),
    ...(e.schemaVersion === undefined ? {} : { schemaVersion: e.schemaVersion }),
  },
});

/** The peer's stream of a district: Emmett names streams by string, one per district as ours. */
export const peerStreamName = (district: string): string => `district-${district}`;

/** The peer's SQLite event store on `path` (its defaults: a connection per operation, schema created on first use). */
const openPeerSqlite = (path: string): EventStore => getSQLiteEventStore({ fileName: path, schema: { autoMigration: 'CreateOrUpdate' } });

/** Appends `batches` to the stream, each with the expected stream version (Emmett's optimistic concurrency, as ours). */
const appendBatches = async (store: EventStore, stream: string, batches: Iterable<PeerEvent[]> | AsyncIterable<PeerEvent[]>): Promise<{ readonly version: bigint; readonly batches: number; readonly elapsed: Elapsed }> => {
  let version = 0n;
  let count = 0;
  // Each append timed alone, so that batches read and parsed between them are not counted (as ours).
  const appends = createElapsedTotal();
  for await (const batch of batches) {
    const result = await appends.time(() => store.appendToStream(stream, batch, { expectedStreamVersion: version }));
    count++;
    version = result.nextExpectedStreamVersion;
  }
  return { version, batches: count, elapsed: appends.total() };
};

/** Parameters of {@link measurePeerAppend}. */
export interface PeerAppendParams {
  readonly store: 'memory' | 'sqlite';
  readonly stream: SyntheticStream;
  /** The stream's events as NDJSON (`ensureInputLines`), the file our append reads. */
  readonly linesPath: string;
  readonly batchSize: number;
  /** Where the fresh SQLite file goes (removed afterwards). */
  readonly tempDir: string;
}

/** Figures of one peer append run. */
export interface PeerAppendFigures {
  readonly events: number;
  readonly batches: number;
  readonly elapsed: Elapsed;
}

/**
 * The peer's append: the stream's events, each batch read from the file ours reads and mapped just before it (not timed, as ours), appended with
 * `appendToStream` in batches into Emmett's in-memory store or a fresh Emmett SQLite file.
 */
export const measurePeerAppend = async (params: PeerAppendParams): Promise<PeerAppendFigures> => {
  const path = join(params.tempDir, `peer-append-${process.pid}.db`);
  const store = params.store === 'memory' ? getInMemoryEventStore() : openPeerSqlite(path);
  try {
    const batches = (async function* () {
      for await (const b of inputBatchesOf(params.linesPath, params.batchSize)) yield b.map(toPeerEvent);
    })();
    const { version, batches: count, elapsed } = await appendBatches(store, peerStreamName(params.stream.district), batches);
    if (version !== BigInt(params.stream.events)) throw new Error(`peer append: stream version ${version}, expected ${params.stream.events}`);
    return { events: params.stream.events, batches: count, elapsed };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
};

/** Parameters of the `peer-dataset` job: {@link ensurePeerDataset}'s. */
export interface PeerDatasetParams {
  readonly cacheDir: string;
  readonly name: string;
  readonly stream: SyntheticStream;
  /** The generator's version, found by the parent: the bundled child cannot see the generator's sources. */
  readonly generatorVersion: string;
}

/**
 * The peer's SQLite file holding `stream` under `cacheDir`, appended once through Emmett (batches of 1,000) and
 * cached like ours: named by the generator's version and the stream, written under a temporary name and
 * renamed when complete.
 */
export const ensurePeerDataset = async (cacheDir: string, name: string, stream: SyntheticStream, version: string = generatorVersion()): Promise<Generation> =>
  cachedFile(join(cacheDir, `emmett-${name}-g${version}-s${cacheKeyOf(stream)}-${stream.events}.db`), async (partial) => {
    await withLongEnoughHistory(async (attempt) => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
      const { version } = await appendBatches(openPeerSqlite(partial), peerStreamName(stream.district), [...batchesOf(syntheticInputs(stream, attempt), 1_000)].map((b) => b.map(toPeerEvent)));
      if (version !== BigInt(stream.events)) throw new Error(`peer dataset: stream version ${version}, expected ${stream.events}`);
    });
    await checkpointIntoMainFile(partial);
  });

/**
 * Moves every committed transaction of a WAL-mode SQLite file from its `-wal` file into the main file, so the
 * main file alone holds the whole stream. Emmett closes each call's connection without waiting for the close,
 * so when the last append resolves its batch may still sit only in the `-wal` file: dropping or leaving that file
 * behind lost the last 1,000 events of a 1,000,000-event stream. Retries while another connection still blocks
 * the checkpoint.
 */
const checkpointIntoMainFile = async (path: string): Promise<void> => {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(path, (err) => (err === null ? resolve(d) : reject(err)));
  });
  try {
    for (let attempt = 0; ; attempt++) {
      const row = await new Promise<{ busy: number }>((resolve, reject) => db.get('PRAGMA wal_checkpoint(TRUNCATE)', (err: Error | null, r: { busy: number }) => (err === null ? resolve(r) : reject(err))));
      if (row.busy === 0) break;
      if (attempt >= 50) throw new Error(`checkpoint of ${path}: still busy after ${attempt} tries`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await new Promise<void>((resolve, reject) => db.close((err) => (err === null ? resolve() : reject(err))));
  }
  if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0) throw new Error(`checkpoint of ${path}: the WAL is not empty`);
  for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
};

/** Events per `readStream` call when reading a stream back (Emmett reads a range into an array). */
const READ_PAGE = 10_000n;

/**
 * Reads the stream in pages, in stream order, handing each event to `visit`; stops early when `visit` returns
 * false. `from` and `to` are inclusive stream positions (Emmett's positions start at 1).
 */
const readPages = async (store: EventStore, stream: string, visit: (e: ReadEvent<PeerEvent>) => boolean): Promise<number> => {
  let read = 0;
  for (let from = 1n; ; from += READ_PAGE) {
    const page = await store.readStream<PeerEvent>(stream, { from, to: from + READ_PAGE - 1n });
    for (const e of page.events) {
      read++;
      if (!visit(e)) return read;
    }
    if (BigInt(page.events.length) < READ_PAGE) return read;
  }
};

/**
 * The peer's folded state for one question family: every platform's certifications and decertifications with
 * their effective dates and the instant each was recorded, and every retraction with its instant — enough to
 * answer "platforms in effect at date D as known at instant T" for any D and T.
 */
export interface PeerPlatformState {
  readonly platforms: Map<string, { eventId: string; certified: boolean; effectiveDate: string; recordedAtMs: number }[]>;
  readonly retractedAtMs: Map<string, number>;
}

const emptyPlatformState = (): PeerPlatformState => ({ platforms: new Map(), retractedAtMs: new Map() });

/** Folds one event into the state (the peer's `evolve`). */
const evolvePlatforms = (state: PeerPlatformState, e: ReadEvent<PeerEvent>, recordedAtMs: number): void => {
  if (e.type === 'PlatformCertified' || e.type === 'PlatformDecertified') {
    const id = e.data.platformId as string;
    let history = state.platforms.get(id);
    if (history === undefined) state.platforms.set(id, (history = []));
    history.push({ eventId: e.metadata.eventId, certified: e.type === 'PlatformCertified', effectiveDate: e.metadata.effectiveDate, recordedAtMs });
  } else if (e.type === 'EventRetracted') state.retractedAtMs.set(e.data.eventId as string, recordedAtMs);
};

/**
 * Platforms in effect at `date` as known at `asOfMs`: a platform counts when, of its events recorded by then
 * and not retracted by then, the last one taking effect on or before `date` is a certification.
 */
export const platformsInEffect = (state: PeerPlatformState, date: string, asOfMs: number): number => {
  let count = 0;
  for (const history of state.platforms.values()) {
    let last: (typeof history)[number] | undefined;
    for (const h of history) {
      if (h.recordedAtMs > asOfMs || h.effectiveDate > date) continue;
      const retracted = state.retractedAtMs.get(h.eventId);
      if (retracted !== undefined && retracted <= asOfMs) continue;
      if (last === undefined || h.effectiveDate >= last.effectiveDate) last = h;
    }
    if (last?.certified === true) count++;
  }
  return count;
};

/** A peer SQLite file and the district stream in it. */
export interface PeerFileParams {
  readonly path: string;
  readonly district: string;
  readonly events: number;
}

/** Figures of the peer's read-back. */
export interface PeerRebuildFigures {
  readonly events: number;
  readonly elapsed: Elapsed;
}

/**
 * The peer's rebuild: read every event of the stream back from Emmett's SQLite store (pages of 10,000) and fold
 * it into {@link PeerPlatformState} — one family, where our rebuild folds the tables of every indicator of
 * docs/spec.md §6: a lower bound of what the peer would do for the same figures.
 */
export const measurePeerRebuild = async (params: PeerFileParams): Promise<PeerRebuildFigures> => {
  const store = openPeerSqlite(params.path);
  const state = emptyPlatformState();
  const stop = startStopwatch();
  const read = await readPages(store, peerStreamName(params.district), (e) => {
    evolvePlatforms(state, e, Date.parse(e.metadata.recordedAt));
    return true;
  });
  const elapsed = stop();
  if (read !== params.events) throw new Error(`peer rebuild: read ${read} events, expected ${params.events}`);
  return { events: read, elapsed };
};

/** Parameters of {@link measurePeerPointInTime}. */
export interface PeerPointInTimeParams extends PeerFileParams {
  readonly queries: number;
  /** The seed of our snapshot questions: the peer's questions are drawn the same way, from the same seed. */
  readonly seed: number;
}

/** Figures of the peer's point-in-time questions: latency percentiles in milliseconds. */
export interface PeerPointInTimeFigures {
  readonly queries: number;
  readonly p50Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Events read per question, on average (the read stops at the first event recorded after `asOf`). */
  readonly meanEventsRead: number;
}

const DAY_MS = 86_400_000;
const FIRST_QUERY_DAY = Date.UTC(2019, 0, 1) / DAY_MS;
const LAST_QUERY_DAY = Date.UTC(2025, 11, 31) / DAY_MS;

/**
 * The peer's least fold for one point-in-time question (date D, instant asOf), with nothing folded beforehand:
 * read the stream from its start, stop at the first event recorded after asOf (streams are in recording order,
 * docs/spec.md §1), fold the platform family, and count the platforms in effect at D. Questions are drawn as
 * our snapshot's are (dates uniform over 2019–2025, asOf uniform between the stream's first and last
 * `recordedAt`, the same seed).
 */
export const measurePeerPointInTime = async (params: PeerPointInTimeParams): Promise<PeerPointInTimeFigures> => {
  const store = openPeerSqlite(params.path);
  const stream = peerStreamName(params.district);
  const first = (await store.readStream<PeerEvent>(stream, { from: 1n, to: 1n })).events[0]!;
  const last = (await store.readStream<PeerEvent>(stream, { from: BigInt(params.events), to: BigInt(params.events) })).events[0]!;
  const firstMs = Date.parse(first.metadata.recordedAt);
  const lastMs = Date.parse(last.metadata.recordedAt);
  const random = seededRandom(params.seed);
  const latencies: number[] = [];
  let eventsRead = 0;
  for (let i = 0; i < params.queries; i++) {
    const date = new Date(integerBetween(random, FIRST_QUERY_DAY, LAST_QUERY_DAY) * DAY_MS).toISOString().slice(0, 10);
    const asOfMs = integerBetween(random, firstMs, lastMs);
    const t0 = performance.now();
    const state = emptyPlatformState();
    eventsRead += await readPages(store, stream, (e) => {
      const recordedAtMs = Date.parse(e.metadata.recordedAt);
      if (recordedAtMs > asOfMs) return false;
      evolvePlatforms(state, e, recordedAtMs);
      return true;
    });
    platformsInEffect(state, date, asOfMs);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { queries: latencies.length, p50Ms: percentile(latencies, 0.5), maxMs: latencies.at(-1)!, meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length, meanEventsRead: eventsRead / params.queries };
};
