import type { DateKey } from './dateKey.js';
import { countBefore, IntervalBlocks } from './intervalBlocks.js';
import { isLive, rowAtPosition } from './knowledge.js';
import type { ContributionSink, Knowledge } from './knowledge.js';

/**
 * Invention patents in force (docs/spec.md §6 `invention-patents-per-10k`, numerator): one row per invention
 * grant with its term end, in position order, and each patent's lapses chained per patent.
 *
 * Rows are also summarised in blocks of {@link PATENT_BLOCK_SIZE}: a full block keeps its grant dates and its
 * term ends sorted, and the rows of its patents that have a lapse; it is marked dirty as soon as one of its
 * rows could count otherwise than by its dates and lapses — the grant retracted, the number granted twice, or
 * a term ending before its grant. A clean block wholly known at the query's position counts its rows in force
 * at D with two binary searches (grants ≤ D minus term ends < D), less its lapsed-by-D rows; dirty blocks and
 * the last, partial one are scanned row by row. The lapsed-by-D rows of the clean blocks are counted from a
 * derived index of the lapses ({@link LapseIndex}) in blocks of their own, but for the few that cannot be
 * (two lapses, a lapse outside the term, a retracted lapse). So a query costs O(blocks · log B + lapsed rows
 * walked + rows of dirty and partial blocks) instead of O(invention grants).
 */
export interface PatentTable {
  readonly index: Map<string, number>;
  readonly patentNos: string[];
  readonly rowPatent: number[];
  readonly rowGranted: DateKey[];
  /** addYears(filingDate, 20) − 1 day. */
  readonly rowTermEnd: DateKey[];
  readonly rowPosition: number[];
  readonly lapseHead: number[];
  readonly lapseNext: number[];
  readonly lapseDate: DateKey[];
  readonly lapsePosition: number[];
  readonly countedInQuery: number[];
  queryCounter: number;
  /** Rows per block. */
  readonly blockSize: number;
  /** Per full block, its rows' grant dates, ascending. */
  readonly blockGranted: DateKey[][];
  /** Per full block, its rows' term ends, ascending. */
  readonly blockTermEnd: DateKey[][];
  /** Per block (the partial last one included): a row of it may not count by its dates and lapses alone. */
  readonly blockDirty: boolean[];
  /** Per block (the partial last one included): its rows whose patent has a lapse. */
  readonly blockLapsedRows: number[][];
  /** Per patent, its first grant row (−1: none yet). */
  readonly patentFirstRow: number[];
}

/** Rows per block of a {@link PatentTable}. */
export const PATENT_BLOCK_SIZE = 256;

/** An empty table; `blockSize` other than the default is for tests, which want many small blocks. */
export const emptyPatentTable = (blockSize: number = PATENT_BLOCK_SIZE): PatentTable => ({
  index: new Map(),
  patentNos: [],
  rowPatent: [],
  rowGranted: [],
  rowTermEnd: [],
  rowPosition: [],
  lapseHead: [],
  lapseNext: [],
  lapseDate: [],
  lapsePosition: [],
  countedInQuery: [],
  queryCounter: 0,
  blockSize,
  blockGranted: [],
  blockTermEnd: [],
  blockDirty: [],
  blockLapsedRows: [],
  patentFirstRow: [],
});

const patentOf = (t: PatentTable, patentNo: string): number => {
  let p = t.index.get(patentNo);
  if (p === undefined) {
    p = t.patentNos.length;
    t.index.set(patentNo, p);
    t.patentNos.push(patentNo);
    t.lapseHead.push(-1);
    t.countedInQuery.push(0);
    t.patentFirstRow.push(-1);
  }
  return p;
};

const markDirty = (t: PatentTable, row: number): void => {
  const b = Math.floor(row / t.blockSize);
  t.blockDirty[b] = true;
  const x = lapseIndexes.get(t.rowPatent);
  if (x !== undefined) blockLeavesIndex(x, t, b);
};

const ascending = (a: number, b: number): number => a - b;

