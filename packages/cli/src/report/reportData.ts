import { INDICATOR_IDS } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, IndicatorId, Instant, ProgressRow, Vintage } from '@indicator-ledger/core';
import { createIndicatorProjections } from '@indicator-ledger/core';
import type { Problem } from '@indicator-ledger/core';

/** The vintages of one yearly figure. */
export interface YearVintages {
  readonly year: number;
  readonly vintages: readonly Vintage[];
}

/** Everything a report shows, read from the projections (nothing computed here). */
export interface ReportData {
  readonly district: DistrictCode;
  readonly from: number;
  readonly to: number;
  /** The stream's head: position and the instant of its last record (null for an empty stream). */
  readonly position: number;
  readonly lastRecordedAt: Instant | null;
  readonly years: readonly ProgressRow[];
  readonly vintages: { readonly [K in IndicatorId]: readonly YearVintages[] };
}

/**
 * Reads a district's progress over `from..to` and the vintages of every yearly figure, through the
 * library's projections. Cost: one fold of the district, then one progress query and
 * (indicators × years) vintage queries.
 */
export const readReportData = async (
  store: EventStore,
  district: DistrictCode,
  from: number,
  to: number,
): Promise<{ readonly ok: true; readonly data: ReportData } | { readonly ok: false; readonly problems: readonly Problem[] }> => {
  const projections = createIndicatorProjections(store);
  const progress = await projections.progress(district, { from, to });
  if (progress._tag === 'Left') return { ok: false, problems: progress.left };
  const vintages = {} as Record<IndicatorId, YearVintages[]>;
  for (const id of INDICATOR_IDS) {
    vintages[id] = [];
    for (let year = from; year <= to; year++) {
      const v = await projections.vintages(district, id, year);
      if (v._tag === 'Left') return { ok: false, problems: v.left };
      vintages[id].push({ year, vintages: v.right });
    }
  }
  const head = await store.head(district);
  return { ok: true, data: { district, from, to, position: head.position, lastRecordedAt: head.recordedAt, years: progress.right, vintages } };
};
