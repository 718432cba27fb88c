import { endOfYear, INDICATORS } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, Explanation, IndicatorId, IndicatorProjections, Instant, Problem, RankedDistrict, Rollup, Snapshot } from '@indicator-ledger/core';
import type { VintagesReport } from './explanationView.js';
import type { ProgressReport } from './progressView.js';

/**
 * The objects that `--format json` prints and that `ledger serve`'s `/api/…` answers with. Both the
 * commands and the workbench build them here, from the library's projections, so the two cannot differ
 * (docs/spec.md §8.5). Each returns the library's problems untouched when it refuses the query.
 */

/** A query's answer, shaped as the library's `Either`: the object, or the problems of docs/spec.md's error shape. */
export type QueryAnswer<T> = { readonly _tag: 'Left'; readonly left: Problem[] } | { readonly _tag: 'Right'; readonly right: T };

/** The answer with its object transformed; problems pass through untouched. */
const mapAnswer =
  <A, B>(f: (a: A) => B) =>
  (answer: QueryAnswer<A>): QueryAnswer<B> =>
    answer._tag === 'Left' ? answer : { _tag: 'Right', right: f(answer.right) };

/** What `--as-of` adds to a query: nothing when everything recorded is wanted. */
const asOfPart = (asOf: string | undefined): { asOf?: string } => (asOf !== undefined ? { asOf } : {});

/** A valuation: a year (valued on December 31) or a civil date, as known at `asOf`. */
export type Valuation = ({ readonly year: number } | { readonly date: string }) & { readonly asOf?: string };

/** `snapshot`: exactly the docs/spec.md §7 snapshot object. */
export const snapshotQuery = (projections: IndicatorProjections, district: string, v: Valuation): Promise<QueryAnswer<Snapshot>> =>
  projections.snapshot(district, { ...('year' in v ? { year: v.year } : { date: v.date }), ...asOfPart(v.asOf) });

/** `progress`: a district's years × indicators. */
export const progressQuery = async (
  projections: IndicatorProjections,
  q: { readonly district: string; readonly from: number; readonly to: number; readonly asOf?: string },
): Promise<QueryAnswer<ProgressReport>> => {
  const rows = await projections.progress(q.district, { from: q.from, to: q.to, ...asOfPart(q.asOf) });
  return mapAnswer((years: ProgressReport['years']) => ({ district: q.district, asOf: q.asOf ?? null, years }))(rows);
};

/** `explain`: the library's explanation object. */
export const explainQuery = (projections: IndicatorProjections, district: string, indicator: IndicatorId, v: Valuation): Promise<QueryAnswer<Explanation>> =>
  projections.explain(district, indicator, { ...('year' in v ? { year: v.year } : { date: v.date }), ...asOfPart(v.asOf) });

/** `vintages`: the periods of knowledge time over which a yearly figure held each value. */
export const vintagesQuery = async (projections: IndicatorProjections, district: string, indicator: IndicatorId, year: number): Promise<QueryAnswer<VintagesReport>> => {
  const vintages = await projections.vintages(district, indicator, year);
  return mapAnswer((v: VintagesReport['vintages']) => ({ district, indicator, year, unit: INDICATORS[indicator].unit, vintages: v }))(vintages);
};

/** `rollup --from Y --to Y`: one library roll-up per year, valued on its December 31 (docs/spec.md §8.5). */
export interface RollupYears {
  readonly districts: readonly DistrictCode[];
  readonly asOf: Instant | null;
  readonly years: readonly (Rollup & { readonly year: number })[];
}

/** `rollup --year Y`: exactly the library's {@link Rollup} object. */
export const rollupQuery = (projections: IndicatorProjections, districts: readonly string[], v: Valuation): Promise<QueryAnswer<Rollup>> =>
  projections.rollup(districts, { ...('year' in v ? { year: v.year } : { date: v.date }), ...asOfPart(v.asOf) });

/** `rollup --from Y --to Y`: the library's roll-up of each year; the first refusal is returned as it is. */
export const rollupYearsQuery = async (
  projections: IndicatorProjections,
  q: { readonly districts: readonly string[]; readonly from: number; readonly to: number; readonly asOf?: string },
): Promise<QueryAnswer<RollupYears>> => {
  const years: (Rollup & { readonly year: number })[] = [];
  for (let year = q.from; year <= q.to; year++) {
    const r = await rollupQuery(projections, q.districts, { year, ...asOfPart(q.asOf) });
    if (r._tag === 'Left') return r;
    years.push({ year, ...r.right });
  }
  return { _tag: 'Right', right: { districts: years[0]?.districts ?? [], asOf: years[0]?.asOf ?? null, years } };
};

/** `ranking`: the library's ranking, with what was ranked on and when (docs/spec.md §8.5). */
export interface RankingReport {
  readonly indicator: IndicatorId;
  readonly unit: (typeof INDICATORS)[IndicatorId]['unit'];
  readonly year: number;
  readonly date: string;
  readonly asOf: Instant | null;
  readonly order: 'desc' | 'asc';
  readonly ranking: readonly RankedDistrict[];
}

/** `ranking`: districts ranked on one indicator for one year (valued on December 31). */
export const rankingQuery = async (
  projections: IndicatorProjections,
  q: { readonly districts: readonly string[]; readonly indicator: IndicatorId; readonly year: number; readonly asOf?: string; readonly order?: 'desc' | 'asc' },
): Promise<QueryAnswer<RankingReport>> => {
  const order = q.order ?? 'desc';
  const ranked = await projections.ranking(q.districts, q.indicator, { year: q.year, ...asOfPart(q.asOf), order });
  return mapAnswer((ranking: RankedDistrict[]) => ({
    indicator: q.indicator,
    unit: INDICATORS[q.indicator].unit,
    year: q.year,
    date: endOfYear(q.year),
    asOf: (q.asOf !== undefined ? q.asOf : null) as Instant | null,
    order,
    ranking,
  }))(ranked);
};

/** One stream of the ledger: its record count and the recordedAt of its first and last records. */
export interface DistrictSummary {
  readonly district: DistrictCode;
  readonly records: number;
  readonly firstRecordedAt: Instant | null;
  readonly lastRecordedAt: Instant | null;
}

/** `districts`: every stream with at least one record, in ascending order. Cost: one head and one record read per stream. */
export const districtsQuery = async (store: EventStore): Promise<{ readonly districts: readonly DistrictSummary[] }> => {
  const districts: DistrictSummary[] = [];
  for (const district of await store.streams()) {
    const head = await store.head(district);
    let firstRecordedAt: Instant | null = null;
    for await (const first of store.read(district, { from: 1, to: 1 })) firstRecordedAt = first.recordedAt;
    districts.push({ district, records: head.position, firstRecordedAt, lastRecordedAt: head.recordedAt });
  }
  return { districts };
};

/** JSON as the commands print it and the workbench's API sends it: two-space indented, one final newline. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
