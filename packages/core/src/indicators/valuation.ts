import type { Statistic } from '../events/vocabulary.js';
import { INDICATOR_IDS, INDICATORS } from '../events/indicatorCatalog.js';
import type { IndicatorId, IndicatorUnit } from '../events/indicatorCatalog.js';
import type { DateKey } from './dateKey.js';
import { yearOfKey } from './dateKey.js';
import { recognizedEnterprisesAt } from './enterprises.js';
import { yuanOfFen } from './exactSum.js';
import { distinctFlowKeysAt, flowSumAt, flowTotalAt } from './flows.js';
import type { ContributionSink, Knowledge } from './knowledge.js';
import { inventionPatentsInForceAt } from './patents.js';
import { platformCountsAt, sinkFor } from './platforms.js';
import type { PlatformCounts } from './platforms.js';
import { lastLiveReport } from './reports.js';
import type { IndicatorTables } from './tables.js';

/** A statistic report a figure used (docs/spec.md §6 statistic(Y)). */
export interface StatisticInput {
  readonly statistic: Statistic;
  readonly year: number;
  readonly value: number;
  readonly position: number;
}

/** An indicator's value: `null` with `missing` inputs (`statistic:year`, `statistic:year=0`) when unknown. */
export interface IndicatorValue {
  readonly value: number | null;
  readonly unit: IndicatorUnit;
  readonly missing: readonly string[];
  readonly inputs: readonly StatisticInput[];
}

/**
 * How a ratio row of docs/spec.md §6 combines its two parts, evaluated in the order the formula is written so
 * the figure is bit-for-bit the formula's (floating point is not associative: 10000 × c ÷ p and
 * c ÷ (p ÷ 10000) differ in the last digit for about a quarter of all inputs):
 * - `share`: 100 × numerator ÷ denominator (`fiscal-st-share`, `rd-intensity-above-scale`, `rd-institution-share`);
 * - `growth`: 100 × (numerator ÷ denominator − 1) (`high-tech-value-added-growth`);
 * - `per-10k`: numerator ÷ (denominator / 10000) (`invention-patents-per-10k`).
 */
export type RatioFormula = 'share' | 'growth' | 'per-10k';

/**
 * A ratio's parts (docs/spec.md §6): a numerator, a denominator and the formula joining them. Roll-ups sum the
 * parts across districts and apply the formula once, never averaging ratios.
 */
export interface RatioParts {
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** What is absent or zero, as `statistic:year` or `statistic:year=0`. */
  readonly missing: readonly string[];
  readonly formula: RatioFormula;
  readonly inputs: readonly StatisticInput[];
}

const statisticInput = (t: IndicatorTables, k: Knowledge, statistic: Statistic, year: number): StatisticInput | undefined => {
  const r = lastLiveReport(t.statistics, k, statistic, year);
  return r === undefined ? undefined : { statistic, year, value: r.value, position: r.position };
};

const ratioOfStatistics = (
  t: IndicatorTables,
  k: Knowledge,
  numerator: { statistic: Statistic; year: number } | { count: number },
  denominator: { statistic: Statistic; year: number },
  formula: RatioFormula,
): RatioParts => {
  const missing: string[] = [];
  const inputs: StatisticInput[] = [];
  let num: number | null;
  if ('count' in numerator) num = numerator.count;
  else {
    const n = statisticInput(t, k, numerator.statistic, numerator.year);
    if (n === undefined) missing.push(`${numerator.statistic}:${numerator.year}`);
    else inputs.push(n);
    num = n?.value ?? null;
  }
  const d = statisticInput(t, k, denominator.statistic, denominator.year);
  if (d === undefined) missing.push(`${denominator.statistic}:${denominator.year}`);
  else {
    inputs.push(d);
    if (d.value === 0) missing.push(`${denominator.statistic}:${denominator.year}=0`);
  }
  return { numerator: num, denominator: d?.value ?? null, missing, formula, inputs };
};

