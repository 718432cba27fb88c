import type { DateKey } from './dateKey.js';
import { addExact, numberOfSum, ZERO_SUM } from './exactSum.js';
import type { ExactSum } from './exactSum.js';
import { yearOfKey } from './dateKey.js';
import { isLive } from './knowledge.js';
import type { ContributionSink, Knowledge } from './knowledge.js';

/**
 * Yearly flows (docs/spec.md §6 `st-funds-allocated`, `st-projects`, `st-commissioners`): rows bucketed by the
 * year of effectiveDate, so a query reads only year Y's rows: O(rows in Y), and only those known at the
 * query's position (each year's rows are in position order, so a query stops at the first one after it).
 */
export interface FlowTable {
  readonly byYear: Map<number, { date: DateKey[]; position: number[]; amount: number[]; key: string[] }>;
  /** Per key (commissioner), the last query that counted it. */
  readonly countedInQuery: Map<string, number>;
  queryCounter: number;
}

export const emptyFlowTable = (): FlowTable => ({ byYear: new Map(), countedInQuery: new Map(), queryCounter: 0 });

/** Adds one flow: an allocation (amount in fen), a project (amount 1) or a dispatch (key = commissioner). */
export const addFlow = (t: FlowTable, date: DateKey, position: number, amount: number, key: string): void => {
  const year = yearOfKey(date);
  let rows = t.byYear.get(year);
  if (rows === undefined) {
    rows = { date: [], position: [], amount: [], key: [] };
    t.byYear.set(year, rows);
  }
  rows.date.push(date);
  rows.position.push(position);
  rows.amount.push(amount);
  rows.key.push(key);
};

/**
 * Σ amount over live rows with effectiveDate in Y-01-01..D (Y = year of D), exactly (docs/spec.md §8.5): a
 * number while the sum is a safe integer, a bigint past 2^53 − 1.
 */
export const flowSumAt = (t: FlowTable, k: Knowledge, date: DateKey, sink?: ContributionSink): ExactSum => {
  const rows = t.byYear.get(yearOfKey(date));
  if (rows === undefined) return ZERO_SUM;
  let total: ExactSum = ZERO_SUM;
  for (let i = 0; i < rows.date.length; i++) {
    // Rows are appended in position order: past the knowledge position nothing more is known.
    if (rows.position[i]! > k.position) break;
    if (rows.date[i]! > date || !isLive(k, rows.position[i]!)) continue;
    total = addExact(total, rows.amount[i]!);
    sink?.(rows.key[i]!, rows.position[i]!);
  }
  return total;
};

/** {@link flowSumAt} as a number, for counts (projects), which never come near 2^53. */
export const flowTotalAt = (t: FlowTable, k: Knowledge, date: DateKey, sink?: ContributionSink): number => numberOfSum(flowSumAt(t, k, date, sink));

/** The number of distinct keys over live rows with effectiveDate in Y-01-01..D. */
export const distinctFlowKeysAt = (t: FlowTable, k: Knowledge, date: DateKey, sink?: ContributionSink): number => {
  const rows = t.byYear.get(yearOfKey(date));
  if (rows === undefined) return 0;
  const query = ++t.queryCounter;
  let count = 0;
  for (let i = 0; i < rows.date.length; i++) {
    if (rows.position[i]! > k.position) break; // position order, as in flowTotalAt
    if (rows.date[i]! > date || !isLive(k, rows.position[i]!)) continue;
    const key = rows.key[i]!;
    if (t.countedInQuery.get(key) === query) continue;
    t.countedInQuery.set(key, query);
    count++;
    sink?.(key, rows.position[i]!);
  }
  return count;
};
