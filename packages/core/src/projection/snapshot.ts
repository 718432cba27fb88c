import { INDICATOR_IDS, INDICATORS } from '../events/indicatorCatalog.js';
import type { IndicatorId, IndicatorUnit } from '../events/indicatorCatalog.js';
import type { DateKey } from '../indicators/dateKey.js';
import { dateKeyOf, yearOfKey } from '../indicators/dateKey.js';
import type { Knowledge } from '../indicators/knowledge.js';
import { lastLiveReport } from '../indicators/reports.js';
import type { Target } from '../indicators/reports.js';
import { indicatorValuesAt } from '../indicators/valuation.js';
import type { IndicatorValue } from '../indicators/valuation.js';
import type { IndicatorTables } from '../indicators/tables.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import { withQueryScratch } from './queryScratch.js';

/** docs/spec.md §6 status of a figure against its target. */
export type TargetStatus = 'met' | 'not-met' | 'no-data' | 'no-target';

/** One indicator in a snapshot (docs/spec.md §7). */
export interface IndicatorSnapshot {
  readonly value: number | null;
  readonly unit: IndicatorUnit;
  readonly target: Target | null;
  readonly status: TargetStatus;
  readonly missing: readonly string[];
}

/** The snapshot object of docs/spec.md §7: every indicator of §6, at `date`, as known at `asOf`. */
export interface Snapshot {
  readonly district: DistrictCode;
  readonly date: CivilDate;
  readonly asOf: Instant | null;
  readonly position: number;
  readonly indicators: { readonly [K in IndicatorId]: IndicatorSnapshot };
}

/** docs/spec.md §6 status: no-target, else no-data when the value is null, else met / not-met by the comparator. */
export const targetStatus = (value: number | null, target: Target | null): TargetStatus => {
  if (target === null) return 'no-target';
  if (value === null) return 'no-data';
  const met = target.comparator === 'gte' ? value >= target.value : value <= target.value;
  return met ? 'met' : 'not-met';
};

/** docs/spec.md §6: the target of an indicator for year Y is the last live TargetSet (by position) for it and Y. */
export const targetFor = (t: IndicatorTables, k: Knowledge, id: IndicatorId, year: number): Target | null =>
  lastLiveReport(t.targets, k, id, year)?.value ?? null;

const snapshotOf = (t: IndicatorTables, k: Knowledge, id: IndicatorId, date: DateKey, v: IndicatorValue): IndicatorSnapshot => {
  const target = targetFor(t, k, id, yearOfKey(date));
  return { value: v.value, unit: INDICATORS[id].unit, target, status: targetStatus(v.value, target), missing: v.missing };
};

/**
 * Every indicator's snapshot entry at one date (docs/spec.md §7), in catalog order: each indicator's value as
 * `indicatorValueAt` gives it, computed for all of them in one pass of the platforms.
 */
export const indicatorSnapshotsAt = (t: IndicatorTables, k: Knowledge, date: DateKey): { [K in IndicatorId]: IndicatorSnapshot } => {
  // The counting queries mark what they counted on a view, never in the folded state (docs/spec.md §8.4).
  const values = withQueryScratch(t, (view) => indicatorValuesAt(view, k, date));
  const indicators = {} as Record<IndicatorId, IndicatorSnapshot>;
  for (const id of INDICATOR_IDS) indicators[id] = snapshotOf(t, k, id, date, values[id]!);
  return indicators;
};

/**
 * The docs/spec.md §7 snapshot. Cost: the sum of the indicator queries — O(recognitions reachable from Y) +
 * O(platform events) + O(flows in Y) + O(invention grants) + O(1) per statistic — never a stream scan.
 */
export const snapshotAt = (
  t: IndicatorTables & { readonly district: DistrictCode },
  k: Knowledge,
  date: CivilDate,
  asOf: Instant | null,
): Snapshot => {
  return { district: t.district, date, asOf, position: k.position, indicators: indicatorSnapshotsAt(t, k, dateKeyOf(date)) };
};
