import type { DateKey } from './dateKey.js';
import { yearOfKey } from './dateKey.js';
import { countBefore, IntervalBlocks, removeSorted, withRoom } from './intervalBlocks.js';
import { isLive, rowAtPosition } from './knowledge.js';
import type { ContributionSink, Knowledge } from './knowledge.js';

/**
 * Recognitions and revocations of one designation (`high-tech` or `tech-sme`), docs/spec.md §6 rows 1–2: what
 * the fold keeps and the checkpoint holds. Rows are kept in columns and bucketed by the year of `validFrom`
 * (the walk with a sink scans only the buckets a validity period can reach from the query year back,
 * `maxSpanYears`). Counts without a sink read a derived index instead ({@link RecognitionIndex}):
 * O(blocks · log B + retracted rows + rows of enterprises not clean).
 */
export interface RecognitionTable {
  readonly entityIndex: Map<string, number>;
  readonly entityIds: string[];
  readonly rowEntity: number[];
  readonly rowFrom: DateKey[];
  readonly rowUntil: DateKey[];
  readonly rowPosition: number[];
  readonly bucketsByFromYear: Map<number, number[]>;
  maxSpanYears: number;
  /** Per enterprise, the first of its revocation rows (−1: none); rows chain through `revocationNext`. */
  readonly revocationHead: number[];
  readonly revocationNext: number[];
  readonly revocationDecided: DateKey[];
  readonly revokedFrom: DateKey[];
  readonly revocationPosition: number[];
  /** Per enterprise, the last query that counted it: counts distinct enterprises without a set. */
  readonly countedInQuery: number[];
  queryCounter: number;
}

/** An empty table. */
export const emptyRecognitionTable = (): RecognitionTable => ({
  entityIndex: new Map(),
  entityIds: [],
  rowEntity: [],
  rowFrom: [],
  rowUntil: [],
  rowPosition: [],
  bucketsByFromYear: new Map(),
  maxSpanYears: 0,
  revocationHead: [],
  revocationNext: [],
  revocationDecided: [],
  revokedFrom: [],
  revocationPosition: [],
  countedInQuery: [],
  queryCounter: 0,
});

const entityOf = (t: RecognitionTable, enterpriseId: string): number => {
  let e = t.entityIndex.get(enterpriseId);
  if (e === undefined) {
    e = t.entityIds.length;
    t.entityIndex.set(enterpriseId, e);
    t.entityIds.push(enterpriseId);
    t.revocationHead.push(-1);
    t.countedInQuery.push(0);
  }
  return e;
};

/** Adds a recognition valid from `from` to `until` (defaults already applied, docs/spec.md §4). */
export const addRecognition = (t: RecognitionTable, enterpriseId: string, from: DateKey, until: DateKey, position: number): void => {
  const row = t.rowEntity.length;
  t.rowEntity.push(entityOf(t, enterpriseId));
  t.rowFrom.push(from);
  t.rowUntil.push(until);
  t.rowPosition.push(position);
  const year = yearOfKey(from);
  const bucket = t.bucketsByFromYear.get(year);
  if (bucket === undefined) t.bucketsByFromYear.set(year, [row]);
  else bucket.push(row);
  t.maxSpanYears = Math.max(t.maxSpanYears, yearOfKey(until) - year);
  indexRecognition(t, row);
};

/** Adds a revocation decided on `decided`, void from `revokedFrom` (docs/spec.md §4). */
export const addRevocation = (t: RecognitionTable, enterpriseId: string, decided: DateKey, revokedFrom: DateKey, position: number): void => {
  const e = entityOf(t, enterpriseId);
  const row = t.revocationDecided.length;
  t.revocationDecided.push(decided);
  t.revokedFrom.push(revokedFrom);
  t.revocationPosition.push(position);
  t.revocationNext.push(t.revocationHead[e]!);
  t.revocationHead[e] = row;
  const x = indexes.get(t.rowEntity);
  if (x !== undefined) makeUnclean(x, t, e);
};

