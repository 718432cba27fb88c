/**
 * The measured inputs as NDJSON files: written once by the parent from the synthetic history and cached beside
 * the ledger files, then read line by line by the measuring children. A child that generated its own inputs
 * would carry the generator in its peak memory (~150 MiB for 200,000 events, ~550 for 1,000,000) and report it
 * as the ledger's; reading a file keeps one batch of lines in memory, as a district system's export would.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EventInputJson } from '@indicator-ledger/core';
import { generatorVersion } from './datasets.js';
import type { Generation } from './datasets.js';
import { syntheticInputs, withLongEnoughHistory } from './syntheticInputs.js';
import type { SyntheticStream } from './syntheticInputs.js';

/** Lines written per write call. */
const LINES_PER_WRITE = 10_000;

/**
 * The NDJSON file of events `from + 1 .. stream.events` of `stream`, one event per line: found under `cacheDir`
 * (named by the generator's version, the stream and the range) or written there through a temporary name, so
 * an interrupted run never leaves a partial file that a later run would take for complete.
 */
export const ensureInputLines = async (cacheDir: string, stream: SyntheticStream, from = 0): Promise<Generation> => {
  mkdirSync(cacheDir, { recursive: true });
  const key = createHash('sha256').update(JSON.stringify(stream)).digest('hex').slice(0, 8);
  const path = join(cacheDir, `inputs-g${generatorVersion()}-s${key}-${from + 1}-${stream.events}.ndjson`);
  if (existsSync(path)) return { path, generated: false, generationMs: 0 };
  const t0 = performance.now();
  const partial = `${path}.partial`;
  await withLongEnoughHistory(async (attempt) => {
    const fd = openSync(partial, 'w');
    try {
      let seen = 0;
      let pending: string[] = [];
      for (const e of syntheticInputs(stream, attempt)) {
        if (seen++ < from) continue;
        pending.push(JSON.stringify(e));
        if (pending.length === LINES_PER_WRITE) {
          writeSync(fd, `${pending.join('\n')}\n`);
          pending = [];
        }
      }
      if (pending.length > 0) writeSync(fd, `${pending.join('\n')}\n`);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    } finally {
      closeSync(fd);
    }
  });
  renameSync(partial, path);
  return { path, generated: true, generationMs: performance.now() - t0 };
};

/** The lines of an NDJSON file, read as they are needed. */
export const linesOf = (path: string): AsyncIterable<string> => createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });

/** The events of an NDJSON file in batches of `size`, each parsed when it is asked for. */
export async function* inputBatchesOf(path: string, size: number): AsyncGenerator<EventInputJson[], void, undefined> {
  let batch: EventInputJson[] = [];
  for await (const line of linesOf(path)) {
    batch.push(JSON.parse(line) as EventInputJson);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
