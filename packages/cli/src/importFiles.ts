import { importNdjson } from '@indicator-ledger/core';
import type { EventStore, ImportFailure, ImportLine, ImportProblem, ImportSummary } from '@indicator-ledger/core';
import type * as E from 'fp-ts/lib/Either.js';
import { inputLinesOf } from './ndjsonLines.js';

/**
 * The edge of `ledger import`: the bytes of each input become lines of text here (UTF-8 checked,
 * docs/spec.md §8.1), and the library's `importNdjson` decodes, checks and appends them (docs/spec.md §2–5).
 */

/** One NDJSON input to import, named as the person gave it (a path, or `-` for standard input). */
export interface ImportSource {
  readonly name: string;
  /** The input's bytes, read once, in order. */
  readonly bytes: AsyncIterable<Uint8Array | string>;
  /** Its size in bytes when known (a file), for the progress bar. */
  readonly size?: number;
}

/** A problem of an import, placed in its file. */
export type LocatedProblem = ImportProblem;

/** How an import ended: the library's summary, or why nothing (or not everything) was written. */
export type ImportOutcome = E.Either<ImportFailure, ImportSummary>;

/** Where an import is: bytes read and checked (total 0 when unknown), then the commit. */
export interface ImportProgress {
  readonly phase: 'checking' | 'writing';
  readonly done: number;
  readonly total: number;
}

async function* countingBytes(chunks: AsyncIterable<Uint8Array | string>, onBytes: (n: number) => void): AsyncIterable<Uint8Array | string> {
  for await (const chunk of chunks) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    yield chunk;
  }
}

/** The lines of an input's bytes as the library takes them: text, or why the bytes are not text. */
async function* importLinesOf(bytes: AsyncIterable<Uint8Array | string>): AsyncIterable<ImportLine> {
  for await (const line of inputLinesOf(bytes)) yield 'text' in line ? line.text : { unreadable: line.problem.reason };
}

/**
 * Imports NDJSON inputs (docs/spec.md §3) into a store with the library's streamed, all-or-nothing
 * `importNdjson`: bytes are read as they are needed, so memory holds one chunk of lines, plus the records
 * staged for a store that cannot hold one transaction across appends (docs/spec.md §8.1).
 */
export const importSources = (
  store: EventStore,
  sources: readonly ImportSource[],
  onProgress: (progress: ImportProgress) => void = () => undefined,
  warn: (line: string) => void = () => undefined,
): Promise<ImportOutcome> => {
  const total = sources.every((s) => s.size !== undefined) ? sources.reduce((n, s) => n + s.size!, 0) : 0;
  let bytesDone = 0;
  const lineSources = sources.map((s) => ({
    name: s.name,
    lines: importLinesOf(
      countingBytes(s.bytes, (n) => {
        bytesDone += n;
      }),
    ),
  }));
  return importNdjson(store, lineSources, {
    onProgress: (p) => onProgress(p.phase === 'checking' ? { phase: 'checking', done: bytesDone, total } : p),
    // The stream facts saved beside a district are a cache (docs/spec.md §8.4): when one cannot be used or
    // saved the import stands, but someone edited the store or it is failing, so standard error says so.
    onFactsCheckpointRejected: (p) =>
      warn(`ledger: warning: the stream-facts checkpoint of ${p.district} at position ${p.position} was not used (${p.reason}); the district's records were read instead\n`),
    onFactsCheckpointNotSaved: (p) =>
      warn(`ledger: warning: the stream facts of ${p.district} at position ${p.position} could not be saved (${p.reason}); the next import reads the district's records again\n`),
  });
};

/** A problem as `FILE:LINE: path: reason` (the path left out when the whole line is at fault). */
export const formatLocatedProblem = (p: LocatedProblem): string =>
  [p.line !== undefined ? `${p.source}:${p.line}` : p.source, p.path, p.reason].filter((s) => s !== '').join(': ');