/**
 * The value of ratio parts by their docs/spec.md §6 formula: null when any part is missing, the denominator is
 * zero, or the result is not a finite number (an overflow such as 100 × 1.7e308, or 0 ÷ an underflowed
 * 0) — docs/spec.md §8.5: a figure is never `Infinity` or `NaN`.
 */
export const valueOfRatio = (r: Pick<RatioParts, 'numerator' | 'denominator' | 'formula'>): number | null => {
  if (r.numerator === null || r.denominator === null || r.denominator === 0) return null;
  const value = formulaValue(r.formula, r.numerator, r.denominator);
  return Number.isFinite(value) ? value : null;
};

const formulaValue = (formula: RatioFormula, numerator: number, denominator: number): number => {
  switch (formula) {
    case 'share':
      return (100 * numerator) / denominator;
    case 'growth':
      return 100 * (numerator / denominator - 1);
    case 'per-10k':
      return numerator / (denominator / 10000);
  }
};

/**
 * The `missing` entry of a ratio whose inputs are all there but whose value is not a finite number
 * (docs/spec.md §8.5): `indicator:year=non-finite`, e.g. `fiscal-st-share:2020=non-finite`.
 */
export const nonFiniteEntry = (id: IndicatorId, year: number): string => `${id}:${year}=non-finite`;

/**
 * A ratio's figure from its parts: {@link valueOfRatio}, and what is missing — the parts' own entries, or
 * {@link nonFiniteEntry} when nothing was missing and still no finite number came out.
 */
export const ratioFigure = (parts: RatioParts, id: IndicatorId, year: number): { readonly value: number | null; readonly missing: readonly string[] } => {
  const value = valueOfRatio(parts);
  return { value, missing: value === null && parts.missing.length === 0 ? [nonFiniteEntry(id, year)] : parts.missing };
};

/** Indicators computed as ratios of additive parts. */
export type RatioIndicatorId = 'invention-patents-per-10k' | 'fiscal-st-share' | 'rd-intensity-above-scale' | 'rd-institution-share' | 'high-tech-value-added-growth';

/** Is the indicator a ratio of additive parts? */
export const isRatioIndicator = (id: IndicatorId): id is RatioIndicatorId =>
  id === 'invention-patents-per-10k' || id === 'fiscal-st-share' || id === 'rd-intensity-above-scale' || id === 'rd-institution-share' || id === 'high-tech-value-added-growth';

/** docs/spec.md §6 ratio rows, as parts. */
export const ratioPartsAt = (t: IndicatorTables, k: Knowledge, id: RatioIndicatorId, date: DateKey, sink?: ContributionSink): RatioParts => {
  const year = yearOfKey(date);
  switch (id) {
    case 'invention-patents-per-10k':
      return ratioOfStatistics(t, k, { count: inventionPatentsInForceAt(t.patents, k, date, sink) }, { statistic: 'resident-population', year }, 'per-10k');
    case 'fiscal-st-share':
      return ratioOfStatistics(t, k, { statistic: 'fiscal-st-expenditure', year }, { statistic: 'general-public-budget-expenditure', year }, 'share');
    case 'rd-intensity-above-scale':
      return ratioOfStatistics(t, k, { statistic: 'above-scale-industrial-rd-expenditure', year }, { statistic: 'above-scale-industrial-main-revenue', year }, 'share');
    case 'rd-institution-share':
      return ratioOfStatistics(
        t,
        k,
        { statistic: 'above-scale-industrial-enterprises-with-rd-institution', year },
        { statistic: 'above-scale-industrial-enterprises', year },
        'share',
      );
    case 'high-tech-value-added-growth':
      return ratioOfStatistics(t, k, { statistic: 'high-tech-industry-value-added', year }, { statistic: 'high-tech-industry-value-added', year: year - 1 }, 'growth');
  }
};

