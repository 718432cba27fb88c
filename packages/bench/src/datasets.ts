/**
 * The benchmark's ledger files: a synthetic history appended through the validating ledger into SQLite,
 * generated once and cached. A file's name carries everything its content depends on — the generator's
 * version (a digest of its sources), the seeds, the sizes — so a re-run finds it, and a changed generator
 * or size makes a new one instead of reading a stale one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLedger } from '@indicator-ledger/core';
import type { DistrictCode, Ledger } from '@indicator-ledger/core';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { batchesOf, syntheticInputs, withLongEnoughHistory } from './syntheticInputs.js';
import type { SyntheticStream } from './syntheticInputs.js';

/** Bumped when what the benchmark writes into its files changes (not the generator: that is digested). */
const DATASET_FORMAT = 1;
/** Events per append while generating: large batches, few fsyncs; the append figure is measured elsewhere. */
const GENERATION_BATCH = 10_000;

const GENERATOR_SOURCES = fileURLToPath(new URL('../../core/src/testing/', import.meta.url));

/**
 * The generator's version: SHA-256 of its source files (`syntheticHistory.ts` and `syntheticHistory/`),
 * first 12 hex digits. Any edit to the generator gives another version and so another cache file.
 */
export const generatorVersion = (): string => {
  const hash = createHash('sha256');
  const dir = join(GENERATOR_SOURCES, 'syntheticHistory');
  const files = [join(GENERATOR_SOURCES, 'syntheticHistory.ts'), ...readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => join(dir, f))];
  for (const file of files) hash.update(file.slice(GENERATOR_SOURCES.length)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 12);
};

/** A cached file: where it is, and whether (and how long) this call took to write it. */
export interface Generation {
  readonly path: string;
  /** Whether this call generated it (false: found in the cache). */
  readonly generated: boolean;
  /** Wall-clock milliseconds spent generating (0 when cached). */
  readonly generationMs: number;
}

/** A short digest of what a cached file's content depends on (its streams), for the file's name. */
export const cacheKeyOf = (what: unknown): string => createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 8);

/**
 * The cached file at `path`, or, when there is none, the one `write` makes under a temporary name and that is
 * renamed into place once complete, so an interrupted run never leaves a partial file that a later run would
 * take for complete.
 */
export const cachedFile = async (path: string, write: (partial: string) => Promise<void>): Promise<Generation> => {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path)) return { path, generated: false, generationMs: 0 };
  const t0 = performance.now();
  const partial = `${path}.partial`;
  await write(partial);
  renameSync(partial, path);
  return { path, generated: true, generationMs: performance.now() - t0 };
};

/** A cached ledger file and the streams it holds. */
export interface LedgerDataset extends Generation {
  readonly streams: readonly SyntheticStream[];
}

/** Appends one synthetic stream through the validating ledger, in large batches. */
const appendStream = async (ledger: Ledger, stream: SyntheticStream, attempt: number): Promise<void> => {
  for (const batch of batchesOf(syntheticInputs(stream, attempt), GENERATION_BATCH)) {
    const result = await ledger.append(stream.district, batch);
    if (E.isLeft(result)) throw new Error(`generating ${stream.district}: the ledger refused a batch: ${JSON.stringify(result.left).slice(0, 1000)}`);
  }
  const head = await ledger.head(stream.district as DistrictCode);
  if (head.position !== stream.events) throw new Error(`generating ${stream.district}: head is ${head.position}, ${stream.events} expected`);
};

/**
 * The ledger file holding `streams` under `cacheDir` (`name` and the key in its file name), generating
 * it through the ledger when absent. Generation writes to a temporary name and renames the closed file,
 * so an interrupted run never leaves a half-written file that a later run would take for complete.
 */
export const ensureDataset = async (
  cacheDir: string,
  name: string,
  streams: readonly SyntheticStream[],
  options: { readonly factsCheckpoint?: boolean } = {},
): Promise<LedgerDataset> => {
  const events = streams.reduce((n, s) => n + s.events, 0);
  const path = join(cacheDir, `${name}-f${DATASET_FORMAT}-g${generatorVersion()}-s${cacheKeyOf(streams)}-${streams.length}x${events / streams.length}.db`);
  const file = await cachedFile(path, (partial) =>
    withLongEnoughHistory(async (attempt) => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
      const store = await openSqliteStore(partial);
      const ledger = createLedger({ store });
      try {
        for (const stream of streams) await appendStream(ledger, stream, attempt);
        // As `ledger import` leaves a store: the stream facts saved beside each district (docs/spec.md §8.4).
        if (options.factsCheckpoint === true) for (const stream of streams) await ledger.saveFactsCheckpoint(stream.district as DistrictCode);
      } finally {
        await ledger.close();
      }
    }),
  );
  return { ...file, streams };
};

/** The `count` district codes of the province workload: 13xxxx codes (a real province prefix, docs/spec.md §2). */
export const provinceDistricts = (count: number): string[] => Array.from({ length: count }, (_, i) => `13${String(1000 + i).padStart(4, '0')}`);