// docs/spec.md §6: a live revocation v voids recognition r at D when r.validFrom ≤ v.effectiveDate and v.revokedFrom ≤ D.
const isRevokedAt = (t: RecognitionTable, k: Knowledge, entity: number, validFrom: DateKey, date: DateKey): boolean => {
  for (let v = t.revocationHead[entity]!; v !== -1; v = t.revocationNext[v]!) {
    if (t.revocationDecided[v]! >= validFrom && t.revokedFrom[v]! <= date && isLive(k, t.revocationPosition[v]!)) return true;
  }
  return false;
};

/**
 * docs/spec.md §6 `high-tech-enterprises` / `tech-smes`: distinct enterprises with a live recognition r,
 * r.validFrom ≤ D ≤ r.validUntil, not voided by a live revocation. `sink` receives each counted
 * enterprise with the recognition that counted it.
 */
export const recognizedEnterprisesAt = (t: RecognitionTable, k: Knowledge, date: DateKey, sink?: ContributionSink): number => {
  const x = sink === undefined ? indexFor(t, k) : undefined;
  return x === undefined ? recognizedEnterprisesByWalk(t, k, date, sink) : countFromIndex(t, x, k, date);
};

/**
 * The count walking the recognitions whose validity can reach D, ignoring the index: the linear answer the
 * index must give, and what a sink is fed from.
 */
export const recognizedEnterprisesByWalk = (t: RecognitionTable, k: Knowledge, date: DateKey, sink?: ContributionSink): number => {
  const query = ++t.queryCounter;
  const year = yearOfKey(date);
  // The columns in locals: the inner loop is loads and compares.
  const { rowFrom, rowUntil, rowEntity, rowPosition, countedInQuery, revocationHead } = t;
  let count = 0;
  for (let y = year - t.maxSpanYears; y <= year; y++) {
    const rows = t.bucketsByFromYear.get(y);
    if (rows === undefined) continue;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const position = rowPosition[row]!;
      // A bucket's rows are in position order: past the knowledge position nothing more is known.
      if (position > k.position) break;
      const from = rowFrom[row]!;
      if (from > date || rowUntil[row]! < date) continue;
      const entity = rowEntity[row]!;
      if (countedInQuery[entity] === query) continue;
      if (!isLive(k, position) || (revocationHead[entity] !== -1 && isRevokedAt(t, k, entity, from, date))) continue;
      countedInQuery[entity] = query;
      count++;
      sink?.(t.entityIds[entity]!, position);
    }
  }
  return count;
};

// ---- the derived index: validity intervals in blocks ------------------------------------------------------

/** Rows per block of a {@link RecognitionIndex}. */
export const RECOGNITION_BLOCK_SIZE = 256;

/**
 * A query structure derived from a {@link RecognitionTable} (never part of the checkpointed state: built from
 * the table and the stream's retractions on the first query, then kept up by the fold). An enterprise is
 * clean while it has no revocation, its recognitions' periods are ordered (from ≤ until) and no day is in
 * three of them — each new row overlaps at most one earlier one, as a renewal recorded before the old
 * period ends does. Then it counts at D exactly when one of its live rows has from ≤ D ≤ until, which is the
 * number of its rows covering D less the number of its overlaps covering D; so the clean enterprises
 * recognised at (D, P) are #rows(position ≤ P, from ≤ D) − #rows(position ≤ P, until < D) (a row with
 * until < D has from < D too), less the same count over the overlaps ({@link IntervalBlocks}), each known
 * from its later row's position. A retracted row that overlaps another makes its enterprise not clean.
 * Rows are appended in position order; a full block keeps its
 * clean rows' `from` and `until` sorted, so a block wholly known at P costs two binary searches. A retracted
 * row of a clean enterprise leaves the blocks and is checked alone (live at P when P is before its
 * retraction); the rows of an enterprise that is not clean leave the blocks and are walked as before.
 */
