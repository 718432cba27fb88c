import type { Statistic } from '../events/vocabulary.js';
import { INDICATORS } from './catalog.js';
import type { IndicatorId, IndicatorUnit } from './catalog.js';
import type { DateKey } from './dateKey.js';
import { yearOfKey } from './dateKey.js';
import { recognizedEnterprisesAt } from './enterprises.js';
import { distinctFlowKeysAt, flowTotalAt } from './flows.js';
import type { ContributionSink, Knowledge } from './knowledge.js';
import { inventionPatentsInForceAt } from './patents.js';
import { platformCountsAt, sinkFor } from './platforms.js';
import { lastLiveReport } from './reports.js';
import type { IndicatorTables } from './tables.js';

/** A statistic report a figure used (SPEC §6 statistic(Y)). */
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
 * A ratio's parts (SPEC §6): value = scale × numerator ÷ denominator + offset. Roll-ups sum the parts
 * across districts and divide once, never averaging ratios.
 */
export interface RatioParts {
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** What is absent or zero, as `statistic:year` or `statistic:year=0`. */
  readonly missing: readonly string[];
  readonly scale: number;
  readonly offset: number;
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
  scale: number,
  offset: number,
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
  return { numerator: num, denominator: d?.value ?? null, missing, scale, offset, inputs };
};

/** The value of ratio parts: null when any part is missing or the denominator is zero. */
export const valueOfRatio = (r: Pick<RatioParts, 'numerator' | 'denominator' | 'scale' | 'offset'>): number | null =>
  r.numerator === null || r.denominator === null || r.denominator === 0 ? null : (r.scale * r.numerator) / r.denominator + r.offset;

/** Indicators computed as ratios of additive parts. */
export type RatioIndicatorId = 'invention-patents-per-10k' | 'fiscal-st-share' | 'rd-intensity-above-scale' | 'rd-institution-share' | 'high-tech-value-added-growth';

/** Is the indicator a ratio of additive parts? */
export const isRatioIndicator = (id: IndicatorId): id is RatioIndicatorId =>
  id === 'invention-patents-per-10k' || id === 'fiscal-st-share' || id === 'rd-intensity-above-scale' || id === 'rd-institution-share' || id === 'high-tech-value-added-growth';

/** SPEC §6 ratio rows, as parts. */
export const ratioPartsAt = (t: IndicatorTables, k: Knowledge, id: RatioIndicatorId, date: DateKey, sink?: ContributionSink): RatioParts => {
  const year = yearOfKey(date);
  switch (id) {
    case 'invention-patents-per-10k':
      // count ÷ (population / 10000) = 10000 × count ÷ population
      return ratioOfStatistics(t, k, { count: inventionPatentsInForceAt(t.patents, k, date, sink) }, { statistic: 'resident-population', year }, 10000, 0);
    case 'fiscal-st-share':
      return ratioOfStatistics(t, k, { statistic: 'fiscal-st-expenditure', year }, { statistic: 'general-public-budget-expenditure', year }, 100, 0);
    case 'rd-intensity-above-scale':
      return ratioOfStatistics(t, k, { statistic: 'above-scale-industrial-rd-expenditure', year }, { statistic: 'above-scale-industrial-main-revenue', year }, 100, 0);
    case 'rd-institution-share':
      return ratioOfStatistics(
        t,
        k,
        { statistic: 'above-scale-industrial-enterprises-with-rd-institution', year },
        { statistic: 'above-scale-industrial-enterprises', year },
        100,
        0,
      );
    case 'high-tech-value-added-growth':
      // 100 × (VA(Y) ÷ VA(Y−1) − 1) = 100 × VA(Y) ÷ VA(Y−1) − 100
      return ratioOfStatistics(t, k, { statistic: 'high-tech-industry-value-added', year }, { statistic: 'high-tech-industry-value-added', year: year - 1 }, 100, -100);
  }
};

const known = (id: IndicatorId, value: number): IndicatorValue => ({ value, unit: INDICATORS[id].unit, missing: [], inputs: [] });

/**
 * The value of one indicator at `date` under `k` (SPEC §6). `sink` receives the entities and positions
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
      // Summed in fen (exact integers), converted to yuan once.
      return known(id, flowTotalAt(t.funds, k, date, sink) / 100);
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
      return { value: valueOfRatio(parts), unit: INDICATORS[id].unit, missing: parts.missing, inputs: parts.inputs };
    }
  }
};
