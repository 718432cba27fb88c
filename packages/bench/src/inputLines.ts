/**
 * The measured inputs as NDJSON files: written once by the parent from the synthetic history and cached beside
 * the ledger files, then read line by line by the measuring children. A child that generated its own inputs
 * would carry the generator in its peak memory (~150 MiB for 200,000 events, ~550 for 1,000,000) and report it
 * as the ledger's; reading a file keeps one batch of lines in memory, as a district system's export would.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EventInputJson } from '@indicator-ledger/core';
import { cachedFile, cacheKeyOf, generatorVersion } from './datasets.js';
import type { Generation } from './datasets.js';
import { syntheticInputs, withLongEnoughHistory } from './syntheticInputs.js';
import type { SyntheticStream } from './syntheticInputs.js';

/** Lines written per write call. */
const LINES_PER_WRITE = 10_000;

/**
 * The NDJSON file of events `from + 1 .. stream.events` of `stream`, one event per line, cached under `cacheDir`
 * (`cachedFile`), named by the generator's version, the stream and the range.
 */
export const ensureInputLines = (cacheDir: string, stream: SyntheticStream, from = 0): Promise<Generation> =>
  cachedFile(join(cacheDir, `inputs-g${generatorVersion()}-s${cacheKeyOf(stream)}-${from + 1}-${stream.events}.ndjson`), (partial) =>
    withLongEnoughHistory(async (attempt) => {
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
      } finally {
        closeSync(fd);
      }
    }),
  );

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