/** Adds an invention grant (other kinds never count, so they are not kept). */
export const addInventionGrant = (t: PatentTable, patentNo: string, granted: DateKey, termEnd: DateKey, position: number): void => {
  const patent = patentOf(t, patentNo);
  const row = t.rowPatent.length;
  t.rowPatent.push(patent);
  t.rowGranted.push(granted);
  t.rowTermEnd.push(termEnd);
  t.rowPosition.push(position);
  if (row % t.blockSize === 0) {
    t.blockDirty.push(false);
    t.blockLapsedRows.push([]);
  }
  const first = t.patentFirstRow[patent]!;
  if (first === -1) t.patentFirstRow[patent] = row;
  else markDirty(t, first); // a second grant of the number: both rows are counted with the per-patent check
  if (first !== -1 || termEnd < granted) markDirty(t, row);
  if (t.lapseHead[patent] !== -1) t.blockLapsedRows[Math.floor(row / t.blockSize)]!.push(row);
  if ((row + 1) % t.blockSize === 0) {
    const from = row + 1 - t.blockSize;
    t.blockGranted.push(t.rowGranted.slice(from, row + 1).sort(ascending));
    t.blockTermEnd.push(t.rowTermEnd.slice(from, row + 1).sort(ascending));
    const x = lapseIndexes.get(t.rowPatent);
    if (x !== undefined) placeBlockLapses(x, t, t.blockGranted.length - 1, position);
  }
};

/** Adds a lapse of a patent. */
export const addLapse = (t: PatentTable, patentNo: string, date: DateKey, position: number): void => {
  const p = patentOf(t, patentNo);
  const row = t.lapseDate.length;
  const firstLapse = t.lapseHead[p] === -1;
  t.lapseDate.push(date);
  t.lapsePosition.push(position);
  t.lapseNext.push(t.lapseHead[p]!);
  t.lapseHead[p] = row;
  // The patent's grant row (a number granted twice is in dirty blocks, scanned whole) is checked for lapses from now on.
  const grant = t.patentFirstRow[p]!;
  if (firstLapse && grant !== -1) t.blockLapsedRows[Math.floor(grant / t.blockSize)]!.push(grant);
  const x = lapseIndexes.get(t.rowPatent);
  if (x !== undefined) lapseAdded(x, t, p, position);
};

/**
 * Tells the table that the event at `position` was retracted (docs/spec.md §4): if it was a lapse counted
 * from the lapse index, its row is checked alone from now on. O(lapses of the patent).
 */
export const markLapseRetracted = (t: PatentTable, position: number): void => {
  const x = lapseIndexes.get(t.rowPatent);
  const entry = x?.entryOfLapsePosition.get(position);
  if (x !== undefined && entry !== undefined) entryLeaves(x, t, entry, true);
};

/**
 * Tells the table that the event at `position` was retracted: if it was one of its grants, that grant's block
 * is counted row by row from now on. O(log rows).
 */
export const markGrantRetracted = (t: PatentTable, position: number): void => {
  const row = rowAtPosition(t.rowPosition, position);
  if (row !== -1) markDirty(t, row);
};

const hasLapsedBy = (t: PatentTable, k: Knowledge, patent: number, date: DateKey): boolean => {
  for (let l = t.lapseHead[patent]!; l !== -1; l = t.lapseNext[l]!) {
    if (t.lapseDate[l]! <= date && isLive(k, t.lapsePosition[l]!)) return true;
  }
  return false;
};

/** Rows `from`..`to` (exclusive) checked one by one, as docs/spec.md §6 reads; stops at the first row unknown at `k`. */
const inForceInRows = (t: PatentTable, k: Knowledge, date: DateKey, query: number, from: number, to: number, sink?: ContributionSink): number => {
  const { rowPatent, rowGranted, rowTermEnd, rowPosition, countedInQuery, lapseHead } = t;
  let count = 0;
  for (let row = from; row < to; row++) {
    const position = rowPosition[row]!;
    // Rows are appended in position order: past the knowledge position nothing more is known.
    if (position > k.position) break;
    if (rowGranted[row]! > date || rowTermEnd[row]! < date) continue;
    const patent = rowPatent[row]!;
    if (countedInQuery[patent] === query) continue;
    if (!isLive(k, position) || (lapseHead[patent] !== -1 && hasLapsedBy(t, k, patent, date))) continue;
    countedInQuery[patent] = query;
    count++;
    sink?.(t.patentNos[patent]!, position);
  }
  return count;
};

// ---- the derived index of lapses -------------------------------------------------------------------------

/**
 * A query structure derived from a {@link PatentTable} (never part of the checkpointed state: built from the
 * table and the stream's retractions on the first query, then kept up by the fold), for the rows of clean
 * blocks whose patent has a lapse. A row whose patent has exactly one lapse, not retracted, dated within the
 * row's term (grant ≤ L ≤ term end), is an entry: it has lapsed by D and is in the dates at D exactly when
 * L ≤ D ≤ term end, so the entries known at P that are lapsed in the dates at D number
 * #(L ≤ D) − #(term end < D) over entries known at P — an entry is known once both its lapse and its grant's
 * whole block are. Entries are appended in the order they become known, and a full block of them keeps its
 * lapse dates and term ends sorted: two binary searches, as for the grants. Every other lapsed row of a
 * clean block (two lapses, a lapse outside the term, a retracted lapse) is checked alone, as before.
 */
