/**
 * The streamed, all-or-nothing import of NDJSON lines (docs/spec.md §2–5, §8.1): every line decoded once,
 * checked against its district's facts as it comes, and everything appended or nothing. No file I/O: the
 * caller gives the lines of each source (the CLI reads files and checks their bytes are UTF-8).
 *
 * Memory: one chunk of lines plus the rules' facts, whatever the size of the input, when the store can
 * hold one transaction across appends (`EventStore.inOneTransaction`); otherwise the accepted records are
 * staged in memory ({@link StagedStore}) and each district's batch is appended atomically at the end.
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { decodeNdjsonLine, isBlankLine } from '../events/envelope.js';
import type { EventInput } from '../events/envelope.js';
import type { Problem } from '../events/problem.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventStore, StreamHead } from '../store/port.js';
// ledger.ts re-exports this module (so the package entry has it); the cycle is harmless, as nothing here
// runs while the modules load.
import { comparableContent, createLedger } from './ledger.js';
import type { Ledger, LedgerOptions } from './ledger.js';
import { StagedStore } from './stagedStore.js';
import { FACTS_CHECKPOINT_NAME } from './factsCheckpoint.js';
import type { SealedCheckpointProblem } from '../store/sealedCheckpoint.js';

/**
 * One line of an import source, without its line feed: its text, or — when the reader could not make
 * text of its bytes (not UTF-8, too long, docs/spec.md §8.1) — why, which is then that line's problem.
 */
export type ImportLine = string | { readonly unreadable: string };

/** One NDJSON input of an import: its name as problems show it (a path, `-`) and its lines, read once, in order. */
export interface ImportSource {
  readonly name: string;
  readonly lines: AsyncIterable<ImportLine> | Iterable<ImportLine>;
}

/** A problem of an import, placed in its source: `line` (1-based), field `path` and `reason`. */
export interface ImportProblem extends Problem {
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
  /** The first few of them, in source and line order. */
  readonly first: readonly { readonly source: string; readonly line: number }[];
}

/** What an import wrote: each district in the order it first appears in the sources. */
export interface ImportSummary {
  readonly districts: readonly DistrictImport[];
  readonly idlessRepeats: IdlessRepeats;
}

/**
 * Why an import wrote nothing (`refused`: every problem of every line, in source and line order), or
 * nothing for `district`, which another writer appended to meanwhile (`written`: the districts committed
 * before it, by a store without `inOneTransaction`).
 */
export type ImportFailure =
  | { readonly kind: 'refused'; readonly problems: readonly ImportProblem[] }
  | { readonly kind: 'conflict'; readonly district: DistrictCode; readonly actualPosition: number; readonly written: readonly DistrictImport[] };

/** Where an import is: lines checked so far, then the commit (districts written of `total`). */
export type ImportProgress =
  | { readonly phase: 'checking'; readonly lines: number }
  | { readonly phase: 'writing'; readonly done: number; readonly total: number };

/** Options of {@link importNdjson}: the ledger's (clock, policy, …) and a progress callback. */
export interface ImportOptions extends Omit<LedgerOptions, 'store'> {
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * Told when the stream facts could not be saved after a successful import (`Ledger.saveFactsCheckpoint`):
   * the import stands, and the next one reads the district's records again instead of resuming.
   */
  readonly onFactsCheckpointNotSaved?: (problem: SealedCheckpointProblem) => void;
}

/**
 * Lines decoded and checked at a time: what an import holds in memory besides the rules' facts. Small, so
 * that a chunk's objects die young instead of growing the old heap: at 250 rather than 2 000, a 200 000-line
 * import into SQLite peaks at ~290 MB resident instead of ~330 MB, in the same time.
 */
export const LINES_PER_CHUNK = 250;

/** How many repeated lines {@link IdlessRepeats} names. */
const REPEATS_NAMED = 5;

