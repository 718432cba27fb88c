import type { DateKey } from './dateKey.js';
import { isLive } from './knowledge.js';
import type { ContributionSink, Knowledge } from './knowledge.js';

/**
 * Invention patents in force (SPEC §6 `invention-patents-per-10k`, numerator): one row per invention
 * grant with its term end, and each patent's lapses chained per patent. A query is O(invention grants).
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
}

export const emptyPatentTable = (): PatentTable => ({
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
});

const patentOf = (t: PatentTable, patentNo: string): number => {
  let p = t.index.get(patentNo);
  if (p === undefined) {
    p = t.patentNos.length;
    t.index.set(patentNo, p);
    t.patentNos.push(patentNo);
    t.lapseHead.push(-1);
    t.countedInQuery.push(0);
  }
  return p;
};

/** Adds an invention grant (other kinds never count, so they are not kept). */
export const addInventionGrant = (t: PatentTable, patentNo: string, granted: DateKey, termEnd: DateKey, position: number): void => {
  t.rowPatent.push(patentOf(t, patentNo));
  t.rowGranted.push(granted);
  t.rowTermEnd.push(termEnd);
  t.rowPosition.push(position);
};

/** Adds a lapse of a patent. */
export const addLapse = (t: PatentTable, patentNo: string, date: DateKey, position: number): void => {
  const p = patentOf(t, patentNo);
  const row = t.lapseDate.length;
  t.lapseDate.push(date);
  t.lapsePosition.push(position);
  t.lapseNext.push(t.lapseHead[p]!);
  t.lapseHead[p] = row;
};

const hasLapsedBy = (t: PatentTable, k: Knowledge, patent: number, date: DateKey): boolean => {
  for (let l = t.lapseHead[patent]!; l !== -1; l = t.lapseNext[l]!) {
    if (t.lapseDate[l]! <= date && isLive(k, t.lapsePosition[l]!)) return true;
  }
  return false;
};

/**
 * SPEC §6: live invention grants with effectiveDate ≤ D ≤ addYears(filingDate, 20) − 1 day and no live
 * lapse with effectiveDate ≤ D, counted once per patent number.
 */
export const inventionPatentsInForceAt = (t: PatentTable, k: Knowledge, date: DateKey, sink?: ContributionSink): number => {
  const query = ++t.queryCounter;
  // Every grant is visited (O(invention grants)); the columns are read into locals so the loop is loads and compares.
  const { rowPatent, rowGranted, rowTermEnd, rowPosition, countedInQuery, lapseHead } = t;
  let count = 0;
  for (let row = 0; row < rowPatent.length; row++) {
    const position = rowPosition[row]!;
    // Rows are appended in position order: past the knowledge position nothing more is known, so an
    // as-of query reads only the grants known then.
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
