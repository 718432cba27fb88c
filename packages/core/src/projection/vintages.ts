import type { EventType } from '../events/catalog.js';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import { EVENT_DEFINITIONS } from '../families/registry.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import { indicatorValueAt } from '../indicators/valuation.js';
import { endOfYear } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import type { DistrictProjection } from './districtProjection.js';
import { positionKnownAt, recordedAtOf } from './districtProjection.js';

/**
 * One vintage of a yearly figure: the value as known during `[fromRecordedAt, toRecordedAt)`
 * (`toRecordedAt` null: still current). `position` is the last stream position known at `fromRecordedAt`.
 */
export interface Vintage {
  readonly fromRecordedAt: Instant;
  readonly toRecordedAt: Instant | null;
  readonly position: number;
  readonly value: number | null;
  readonly missing: readonly string[];
}

/**
 * Event types whose records can move each indicator: each family states what its types move (`moves`), and a
 * retraction moves what its target moves.
 */
export const movedByOf = (definitions: readonly { readonly type: EventType; readonly moves: readonly IndicatorId[] }[]): Readonly<Record<IndicatorId, readonly EventType[]>> => {
  const moved = Object.fromEntries(INDICATOR_IDS.map((id) => [id, [] as EventType[]])) as Record<IndicatorId, EventType[]>;
  for (const d of definitions) for (const id of d.moves) moved[id].push(d.type);
  return moved;
};

const MOVED_BY = movedByOf(EVENT_DEFINITIONS);

/**
 * How the figure for `year` (valued on Y-12-31) was revised over knowledge time, as contiguous,
 * non-overlapping closed-open periods starting at the stream's first recordedAt, with a new period only
 * where the value changed — as statistical agencies publish real-time vintages.
 * Cost: O(m · q) where m is the number of records that can move the indicator (its event types and
 * their retractions) and q the cost of one valuation; the rest of the stream is never read.
 */
export const vintagesOf = (p: DistrictProjection, id: IndicatorId, year: number): Vintage[] => {
  if (p.position === 0) return [];
  const date = dateKeyOf(endOfYear(year));
  const types = MOVED_BY[id];
  const moving: number[] = [];
  for (const type of types) {
    for (const q of p.positionsByType.get(type) ?? []) {
      moving.push(q);
      // A retraction moves the figure only when what it retracted could.
      if (p.retractedAt[q] !== 0) moving.push(p.retractedAt[q]!);
    }
  }
  // Each distinct instant at which a moving record became known; the stream's first instant opens the first period.
  const instants = new Set<number>([p.recordedAtMs[1]!]);
  for (const q of moving) instants.add(p.recordedAtMs[q]!);
  const ordered = [...instants].sort((a, b) => a - b);
  const periods: Vintage[] = [];
  for (const ms of ordered) {
    const position = positionKnownAt(p, ms);
    const v = indicatorValueAt(p, { position, retractedAt: p.retractedAt }, id, date);
    const current = periods[periods.length - 1];
    if (current !== undefined && current.value === v.value) continue;
    const from = recordedAtOf(p, position);
    if (current !== undefined) periods[periods.length - 1] = { ...current, toRecordedAt: from };
    periods.push({ fromRecordedAt: from, toRecordedAt: null, position, value: v.value, missing: v.missing });
  }
  return periods;
};