/** The reason for a byte-order mark anywhere but the start of the input, at `byteOffset` (0-based) of its line. */
export const strayBomReason = (byteOffset: number): string =>
  `byte ${byteOffset + 1}: a UTF-8 byte-order mark (U+FEFF) is allowed only at the start of a file`;

const utf8 = new TextEncoder();

// docs/spec.md §8.1: a byte-order mark inside a line is invisible in JSON's "Unexpected token"; name it.
const bomNamed = (text: string, p: Problem): string => {
  const at = text.indexOf('\uFEFF');
  return at >= 0 && p.path === '' && p.reason.startsWith('is not valid JSON') ? strayBomReason(utf8.encode(text.slice(0, at)).length) : p.reason;
};

interface Entry {
  readonly source: string;
  readonly line: number;
  readonly event: EventInput;
}

/** A short digest of an event's comparable content (docs/spec.md §2), for a set of a district's records. */
const contentDigest = (e: Parameters<typeof comparableContent>[0]): string => createHash('sha256').update(comparableContent(e)).digest('base64').slice(0, 16);

/** Where every district's import stands while the sources are read. */
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
 * `store` a chunk at a time, in source and line order per district; the caller makes the appends count
 * only if no line was refused.
 */
const checkSources = async (ledger: Ledger, sources: readonly ImportSource[], onProgress: ImportOptions['onProgress']): Promise<E.Either<ImportFailure, ImportSummary>> => {
  const store = ledger.store;
  const problems: ImportProblem[] = [];
  const tallies = new Map<DistrictCode, DistrictTally>();
  const repeats: { count: number; first: { source: string; line: number }[] } = { count: 0, first: [] };
  let linesChecked = 0;

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
  // them, so later lines are checked against the same facts as if the whole input were one batch (the
  // refused lines count for nothing), and every problem of the input is listed in one pass.
  const appendEntries = async (district: DistrictCode, batch: readonly Entry[]): Promise<ImportFailure | undefined> => {
    let tally = tallies.get(district);
    if (tally === undefined) {
      const head = await store.head(district);
      tally = { appended: 0, skipped: 0, head, before: head.position };
      tallies.set(district, tally);
    }
    await noteIdlessRepeats(district, tally, batch);
    let pending = batch;
    while (pending.length > 0) {
      const result = await ledger.appendEvents(district, pending.map((e) => e.event));
      if (E.isRight(result)) {
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

  // The district of each event decides its stream; a chunk's events go to their districts in the order
  // each district first appears, so the summary lists districts in source order.
  const checkChunk = async (entries: readonly Entry[]): Promise<ImportFailure | undefined> => {
    const byDistrict = new Map<DistrictCode, Entry[]>();
    for (const entry of entries) {
      const batch = byDistrict.get(entry.event.district);
      if (batch === undefined) byDistrict.set(entry.event.district, [entry]);
      else batch.push(entry);
    }
    for (const [district, batch] of byDistrict) {
      const stop = await appendEntries(district, batch);
      if (stop !== undefined) return stop;
    }
    return undefined;
  };

  for (const source of sources) {
    let chunk: Entry[] = [];
    let linesInChunk = 0;
    let line = 0;
    for await (const text of source.lines) {
      line++;
      if (typeof text !== 'string') problems.push({ line, path: '', reason: text.unreadable, source: source.name });
      else if (!isBlankLine(text)) {
        const decoded = decodeNdjsonLine(text, line);
        if (E.isRight(decoded)) chunk.push({ source: source.name, line, event: decoded.right });
        else for (const p of decoded.left) problems.push({ ...p, source: source.name, reason: bomNamed(text, p) });
      }
      if (++linesInChunk < LINES_PER_CHUNK) continue;
      const stop = await checkChunk(chunk);
      if (stop !== undefined) return E.left(stop);
      linesChecked += linesInChunk;
      chunk = [];
      linesInChunk = 0;
      onProgress?.({ phase: 'checking', lines: linesChecked });
    }
    if (linesInChunk > 0) {
      const stop = await checkChunk(chunk);
      if (stop !== undefined) return E.left(stop);
      linesChecked += linesInChunk;
    }
    onProgress?.({ phase: 'checking', lines: linesChecked });
  }
  if (problems.length > 0) return E.left({ kind: 'refused', problems: sortProblems(problems, sources) });
  const districts = [...tallies].map(([district, t]) => ({ district, appended: t.appended, skipped: t.skipped, head: t.head }));
  return E.right({ districts, idlessRepeats: repeats });
};

/** Problems in the order of the sources given, then of lines; problems of one line keep their order. */
const sortProblems = (problems: readonly ImportProblem[], sources: readonly ImportSource[]): ImportProblem[] => {
  const order = new Map(sources.map((s, i) => [s.name, i] as const));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (order.get(a.p.source) ?? 0) - (order.get(b.p.source) ?? 0) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
};

/**
 * Imports NDJSON lines (docs/spec.md §3) into `store`, streaming: each line is decoded once (blank lines
 * skipped), and every district's events are checked in source and line order against the stream and the
 * lines before them (docs/spec.md §4–5), a chunk at a time. Nothing is written unless every line of every
 * source is accepted (docs/spec.md §2): then the result lists every problem with its source, line, field
 * path and reason. Into a store with `inOneTransaction` the whole import is that one transaction; into
 * another, accepted records are staged in memory and each district's batch is appended atomically at the
 * end (a conflict there leaves the districts written before it, and says which). Events already recorded
 * with the same `eventId` and identical content are skipped, so importing twice a source whose lines carry
 * ids appends nothing the second time.
 */
export const importNdjson = async (store: EventStore, sources: readonly ImportSource[], options: ImportOptions = {}): Promise<E.Either<ImportFailure, ImportSummary>> => {
  const { onProgress: progress, onFactsCheckpointNotSaved, ...ledgerOptions } = options;
  const onProgress = progress ?? (() => undefined);
  if (store.inOneTransaction !== undefined) {
    const ledger = createLedger({ ...ledgerOptions, store });
    const outcome = await store.inOneTransaction(
      () => checkSources(ledger, sources, progress),
      (result) => {
        const keep = E.isRight(result);
        if (keep) onProgress({ phase: 'writing', done: 1, total: 1 });
        return keep;
      },
    );
    if (E.isRight(outcome)) await saveFacts(ledger, outcome.right.districts, onFactsCheckpointNotSaved);
    return outcome;
  }
  const staged = new StagedStore(store);
  const ledger = createLedger({ ...ledgerOptions, store: staged });
  const outcome = await checkSources(ledger, sources, progress);
  if (E.isLeft(outcome)) {
    await staged.close();
    return outcome;
  }
  const results = outcome.right.districts;
  onProgress({ phase: 'writing', done: 0, total: results.length });
  const committed = await staged.commit();
  onProgress({ phase: 'writing', done: committed.written.length, total: results.length });
  if (committed.conflict !== undefined) {
    return E.left({
      kind: 'conflict',
      district: committed.conflict.district,
      actualPosition: committed.conflict.actualPosition,
      written: results.filter((r) => committed.written.includes(r.district)),
    });
  }
  await saveFacts(ledger, results, onFactsCheckpointNotSaved);
  return outcome;
};

/**
 * Saves the stream facts of every district the import appended to, once its records are durable, so that
 * the next import resumes them (docs/spec.md §8.1); a save that fails is told, never thrown — the import stands.
 */
const saveFacts = async (ledger: Ledger, districts: ImportSummary['districts'], notSaved: ImportOptions['onFactsCheckpointNotSaved']): Promise<void> => {
  for (const { district, appended, head } of districts) {
    if (appended === 0) continue;
    try {
      await ledger.saveFactsCheckpoint(district);
    } catch (error) {
      notSaved?.({ district, projection: FACTS_CHECKPOINT_NAME, position: head.position, reason: error instanceof Error ? error.message : String(error) });
    }
  }
};