interface RecognitionIndex {
  /** The per-position retraction column the index was built against (`Knowledge.retractedAt`). */
  readonly retractedAt: readonly number[];
  readonly blockSize: number;
  // Columns are typed arrays grown by doubling: at a million events an index of arrays of numbers and an
  // array per enterprise cost ~50 MiB, these a fifth of it.
  /** Per row: 1 when out of the blocks (retracted, or of an enterprise not clean). */
  rowRemoved: Uint8Array;
  /** Per row, the next row of its enterprise (−1: none): each enterprise's rows as a chain, oldest first. */
  rowNext: Int32Array;
  /** Per enterprise, its first and last row (−1: none). */
  entityFirstRow: Int32Array;
  entityLastRow: Int32Array;
  /** Per enterprise: 1 when not clean. */
  entityUnclean: Uint8Array;
  /** Per full block, its rows' `from` and `until` still in, ascending, the first `blockCount[b]` of each. */
  readonly blockFrom: Float64Array[];
  readonly blockUntil: Float64Array[];
  readonly blockCount: number[];
  /** Per full block, the earliest `from` and the latest `until` of its rows when it was sealed. */
  readonly blockFirstFrom: DateKey[];
  readonly blockLastUntil: DateKey[];
  /** Enterprises not clean, walked at every query. */
  readonly unclean: number[];
  /** Retracted rows of clean enterprises, checked one by one. */
  readonly retractedRows: Set<number>;
  /**
   * Where two rows of a clean enterprise overlap (a renewal recorded before the old period ends), their
   * intersection, known from the later row's position: subtracted, so the enterprise still counts once.
   */
  readonly overlaps: IntervalBlocks;
  /** Per clean enterprise with overlaps, their entries in `overlaps`. */
  readonly entityOverlaps: Map<number, number[]>;
}

const indexes = new WeakMap<readonly number[], RecognitionIndex>();
/** Tables made with another block size than {@link RECOGNITION_BLOCK_SIZE} (tests), keyed as `indexes`. */
const blockSizes = new WeakMap<readonly number[], number>();
let builds = 0;

/** How many recognition indexes were built in this process: for tests that check a query does not rebuild one. */
export const recognitionIndexBuilds = (): number => builds;

/**
 * An empty table whose query index has blocks of `blockSize` rows: for tests, which want many small blocks.
 * The block size stays outside the table, so the checkpointed state is the same whatever it is.
 */
export const emptyRecognitionTableWithBlocks = (blockSize: number): RecognitionTable => {
  const t = emptyRecognitionTable();
  blockSizes.set(t.rowEntity, blockSize);
  return t;
};


const sealBlocks = (x: RecognitionIndex, t: RecognitionTable): void => {
  while ((x.blockFrom.length + 1) * x.blockSize <= t.rowEntity.length) {
    // Float64: a date key of a state read from a checkpoint is any safe integer, and must compare as the walk does.
    const from = new Float64Array(x.blockSize);
    const until = new Float64Array(x.blockSize);
    let n = 0;
    for (let row = x.blockFrom.length * x.blockSize, end = row + x.blockSize; row < end; row++) {
      if (x.rowRemoved[row] === 1) continue;
      from[n] = t.rowFrom[row]!;
      until[n] = t.rowUntil[row]!;
      n++;
    }
    // Typed arrays sort numerically; the rows past `n` stay at the end.
    from.subarray(0, n).sort();
    until.subarray(0, n).sort();
    x.blockFrom.push(from);
    x.blockUntil.push(until);
    x.blockCount.push(n);
    x.blockFirstFrom.push(n > 0 ? from[0]! : Number.POSITIVE_INFINITY);
    x.blockLastUntil.push(n > 0 ? until[n - 1]! : Number.NEGATIVE_INFINITY);
  }
};

/** Takes a row out of the blocks. */
const removeRow = (x: RecognitionIndex, t: RecognitionTable, row: number): void => {
  if (x.rowRemoved[row] === 1) return;
  x.rowRemoved[row] = 1;
  const b = Math.floor(row / x.blockSize);
  if (b >= x.blockFrom.length) return;
  const n = x.blockCount[b]!;
  removeSorted(x.blockFrom[b]!, t.rowFrom[row]!, n);
  removeSorted(x.blockUntil[b]!, t.rowUntil[row]!, n);
  x.blockCount[b] = n - 1;
};

/** Room in the per-enterprise columns for every enterprise of the table (a revocation may come first). */
const withEveryEntity = (x: RecognitionIndex, t: RecognitionTable): void => {
  const entities = t.entityIds.length;
  x.entityFirstRow = withRoom(x.entityFirstRow, entities, -1);
  x.entityLastRow = withRoom(x.entityLastRow, entities, -1);
  x.entityUnclean = withRoom(x.entityUnclean, entities, 0);
};

