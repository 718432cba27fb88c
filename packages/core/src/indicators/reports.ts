import type { Comparator, Statistic } from '../events/vocabulary.js';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import { isLive } from './knowledge.js';
import type { Knowledge } from './knowledge.js';

/**
 * Values that are "the last live one by position" (docs/spec.md §6): statistic reports per (statistic, year)
 * and targets per (indicator, year). Each list is in position order; a query walks back from its end,
 * so it costs O(reports of that key) — a handful.
 */
export interface ReportTable<K extends string, V> {
  readonly byKey: Map<string, { position: number[]; value: V[] }>;
  /** Phantom: the subjects this table is keyed by. */
  readonly subjects?: K;
}

/** The key of a subject's reports for a year. */
export const reportKey = (subject: string, year: number): string => `${subject}|${year}`;

export const emptyReportTable = <K extends string, V>(): ReportTable<K, V> => ({ byKey: new Map() });

/** Adds a report of `subject` for `year` at `position`. */
export const addReport = <K extends string, V>(t: ReportTable<K, V>, subject: K, year: number, position: number, value: V): void => {
  const key = reportKey(subject, year);
  let list = t.byKey.get(key);
  if (list === undefined) {
    list = { position: [], value: [] };
    t.byKey.set(key, list);
  }
  list.position.push(position);
  list.value.push(value);
};

/** The last live report of `subject` for `year`, with its position, or undefined. */
export const lastLiveReport = <K extends string, V>(
  t: ReportTable<K, V>,
  k: Knowledge,
  subject: K,
  year: number,
): { readonly value: V; readonly position: number } | undefined => {
  const list = t.byKey.get(reportKey(subject, year));
  if (list === undefined) return undefined;
  for (let i = list.position.length - 1; i >= 0; i--) {
    if (isLive(k, list.position[i]!)) return { value: list.value[i]!, position: list.position[i]! };
  }
  return undefined;
};

/** A reported statistic (docs/spec.md §4 StatisticReported). */
export type StatisticTable = ReportTable<Statistic, number>;
/** A target (docs/spec.md §4 TargetSet): comparator and value. */
export interface Target {
  readonly comparator: Comparator;
  readonly value: number;
}
export type TargetTable = ReportTable<IndicatorId, Target>;
