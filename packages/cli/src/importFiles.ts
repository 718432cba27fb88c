import { createHash } from 'node:crypto';
import { comparableContent, createLedger, decodeNdjson, encodeEventInput } from '@indicator-ledger/core';
import type { DistrictCode, EventInput, EventInputJson, EventStore, Problem, StreamHead } from '@indicator-ledger/core';
import { inputLinesOf, strayBomReason } from './ndjsonLines.js';
import type { InputLine } from './ndjsonLines.js';
import { StagedStore } from './stagedStore.js';

/** One NDJSON input to import, named as the person gave it (a path, or `-` for standard input). */
export interface ImportSource {
  readonly name: string;
  /** The input's bytes, read once, in order. */
  readonly bytes: AsyncIterable<Uint8Array | string>;
  /** Its size in bytes when known (a file), for the progress bar. */
  readonly size?: number;
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

/**
 * Appended events that carry no `eventId` and whose content is identical to an event recorded before the
 * import (docs/spec.md §2, §8.1): most likely a file imported a second time.
 */
export interface IdlessRepeats {
  readonly count: number;
  /** The first few of them, in file and line order. */
  readonly first: readonly { readonly source: string; readonly line: number }[];
}

/** How an import ended. */
export type ImportOutcome =
  | { readonly kind: 'imported'; readonly districts: readonly DistrictImport[]; readonly idlessRepeats: IdlessRepeats }
  | { readonly kind: 'refused'; readonly problems: readonly LocatedProblem[] }
  | {
      readonly kind: 'conflict';
      readonly district: DistrictCode;
      readonly actualPosition: number;
      readonly written: readonly DistrictImport[];
    };

/** Where an import is: bytes read and checked (total 0 when unknown), then the commit. */
export interface ImportProgress {
  readonly phase: 'checking' | 'writing';
  readonly done: number;
  readonly total: number;
}

/**
 * A store that can hold one write transaction across many appends (the SQLite store): an import into it
 * stages nothing in memory (docs/spec.md §8.1).
 */
export interface TransactionalStore extends EventStore {
  inOneTransaction<T>(work: () => Promise<T>, keep: (result: T) => boolean): Promise<T>;
}

const isTransactional = (store: EventStore): store is TransactionalStore =>
  typeof (store as Partial<TransactionalStore>).inOneTransaction === 'function';

/** Lines decoded and checked at a time: what an import holds in memory besides the rules' facts. */
const LINES_PER_CHUNK = 2_000;

/** How many repeated lines a warning names. */
const REPEATS_NAMED = 5;

interface Entry {
  readonly source: string;
  readonly line: number;
  readonly event: EventInput;
  readonly input: EventInputJson;
}

/** A short digest of an event's comparable content (docs/spec.md §2), for a set of a district's records. */
const contentDigest = (e: Parameters<typeof comparableContent>[0]): string => createHash('sha256').update(comparableContent(e)).digest('base64').slice(0, 16);

/**
 * Decodes one chunk of lines with the library's `decodeNdjson`, renumbering its lines, so problems name
 * the line of the whole file (docs/spec.md §3, §4: line, field path, reason). Lines whose bytes were
 * refused are decoded as blank lines, so the numbering holds.
 */
const decodeChunk = (source: string, lines: readonly InputLine[], problems: LocatedProblem[]): Entry[] => {
  const first = lines[0]!.line;
  const texts = lines.map((l) => ('text' in l ? l.text : ''));
  for (const l of lines) if ('problem' in l) problems.push({ ...l.problem, source });
  const entries: Entry[] = [];
  const accept = (line: number, event: EventInput) => entries.push({ source, line, event, input: encodeEventInput(event) });
  const decoded = decodeNdjson(texts.join('\n'));
  if (decoded._tag === 'Right') {
    for (const { line, event } of decoded.right) accept(first + line - 1, event);
    return entries;
  }
  // A refused chunk yields no events; its lines are decoded one by one so that the good ones still reach
  // the rules and every problem of the file is found in one pass.
  texts.forEach((text, i) => {
    const line = first + i;
    const one = decodeNdjson(text);
    if (one._tag === 'Right') for (const { event } of one.right) accept(line, event);
    else for (const p of one.left) problems.push({ ...p, source, line, reason: bomNamed(text, p) });
  });
  return entries;
};

// docs/spec.md §8.1: a byte-order mark inside a line is invisible in JSON's "Unexpected token"; name it.
const bomNamed = (text: string, p: Problem): string => {
  const at = text.indexOf('\uFEFF');
  return at >= 0 && p.path === '' && p.reason.startsWith('is not valid JSON') ? strayBomReason(Buffer.byteLength(text.slice(0, at))) : p.reason;
};

/** Where every district's import stands while the files are read. */
interface DistrictTally {
  appended: number;
  skipped: number;
  head: StreamHead;
  /** The stream's position before the import. */
  readonly before: number;
  /** Digests of the content of the records there before the import; read when first needed. */
  recorded?: Set<string>;
}

/**
 * Checks every line of every source against the rules (docs/spec.md §3–5), appending accepted events to
 * `store` a chunk at a time, in file and line order per district; the caller makes the appends count only
 * if no line was refused. Memory: one chunk of lines plus the rules' facts, whatever the size of the input.
 */
const checkSources = async (
  store: EventStore,
  sources: readonly ImportSource[],
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportOutcome> => {
  const ledger = createLedger({ store });
  const problems: LocatedProblem[] = [];
  const tallies = new Map<DistrictCode, DistrictTally>();
  const repeats: { count: number; first: { source: string; line: number }[] } = { count: 0, first: [] };
  const total = sources.every((s) => s.size !== undefined) ? sources.reduce((n, s) => n + s.size!, 0) : 0;
  let bytesDone = 0;

  const noteIdlessRepeats = async (district: DistrictCode, tally: DistrictTally, batch: readonly Entry[]): Promise<void> => {
    const idless = batch.filter((e) => e.event.eventId === undefined);
    if (idless.length === 0 || tally.before === 0) return;
    if (tally.recorded === undefined) {
      // Once per district and import: the records that were there before it (docs/spec.md §8.1).
      tally.recorded = new Set();
      for await (const page of store.readPages(district, { to: tally.before })) for (const r of page) tally.recorded.add(contentDigest(r));
    }
    for (const e of idless) {
      if (!tally.recorded.has(contentDigest(e.event))) continue;
      repeats.count++;
      if (repeats.first.length < REPEATS_NAMED) repeats.first.push({ source: e.source, line: e.line });
    }
  };

  // Appends one district's entries of a chunk. When some are refused, the rest are appended again without
  // them, so later lines are checked against the same facts as if the whole file were one batch
  // (the refused lines count for nothing), and every problem of the file is listed in one pass.
  const appendEntries = async (district: DistrictCode, batch: readonly Entry[]): Promise<ImportOutcome | undefined> => {
    let tally = tallies.get(district);
    if (tally === undefined) {
      const head = await store.head(district);
      tally = { appended: 0, skipped: 0, head, before: head.position };
      tallies.set(district, tally);
    }
    await noteIdlessRepeats(district, tally, batch);
    let pending = batch;
    while (pending.length > 0) {
      const result = await ledger.append(district, pending.map((e) => e.input));
      if (result._tag === 'Right') {
        tally.appended += result.right.appended.length;
        tally.skipped += result.right.skipped.length;
        tally.head = result.right.head;
        return undefined;
      }
      if (result.left.kind === 'conflict') return { kind: 'conflict', district, actualPosition: result.left.actualPosition, written: [] };
      const refused = new Set<number>();
      for (const p of result.left.problems) {
        const entry = p.index !== undefined ? pending[p.index] : undefined;
        const { index: _index, ...rest } = p;
        if (entry !== undefined) refused.add(p.index!);
        problems.push(entry !== undefined ? { ...rest, source: entry.source, line: entry.line } : { ...rest, source: pending[0]!.source });
      }
      if (refused.size === 0) return undefined;
      pending = pending.filter((_, i) => !refused.has(i));
    }
    return undefined;
  };

  const checkChunk = async (source: string, lines: readonly InputLine[]): Promise<ImportOutcome | undefined> => {
    const byDistrict = new Map<DistrictCode, Entry[]>();
    for (const entry of decodeChunk(source, lines, problems)) {
      const district = entry.input.district as DistrictCode;
      const batch = byDistrict.get(district);
      if (batch === undefined) byDistrict.set(district, [entry]);
      else batch.push(entry);
    }
    for (const [district, batch] of byDistrict) {
      const stop = await appendEntries(district, batch);
      if (stop !== undefined) return stop;
    }
    return undefined;
  };

  for (const source of sources) {
    let chunk: InputLine[] = [];
    const counted = countingBytes(source.bytes, (n) => {
      bytesDone += n;
    });
    for await (const line of inputLinesOf(counted)) {
      chunk.push(line);
      if (chunk.length < LINES_PER_CHUNK) continue;
      const stop = await checkChunk(source.name, chunk);
      if (stop !== undefined) return stop;
      chunk = [];
      onProgress({ phase: 'checking', done: bytesDone, total });
    }
    if (chunk.length > 0) {
      const stop = await checkChunk(source.name, chunk);
      if (stop !== undefined) return stop;
    }
    onProgress({ phase: 'checking', done: bytesDone, total });
  }
  if (problems.length > 0) return { kind: 'refused', problems: sortProblems(problems, sources) };
  const districts = [...tallies].map(([district, t]) => ({ district, appended: t.appended, skipped: t.skipped, head: t.head }));
  return { kind: 'imported', districts, idlessRepeats: repeats };
};

async function* countingBytes(chunks: AsyncIterable<Uint8Array | string>, onBytes: (n: number) => void): AsyncIterable<Uint8Array | string> {
  for await (const chunk of chunks) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    yield chunk;
  }
}

/**
 * Imports NDJSON inputs (docs/spec.md §3) into a store, streaming: lines are read, decoded and checked a
 * chunk at a time (docs/spec.md §4–5), every district's events in file and line order, each checked
 * against the stream and the lines before it. Nothing is written unless every line of every input is
 * accepted (docs/spec.md §2). Into a store that holds one transaction across appends (SQLite), the whole
 * import is that one transaction, so memory stays bounded; into another store, accepted events are
 * staged in memory and each district's batch is appended atomically at the end. Events already recorded
 * with the same `eventId` and identical content are skipped, so importing a file with ids twice appends
 * nothing the second time.
 */
export const importSources = async (
  store: EventStore,
  sources: readonly ImportSource[],
  onProgress: (progress: ImportProgress) => void = () => undefined,
): Promise<ImportOutcome> => {
  if (isTransactional(store)) {
    return store.inOneTransaction(
      () => checkSources(store, sources, onProgress),
      (outcome) => {
        const keep = outcome.kind === 'imported';
        if (keep) onProgress({ phase: 'writing', done: 1, total: 1 });
        return keep;
      },
    );
  }
  const staged = new StagedStore(store);
  const outcome = await checkSources(staged, sources, onProgress);
  if (outcome.kind !== 'imported') {
    await staged.close();
    return outcome;
  }
  const results = outcome.districts;
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
  return outcome;
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
