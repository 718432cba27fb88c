import { INDICATOR_IDS, INDICATORS } from '../events/indicatorCatalog.js';
import type { IndicatorId, IndicatorUnit } from '../events/indicatorCatalog.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import { addAmount, addSums, numberOfSum, yuanOfFen, ZERO_SUM } from '../indicators/exactSum.js';
import type { ExactSum } from '../indicators/exactSum.js';
import { flowSumAt } from '../indicators/flows.js';
import { indicatorValueAt, indicatorValuesAt, isRatioIndicator, ratioFigure, ratioPartsAt } from '../indicators/valuation.js';
import type { RatioFormula, RatioIndicatorId } from '../indicators/valuation.js';
import type { DateKey } from '../indicators/dateKey.js';
import { yearOfKey } from '../indicators/dateKey.js';
import type { Knowledge } from '../indicators/knowledge.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import type { DistrictProjection } from './districtProjection.js';
import { knowledgeAsOf } from './districtProjection.js';
import { withQueryScratch } from './queryScratch.js';

/** One indicator over several districts. */
export interface RollupIndicator {
  readonly value: number | null;
  readonly unit: IndicatorUnit;
  /** Absent inputs as `district:statistic:year` (or `…=0` for a zero summed denominator). */
  readonly missing: readonly string[];
  /** Why a figure cannot be combined at all, when that is the case. */
  readonly note?: string;
}

/** A roll-up of several districts (a city, a province's counties) at one date and knowledge instant. */
export interface Rollup {
  readonly districts: readonly DistrictCode[];
  readonly date: CivilDate;
  readonly asOf: Instant | null;
  readonly indicators: { readonly [K in IndicatorId]: RollupIndicator };
}

const NOT_COMBINABLE = 'a reported rate with no reported base: it cannot be recomputed from summed inputs, and rates are never averaged';

/**
 * A ratio over several districts: the parts summed (exactly while they are whole, docs/spec.md §8.5), the
 * formula applied once. A district lacking an input is named; a zero summed denominator, or a result that
 * is not a finite number, is null with the reason under `sum of N districts:`.
 */
const combinedRatio = (projections: readonly DistrictProjection[], knowledge: readonly Knowledge[], id: RatioIndicatorId, key: DateKey): RollupIndicator => {
  const unit = INDICATORS[id].unit;
  let numerator: ExactSum = ZERO_SUM;
  let denominator: ExactSum = ZERO_SUM;
  let formula: RatioFormula = 'share';
  const missing: string[] = [];
  projections.forEach((p, i) => {
    const parts = withQueryScratch(p, (view) => ratioPartsAt(view, knowledge[i]!, id, key));
    formula = parts.formula;
    for (const m of parts.missing) if (!m.endsWith('=0')) missing.push(`${p.district}:${m}`);
    numerator = addAmount(numerator, parts.numerator ?? 0);
    denominator = addAmount(denominator, parts.denominator ?? 0);
  });
  if (missing.length > 0 || projections.length === 0) return { value: null, unit, missing };
  const sum = `sum of ${projections.length} districts`;
  const summed = { numerator: numberOfSum(numerator), denominator: numberOfSum(denominator), formula, missing: [], inputs: [] };
  if (summed.denominator === 0) return { value: null, unit, missing: [`${sum}:denominator=0`] };
  const figure = ratioFigure(summed, id, yearOfKey(key));
  return { value: figure.value, unit, missing: figure.missing.map((m) => `${sum}:${m}`) };
};

/**
 * Counts and money are summed; ratios are recomputed from the summed numerators and denominators,
 * never averaged (a district lacking an input makes the combined ratio null and is named in `missing`).
 * Cost: one snapshot per district.
 */
export const rollupAt = (projections: readonly DistrictProjection[], date: CivilDate, asOf?: Instant): Rollup => {
  const key = dateKeyOf(date);
  const knowledge = projections.map((p) => knowledgeAsOf(p, asOf));
  // The summed rows' values, district by district, with one pass of each district's platforms.
  const summedIds = INDICATOR_IDS.filter((id) => id !== 'agricultural-industrialization-rate' && !isRatioIndicator(id));
  // Each district's counting queries mark what they counted on a view, never in its state (docs/spec.md §8.4).
  const summed = projections.map((p, i) => withQueryScratch(p, (view) => indicatorValuesAt(view, knowledge[i]!, key, summedIds)));
  const indicators = {} as Record<IndicatorId, RollupIndicator>;
  for (const id of INDICATOR_IDS) {
    const unit = INDICATORS[id].unit;
    if (id === 'agricultural-industrialization-rate') {
      indicators[id] = { value: null, unit, missing: [], note: NOT_COMBINABLE };
    } else if (isRatioIndicator(id)) {
      indicators[id] = combinedRatio(projections, knowledge, id, key);
    } else if (id === 'st-funds-allocated') {
      // Money is summed in fen (exact integers) and converted to yuan once (docs/spec.md §2): summing each
      // district's yuan would carry binary fractions (10 fen + 20 fen would be 0.30000000000000004 yuan).
      // Past 2^53 − 1 fen the sum is a bigint, so it stays exact (docs/spec.md §8.5).
      let fen: ExactSum = ZERO_SUM;
      projections.forEach((p, i) => {
        fen = addSums(fen, flowSumAt(p.funds, knowledge[i]!, key));
      });
      indicators[id] = { value: yuanOfFen(fen), unit, missing: [] };
    } else {
      let total = 0;
      for (const values of summed) total += values[id]!.value ?? 0;
      indicators[id] = { value: total, unit, missing: [] };
    }
  }
  return { districts: projections.map((p) => p.district), date, asOf: asOf ?? null, indicators };
};

/** One district's place in a ranking. */
export interface RankedDistrict {
  readonly district: DistrictCode;
  readonly value: number | null;
  /** 1-based; districts with equal values share a rank; null values are last and unranked. */
  readonly rank: number | null;
}

/** Ranks districts on one indicator (descending by default; `asc` for indicators where less is better). */
export const rankingAt = (
  projections: readonly DistrictProjection[],
  id: IndicatorId,
  date: CivilDate,
  asOf?: Instant,
  order: 'desc' | 'asc' = 'desc',
): RankedDistrict[] => {
  const key = dateKeyOf(date);
  const rows = projections.map((p) => ({ district: p.district, value: withQueryScratch(p, (view) => indicatorValueAt(view, knowledgeAsOf(p, asOf), id, key)).value }));
  const sign = order === 'desc' ? -1 : 1;
  rows.sort((a, b) =>
    a.value === null ? (b.value === null ? a.district.localeCompare(b.district) : 1) : b.value === null ? -1 : sign * (a.value - b.value) || a.district.localeCompare(b.district),
  );
  const ranked: RankedDistrict[] = [];
  rows.forEach((row, i) => {
    const previous = ranked[i - 1];
    const rank = row.value === null ? null : previous !== undefined && previous.value === row.value ? previous.rank : i + 1;
    ranked.push({ ...row, rank });
  });
  return ranked;
};
