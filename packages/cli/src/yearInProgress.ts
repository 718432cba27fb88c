/**
 * Whether `year` is still running at the knowledge instant `asOf` (ISO 8601), or at `now` when everything
 * recorded is asked for: its figures may yet move, so a figure below target is "in progress", not "not
 * met" (docs/spec.md §8.5). Display only: the §7 status is unchanged.
 */
export const yearInProgress = (year: number, asOf: string | null | undefined, now: Date): boolean =>
  (asOf !== undefined && asOf !== null ? Date.parse(asOf) : now.getTime()) < Date.UTC(year + 1, 0, 1);