interface LapseIndex {
  /** The per-position retraction column the index was built against (`Knowledge.retractedAt`). */
  readonly retractedAt: readonly number[];
  /** The entries: [lapse date, term end] of each, known once its lapse and its grant's whole block are. */
  readonly entries: IntervalBlocks;
  /** The grant row of each entry. */
  readonly entryRow: number[];
  /** The entry of each grant row that has one, and of each lapse's position. */
  readonly entryOfRow: Map<number, number>;
  readonly entryOfLapsePosition: Map<number, number>;
  /** Per block of grant rows, its lapsed rows that are not entries: checked alone. */
  readonly walked: Map<number, number[]>;
}

const lapseIndexes = new WeakMap<readonly number[], LapseIndex>();

/** The one lapse of `patent`, or -1 when it has none or more than one. */
const onlyLapse = (t: PatentTable, patent: number): number => {
  const l = t.lapseHead[patent]!;
  return l !== -1 && t.lapseNext[l] === -1 ? l : -1;
};

const walk = (x: LapseIndex, block: number, row: number): void => {
  const rows = x.walked.get(block);
  if (rows === undefined) x.walked.set(block, [row]);
  else if (!rows.includes(row)) rows.push(row);
};

/** Places the lapsed `row` of the clean, full `block` (known at `knownAt`): as an entry when it can be one. */
const placeLapsedRow = (x: LapseIndex, t: PatentTable, block: number, row: number, knownAt: number): void => {
  const l = onlyLapse(t, t.rowPatent[row]!);
  const date = l === -1 ? 0 : t.lapseDate[l]!;
  const lapsePosition = l === -1 ? 0 : t.lapsePosition[l]!;
  if (l === -1 || date < t.rowGranted[row]! || date > t.rowTermEnd[row]! || (x.retractedAt[lapsePosition] ?? 0) !== 0) {
    walk(x, block, row);
    return;
  }
  const entry = x.entries.append(date, t.rowTermEnd[row]!, Math.max(knownAt, lapsePosition));
  x.entryRow.push(row);
  x.entryOfRow.set(row, entry);
  x.entryOfLapsePosition.set(lapsePosition, entry);
};

/** Takes `entry` out of the blocks; its row is checked alone from then on when `walkRow` (its block stays clean). */
const entryLeaves = (x: LapseIndex, t: PatentTable, entry: number, walkRow: boolean): void => {
  const row = x.entryRow[entry]!;
  if (x.entryOfRow.get(row) !== entry) return;
  x.entryOfRow.delete(row);
  x.entries.remove(entry);
  if (walkRow) walk(x, Math.floor(row / t.blockSize), row);
};

/** A grant block turned dirty: it is scanned row by row, so none of its rows is an entry or walked. */
const blockLeavesIndex = (x: LapseIndex, t: PatentTable, block: number): void => {
  for (const row of t.blockLapsedRows[block] ?? []) {
    const entry = x.entryOfRow.get(row);
    if (entry !== undefined) entryLeaves(x, t, entry, false);
  }
  x.walked.delete(block);
};

/** The full `block` of grants was sealed (at `position`): its lapsed rows join the index. */
const placeBlockLapses = (x: LapseIndex, t: PatentTable, block: number, position: number): void => {
  if (t.blockDirty[block]) return;
  for (const row of t.blockLapsedRows[block]!) placeLapsedRow(x, t, block, row, position);
};

/** `patent` got a lapse at `position`: its grant row becomes an entry, or (a second lapse) is checked alone. */
const lapseAdded = (x: LapseIndex, t: PatentTable, patent: number, position: number): void => {
  const row = t.patentFirstRow[patent]!;
  if (row === -1) return;
  const block = Math.floor(row / t.blockSize);
  if (block >= t.blockGranted.length || t.blockDirty[block]) return;
  const entry = x.entryOfRow.get(row);
  if (entry !== undefined) entryLeaves(x, t, entry, true);
  else if (t.lapseNext[t.lapseHead[patent]!] === -1) placeLapsedRow(x, t, block, row, position);
  else walk(x, block, row);
};

