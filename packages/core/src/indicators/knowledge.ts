/**
 * What was known at a point of the stream: docs/spec.md §4 "live" = recorded at or before the query's position
 * and not retracted by a retraction recorded at or before it. Because `recordedAt` never decreases with
 * position, "known as of an instant" is "at or before a position", so a bitemporal query needs only
 * the valuation date and one position.
 */
export interface Knowledge {
  /** The last position known (0 for nothing). */
  readonly position: number;
  /** `retractedAt[p]`: position of the retraction of the event at p, 0 when never retracted. */
  readonly retractedAt: readonly number[];
}

/** Is the event at `position` live under `k`? O(1). */
export const isLive = (k: Knowledge, position: number): boolean => {
  if (position > k.position) return false;
  const r = k.retractedAt[position]!;
  return r === 0 || r > k.position;
};

/** Receives the positions that produced a figure, for `explain`. */
export type ContributionSink = (entity: string, position: number) => void;

/**
 * The index of the row recorded at `position` in `positions` (a table's rows' positions, ascending, as rows
 * are appended in position order), or −1 when the table has no row there: binary search.
 */
export const rowAtPosition = (positions: readonly number[], position: number): number => {
  let lo = 0;
  let hi = positions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = positions[mid]!;
    if (at === position) return mid;
    if (at < position) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
};