/** Takes an enterprise out of the blocks and out of the retracted rows: it is walked from now on. */
const makeUnclean = (x: RecognitionIndex, t: RecognitionTable, entity: number): void => {
  withEveryEntity(x, t);
  if (x.entityUnclean[entity] === 1) return;
  x.entityUnclean[entity] = 1;
  x.unclean.push(entity);
  for (let row = x.entityFirstRow[entity]!; row !== -1; row = x.rowNext[row]!) {
    removeRow(x, t, row);
    x.retractedRows.delete(row);
  }
  for (const overlap of x.entityOverlaps.get(entity) ?? []) x.overlaps.remove(overlap);
  x.entityOverlaps.delete(entity);
};

/** The one earlier row of `row`'s enterprise its period overlaps: −1 for none, −2 for more than one. */
const overlappedRow = (x: RecognitionIndex, t: RecognitionTable, row: number): number => {
  const from = t.rowFrom[row]!;
  const until = t.rowUntil[row]!;
  let found = -1;
  for (let other = x.entityFirstRow[t.rowEntity[row]!]!; other !== -1; other = x.rowNext[other]!) {
    if (other === row || t.rowFrom[other]! > until || from > t.rowUntil[other]!) continue;
    if (found !== -1) return -2;
    found = other;
  }
  return found;
};

const isRetractedRow = (x: RecognitionIndex, t: RecognitionTable, row: number): boolean => (x.retractedAt[t.rowPosition[row]!] ?? 0) !== 0;

/** Places row `row` (the last one appended) in the index. */
const placeRow = (x: RecognitionIndex, t: RecognitionTable, row: number): void => {
  const entity = t.rowEntity[row]!;
  withEveryEntity(x, t);
  x.rowRemoved = withRoom(x.rowRemoved, row + 1, 0);
  x.rowNext = withRoom(x.rowNext, row + 1, -1);
  x.rowRemoved[row] = 0;
  x.rowNext[row] = -1;
  const last = x.entityLastRow[entity]!;
  if (last === -1) x.entityFirstRow[entity] = row;
  else x.rowNext[last] = row;
  x.entityLastRow[entity] = row;
  if (x.entityUnclean[entity] === 1) {
    x.rowRemoved[row] = 1;
    return;
  }
  const overlapped = t.rowUntil[row]! < t.rowFrom[row]! ? -2 : overlappedRow(x, t, row);
  const retracted = isRetractedRow(x, t, row);
  // An overlap is subtracted only while both its rows count: a retracted one makes the enterprise walked.
  if (t.revocationHead[entity] !== -1 || overlapped === -2 || (overlapped >= 0 && (retracted || x.retractedRows.has(overlapped)))) {
    makeUnclean(x, t, entity);
    return;
  }
  if (overlapped >= 0) {
    const overlap = x.overlaps.append(Math.max(t.rowFrom[row]!, t.rowFrom[overlapped]!), Math.min(t.rowUntil[row]!, t.rowUntil[overlapped]!), t.rowPosition[row]!);
    const entries = x.entityOverlaps.get(entity);
    if (entries === undefined) x.entityOverlaps.set(entity, [overlap]);
    else entries.push(overlap);
  }
  if (retracted) {
    x.rowRemoved[row] = 1;
    x.retractedRows.add(row);
  }
};

/** Builds the index of a table against the stream's retractions: O(rows · rows per enterprise). */
const buildIndex = (t: RecognitionTable, retractedAt: readonly number[], blockSize: number): RecognitionIndex => {
  builds++;
  const rows = t.rowEntity.length;
  const entities = t.entityIds.length;
  const x: RecognitionIndex = {
    retractedAt,
    blockSize,
    rowRemoved: new Uint8Array(rows),
    rowNext: new Int32Array(rows).fill(-1),
    entityFirstRow: new Int32Array(entities).fill(-1),
    entityLastRow: new Int32Array(entities).fill(-1),
    entityUnclean: new Uint8Array(entities),
    blockFrom: [],
    blockUntil: [],
    blockCount: [],
    blockFirstFrom: [],
    blockLastUntil: [],
    unclean: [],
    retractedRows: new Set(),
    overlaps: new IntervalBlocks(blockSize),
    entityOverlaps: new Map(),
  };
  for (let row = 0; row < rows; row++) placeRow(x, t, row);
  sealBlocks(x, t);
  return x;
};