/** Builds the lapse index of a table against the stream's retractions, entries in the order they became known. */
const buildLapseIndex = (t: PatentTable, retractedAt: readonly number[]): LapseIndex => {
  const x: LapseIndex = {
    retractedAt,
    // Blocks of the table's size: 256 in use, a few rows in the tests, so both paths are exercised.
    entries: new IntervalBlocks(t.blockSize),
    entryRow: [],
    entryOfRow: new Map(),
    entryOfLapsePosition: new Map(),
    walked: new Map(),
  };
  const candidates: { readonly block: number; readonly row: number; readonly knownAt: number }[] = [];
  for (let block = 0; block < t.blockGranted.length; block++) {
    if (t.blockDirty[block]) continue;
    const blockKnownAt = t.rowPosition[(block + 1) * t.blockSize - 1]!;
    for (const row of t.blockLapsedRows[block]!) {
      const l = onlyLapse(t, t.rowPatent[row]!);
      candidates.push({ block, row, knownAt: Math.max(blockKnownAt, l === -1 ? 0 : t.lapsePosition[l]!) });
    }
  }
  candidates.sort((a, b) => a.knownAt - b.knownAt);
  for (const c of candidates) placeLapsedRow(x, t, c.block, c.row, c.knownAt);
  return x;
};

/** The lapse index of `t` for queries under `k`, built on first use; `undefined` when `k` reads another retraction column. */
const lapseIndexFor = (t: PatentTable, k: Knowledge): LapseIndex | undefined => {
  const x = lapseIndexes.get(t.rowPatent);
  if (x !== undefined) return x.retractedAt === k.retractedAt ? x : undefined;
  const built = buildLapseIndex(t, k.retractedAt);
  lapseIndexes.set(t.rowPatent, built);
  return built;
};

/** Walked rows of clean block `b` in the dates at D whose patent has a live lapse by D. */
const walkedLapsedInDates = (t: PatentTable, x: LapseIndex, k: Knowledge, date: DateKey, b: number): number => {
  const rows = x.walked.get(b);
  if (rows === undefined) return 0;
  let lapsed = 0;
  for (const row of rows) if (t.rowGranted[row]! <= date && t.rowTermEnd[row]! >= date && hasLapsedBy(t, k, t.rowPatent[row]!, date)) lapsed++;
  return lapsed;
};

/** Rows of clean block `b` in the dates at D (grant ≤ D ≤ term end) whose patent has a live lapse by D. */
const lapsedInDates = (t: PatentTable, k: Knowledge, date: DateKey, b: number): number => {
  const rows = t.blockLapsedRows[b]!;
  let lapsed = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (t.rowGranted[row]! <= date && t.rowTermEnd[row]! >= date && hasLapsedBy(t, k, t.rowPatent[row]!, date)) lapsed++;
  }
  return lapsed;
};

/**
 * docs/spec.md §6: live invention grants with effectiveDate ≤ D ≤ addYears(filingDate, 20) − 1 day and no live
 * lapse with effectiveDate ≤ D, counted once per patent number. Clean full blocks known at `k` are counted
 * from their sorted dates — their rows are live, of numbers granted once, with term ends on or after their
 * grants, so a row is in the dates at D exactly when its grant is ≤ D and its term end is not < D — less their
 * rows in the dates that have lapsed by D; the rest is scanned. `sink` needs every counted row, so with a
 * sink everything is scanned.
 */
export const inventionPatentsInForceAt = (t: PatentTable, k: Knowledge, date: DateKey, sink?: ContributionSink): number => {
  const query = ++t.queryCounter;
  const { blockSize, blockGranted, blockTermEnd, blockDirty, rowPosition } = t;
  const x = sink === undefined ? lapseIndexFor(t, k) : undefined;
  let count = x === undefined ? 0 : -x.entries.countAt(k.position, date);
  let row = 0;
  for (let b = 0; sink === undefined && b < blockGranted.length; b++, row += blockSize) {
    // Only blocks wholly known at k (rows are in position order, so the block's last row says).
    if (rowPosition[row + blockSize - 1]! > k.position) break;
    // Grants follow the order they are recorded in, so most blocks were granted wholly after D, or (20-year
    // terms) are wholly in force: a block none of whose rows has grant ≤ D ≤ term end counts nothing, dirty or not.
    const granted = blockGranted[b]!;
    const termEnd = blockTermEnd[b]!;
    if (granted[0]! > date || termEnd[termEnd.length - 1]! < date) continue;
    count += blockDirty[b]
      ? inForceInRows(t, k, date, query, row, row + blockSize)
      : countBefore(granted, date + 1) - countBefore(termEnd, date) - (x === undefined ? lapsedInDates(t, k, date, b) : walkedLapsedInDates(t, x, k, date, b));
  }
  return count + inForceInRows(t, k, date, query, row, t.rowPatent.length, sink);
};
