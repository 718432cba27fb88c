import { createLedger, decodeNdjson, encodeEventInput } from '@indicator-ledger/core';
import type { DistrictCode, EventInputJson, EventStore, Problem, StreamHead } from '@indicator-ledger/core';
import { StagedStore } from './stagedStore.js';

/** One NDJSON text to import, named as the person gave it (a path, or `-` for standard input). */
export interface ImportSource {
  readonly name: string;
  readonly text: string;
}

/** A problem of an import, placed in its file. */
export interface LocatedProblem extends Problem {
  readonly source: string;
}

/** What an import appended to one district's stream. */
export interface DistrictImport {
  readonly district: DistrictCode;
  readonly appended: number;
  /** Events already in the stream with identical content (docs/spec.md §2): a re-import is a no-op. */
  readonly skipped: number;
  readonly head: StreamHead;
}

/** How an import ended. */
export type ImportOutcome =
  | { readonly kind: 'imported'; readonly districts: readonly DistrictImport[] }
  | { readonly kind: 'refused'; readonly problems: readonly LocatedProblem[] }
  | {
      readonly kind: 'conflict';
      readonly district: DistrictCode;
      readonly actualPosition: number;
      readonly written: readonly DistrictImport[];
    };

/** Where an import is: lines read, events checked, then written. */
export interface ImportProgress {
  readonly phase: 'reading' | 'checking' | 'writing';
  readonly done: number;
  readonly total: number;
}

/** Lines decoded per call of `decodeNdjson`, so that a progress bar moves on a long file. */
const LINES_PER_CHUNK = 2_000;

interface Entry {
  readonly source: string;
  readonly line: number;
  readonly input: EventInputJson;
}

/**
 * Decodes one NDJSON text in chunks of lines with the library's `decodeNdjson`, renumbering each
 * chunk's lines, so problems name the line of the whole file (docs/spec.md §3, §4: line, field path, reason).
 */
const decodeSource = (source: ImportSource, entries: Entry[], problems: LocatedProblem[], onLines: (n: number) => void): void => {
  const lines = source.text.split('\n');
  for (let start = 0; start < lines.length; start += LINES_PER_CHUNK) {
    const chunk = lines.slice(start, start + LINES_PER_CHUNK);
    const decoded = decodeNdjson(chunk.join('\n'));
    if (decoded._tag === 'Right') {
      for (const { line, event } of decoded.right) entries.push({ source: source.name, line: line + start, input: encodeEventInput(event) });
    } else {
      // A refused chunk yields no events; its lines are decoded one by one so that the good ones still
      // reach the rules and every problem of the file is found in one pass.
      chunk.forEach((text, i) => {
        const one = decodeNdjson(text);
        if (one._tag === 'Right') for (const { event } of one.right) entries.push({ source: source.name, line: start + i + 1, input: encodeEventInput(event) });
        else for (const p of one.left) problems.push({ ...p, source: source.name, line: start + i + 1 });
      });
    }
    onLines(chunk.length);
  }
};

/** Lines of all sources, for the progress total. */
const lineCount = (sources: readonly ImportSource[]): number => sources.reduce((n, s) => n + s.text.split('\n').length, 0);

/**
 * Imports NDJSON texts (docs/spec.md §3) into a store: every file is decoded whole and every district's events,
 * in file and line order, are validated as one batch (docs/spec.md §4–5) against the stream and the batches
 * before it. Nothing is written unless every line of every file is accepted; then each district's batch is
 * appended atomically. Events already recorded with identical content are skipped (docs/spec.md §2), so
 * importing a file twice appends nothing the second time.
 */
export const importSources = async (
  store: EventStore,
  sources: readonly ImportSource[],
  onProgress: (progress: ImportProgress) => void = () => undefined,
): Promise<ImportOutcome> => {
  const entries: Entry[] = [];
  const problems: LocatedProblem[] = [];
  const totalLines = lineCount(sources);
  let linesRead = 0;
  for (const source of sources) {
    decodeSource(source, entries, problems, (n) => {
      linesRead += n;
      onProgress({ phase: 'reading', done: linesRead, total: totalLines });
    });
  }

  const byDistrict = new Map<DistrictCode, Entry[]>();
  for (const entry of entries) {
    const district = entry.input.district as DistrictCode;
    const batch = byDistrict.get(district);
    if (batch === undefined) byDistrict.set(district, [entry]);
    else batch.push(entry);
  }

  // Lines that did not decode are left out of their district's batch, and the rules still run on the
  // rest, so one pass lists every problem; a rule may then also name a consequence of a broken line.
  const staged = new StagedStore(store);
  const ledger = createLedger({ store: staged });
  const results: DistrictImport[] = [];
  let checked = 0;
  for (const [district, batch] of byDistrict) {
    const result = await ledger.append(district, batch.map((e) => e.input));
    checked += batch.length;
    onProgress({ phase: 'checking', done: checked, total: entries.length });
    if (result._tag === 'Left') {
      if (result.left.kind === 'invalid') {
        for (const p of result.left.problems) {
          const entry = p.index !== undefined ? batch[p.index] : undefined;
          const { index: _index, ...rest } = p;
          problems.push(entry !== undefined ? { ...rest, source: entry.source, line: entry.line } : { ...rest, source: batch[0]!.source });
        }
      } else {
        return { kind: 'conflict', district, actualPosition: result.left.actualPosition, written: [] };
      }
    } else {
      results.push({ district, appended: result.right.appended.length, skipped: result.right.skipped.length, head: result.right.head });
    }
  }
  if (problems.length > 0) return { kind: 'refused', problems: sortProblems(problems, sources) };

  onProgress({ phase: 'writing', done: 0, total: results.length });
  const committed = await staged.commit();
  onProgress({ phase: 'writing', done: committed.written.length, total: results.length });
  if (committed.conflict !== undefined) {
    return {
      kind: 'conflict',
      district: committed.conflict.district,
      actualPosition: committed.conflict.actualPosition,
      written: results.filter((r) => committed.written.includes(r.district)),
    };
  }
  return { kind: 'imported', districts: results };
};

/** Problems in the order of the files given, then of lines; problems of one line keep their order. */
const sortProblems = (problems: readonly LocatedProblem[], sources: readonly ImportSource[]): LocatedProblem[] => {
  const order = new Map(sources.map((s, i) => [s.name, i] as const));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (order.get(a.p.source) ?? 0) - (order.get(b.p.source) ?? 0) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
};

/** A problem as `FILE:LINE: path: reason` (the path left out when the whole line is at fault). */
export const formatLocatedProblem = (p: LocatedProblem): string =>
  [p.line !== undefined ? `${p.source}:${p.line}` : p.source, p.path, p.reason].filter((s) => s !== '').join(': ');