/**
 * The index of `t` for queries under `k`, built on first use; `undefined` when `k` reads another retraction
 * column than the one the index follows (then the caller walks, which is always right).
 */
const indexFor = (t: RecognitionTable, k: Knowledge): RecognitionIndex | undefined => {
  const x = indexes.get(t.rowEntity);
  if (x !== undefined) return x.retractedAt === k.retractedAt ? x : undefined;
  const built = buildIndex(t, k.retractedAt, blockSizes.get(t.rowEntity) ?? RECOGNITION_BLOCK_SIZE);
  indexes.set(t.rowEntity, built);
  return built;
};

/** Keeps the index (if one was built) up with the row `addRecognition` just appended. */
const indexRecognition = (t: RecognitionTable, row: number): void => {
  const x = indexes.get(t.rowEntity);
  if (x === undefined) return;
  placeRow(x, t, row);
  sealBlocks(x, t);
};

/**
 * Tells the table that the event at `position` was retracted (docs/spec.md §4): if it was one of its
 * recognitions, that row is checked alone from now on. O(log rows + block size).
 */
export const markRecognitionRetracted = (t: RecognitionTable, position: number): void => {
  const x = indexes.get(t.rowEntity);
  const row = x === undefined ? -1 : rowAtPosition(t.rowPosition, position);
  if (x === undefined || row === -1 || x.entityUnclean[t.rowEntity[row]!] === 1) return;
  // Its overlaps would be subtracted after it stopped counting: the enterprise is walked from now on.
  if (x.entityOverlaps.has(t.rowEntity[row]!)) {
    makeUnclean(x, t, t.rowEntity[row]!);
    return;
  }
  removeRow(x, t, row);
  x.retractedRows.add(row);
};

/** Does some live row of the (unclean) `entity` count it at D (the walk, for one enterprise)? */
const entityRecognizedAt = (t: RecognitionTable, x: RecognitionIndex, k: Knowledge, entity: number, date: DateKey): boolean => {
  for (let row = x.entityFirstRow[entity]!; row !== -1; row = x.rowNext[row]!) {
    const from = t.rowFrom[row]!;
    if (from > date || t.rowUntil[row]! < date || !isLive(k, t.rowPosition[row]!)) continue;
    if (t.revocationHead[entity] === -1 || !isRevokedAt(t, k, entity, from, date)) return true;
  }
  return false;
};

const countFromIndex = (t: RecognitionTable, x: RecognitionIndex, k: Knowledge, date: DateKey): number => {
  const { blockSize, blockFrom, blockUntil, blockCount, blockFirstFrom, blockLastUntil, rowRemoved } = x;
  const { rowPosition, rowFrom, rowUntil } = t;
  let count = 0;
  let row = 0;
  const afterDate = date + 1;
  for (let b = 0; b < blockFrom.length; b++, row += blockSize) {
    // Only blocks wholly known at k (rows are in position order, so the block's last row says).
    if (rowPosition[row + blockSize - 1]! > k.position) break;
    // Periods start near when they were recorded, so most blocks have every period starting after D or
    // ending before it (no row counts: bounds taken when sealed stay true as rows leave) and need no search.
    if (blockFirstFrom[b]! > date || blockLastUntil[b]! < date) continue;
    const n = blockCount[b]!;
    count += countBefore(blockFrom[b]!, afterDate, n) - countBefore(blockUntil[b]!, date, n);
  }
  for (; row < rowPosition.length; row++) {
    if (rowPosition[row]! > k.position) break;
    if (rowRemoved[row] === 0 && rowFrom[row]! <= date && rowUntil[row]! >= date) count++;
  }
  for (const r of x.retractedRows) if (rowFrom[r]! <= date && rowUntil[r]! >= date && isLive(k, rowPosition[r]!)) count++;
  for (const entity of x.unclean) if (entityRecognizedAt(t, x, k, entity, date)) count++;
  return count - x.overlaps.countAt(k.position, date);
};