const known = (id: IndicatorId, value: number): IndicatorValue => ({ value, unit: INDICATORS[id].unit, missing: [], inputs: [] });

/**
 * The value of one indicator at `date` under `k` (docs/spec.md §6). `sink` receives the entities and positions
 * that produced it (for `explain`); counts call it once per counted entity.
 */
export const indicatorValueAt = (t: IndicatorTables, k: Knowledge, id: IndicatorId, date: DateKey, sink?: ContributionSink): IndicatorValue => {
  switch (id) {
    case 'high-tech-enterprises':
      return known(id, recognizedEnterprisesAt(t.highTech, k, date, sink));
    case 'tech-smes':
      return known(id, recognizedEnterprisesAt(t.techSme, k, date, sink));
    case 'rd-platforms':
      return known(id, platformCountsAt(t.platforms, k, date, sink && sinkFor(id, sink)).rdPlatforms);
    case 'incubators-maker-spaces':
      return known(id, platformCountsAt(t.platforms, k, date, sink && sinkFor(id, sink)).incubatorsMakerSpaces);
    case 'new-maker-spaces':
      return known(id, platformCountsAt(t.platforms, k, date, sink && sinkFor(id, sink)).newMakerSpaces);
    case 'agricultural-science-parks':
      return known(id, platformCountsAt(t.platforms, k, date, sink && sinkFor(id, sink)).agriculturalSciencePark);
    case 'st-funds-allocated':
      // Summed in fen exactly (docs/spec.md §8.5), converted to yuan once.
      return known(id, yuanOfFen(flowSumAt(t.funds, k, date, sink)));
    case 'st-projects':
      return known(id, flowTotalAt(t.projects, k, date, sink));
    case 'st-commissioners':
      return known(id, distinctFlowKeysAt(t.commissioners, k, date, sink));
    case 'agricultural-industrialization-rate': {
      const year = yearOfKey(date);
      const input = statisticInput(t, k, 'agricultural-industrialization-rate', year);
      return input === undefined
        ? { value: null, unit: 'percent', missing: [`agricultural-industrialization-rate:${year}`], inputs: [] }
        : { value: input.value, unit: 'percent', missing: [], inputs: [input] };
    }
    default: {
      const parts = ratioPartsAt(t, k, id, date, sink);
      const { value, missing } = ratioFigure(parts, id, yearOfKey(date));
      return { value, unit: INDICATORS[id].unit, missing, inputs: parts.inputs };
    }
  }
};

/** The platform counts' field of each platform row of docs/spec.md §6. */
const PLATFORM_COUNT_OF: Partial<Record<IndicatorId, keyof PlatformCounts>> = {
  'rd-platforms': 'rdPlatforms',
  'incubators-maker-spaces': 'incubatorsMakerSpaces',
  'new-maker-spaces': 'newMakerSpaces',
  'agricultural-science-parks': 'agriculturalSciencePark',
};

/**
 * The values of several indicators at `date` under `k` (default: every indicator of docs/spec.md §6, in catalog
 * order), each exactly as {@link indicatorValueAt} gives it. The four platform rows come from one pass over
 * the platforms instead of four, which is most of what a snapshot would otherwise repeat.
 */
export const indicatorValuesAt = (
  t: IndicatorTables,
  k: Knowledge,
  date: DateKey,
  ids: readonly IndicatorId[] = INDICATOR_IDS,
): Partial<Record<IndicatorId, IndicatorValue>> => {
  const values: Partial<Record<IndicatorId, IndicatorValue>> = {};
  let platforms: PlatformCounts | undefined;
  for (const id of ids) {
    const count = PLATFORM_COUNT_OF[id];
    if (count === undefined) values[id] = indicatorValueAt(t, k, id, date);
    else {
      platforms ??= platformCountsAt(t.platforms, k, date);
      values[id] = known(id, platforms[count]);
    }
  }
  return values;
};
