import { INDICATORS, STATISTICS } from '@indicator-ledger/core';
import type { IndicatorId, IndicatorUnit, Statistic, Target } from '@indicator-ledger/core';
import { indicatorMeasure } from './labels.js';
import type { Lang } from './labels.js';

/** What a null figure (an absent input, docs/spec.md §6) shows as. */
export const NO_FIGURE = '—';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoPlaces = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * A figure for display: counts whole, money and ratios to at most two decimal places, thousands grouped.
 * Rounding is for display only (docs/spec.md §7); JSON and CSV carry the unrounded number.
 */
export const displayFigure = (value: number | null, unit: IndicatorUnit): string => {
  if (value === null) return NO_FIGURE;
  return unit === 'count' ? whole.format(value) : twoPlaces.format(value);
};

/** A target for display: `≥ 75` or `≤ 2`; empty when there is none. */
export const displayTarget = (target: Target | null, unit: IndicatorUnit): string =>
  target === null ? '' : `${target.comparator === 'gte' ? '≥' : '≤'} ${displayFigure(target.value, unit)}`;

/**
 * A figure in few characters, for wide tables: money as millions (`25.1M`) in English or as whole 万 (ten
 * thousands, `2,510万`) in Chinese, the way each reader counts large sums; other units as
 * {@link displayFigure}.
 */
export const compactFigure = (value: number | null, unit: IndicatorUnit, lang: Lang): string => {
  if (value === null || unit !== 'yuan') return displayFigure(value, unit);
  if (lang === 'zh') return Math.abs(value) >= 10_000 ? `${whole.format(value / 10_000)}万` : twoPlaces.format(value);
  return Math.abs(value) >= 1_000_000 ? `${twoPlaces.format(value / 1_000_000)}M` : twoPlaces.format(value);
};

/** A target in few characters: `≥ 20M`. */
export const compactTarget = (target: Target | null, unit: IndicatorUnit, lang: Lang): string =>
  target === null ? '' : `${target.comparator === 'gte' ? '≥' : '≤'} ${compactFigure(target.value, unit, lang)}`;

/**
 * A figure with its measure word, thousands grouped: `1,234 家`, `2,510.59 万元`, `12.5 %`, `1,234 enterprises`.
 * Display only; the number is rounded as {@link displayFigure} does.
 */
export const measuredFigure = (value: number | null, id: IndicatorId, lang: Lang): string => {
  if (value === null) return NO_FIGURE;
  const { word, scale } = indicatorMeasure(id, lang);
  const shown = scale === 1 ? displayFigure(value, INDICATORS[id].unit) : twoPlaces.format(value / scale);
  return `${shown} ${word}`;
};

/** The words of a statistic's unit (docs/spec.md §4): the count statistics count enterprises. */
const STATISTIC_UNIT_WORDS: Readonly<Record<(typeof STATISTICS)[Statistic], Readonly<Record<Lang, string>>>> = {
  fen: { zh: '分', en: 'fen' },
  persons: { zh: '人', en: 'persons' },
  count: { zh: '家', en: 'enterprises' },
  percent: { zh: '%', en: '%' },
};

/**
 * A reported statistic with its unit, thousands grouped: `3,997,259,755 fen (39,972,597.55 yuan)` — money is
 * recorded in fen (docs/spec.md §4) and read in yuan, so both are shown — `350,000 persons`, `12.5 %`.
 * A statistic the catalog does not know shows its bare number. Display only.
 */
export const statisticFigure = (value: number, statistic: string, lang: Lang): string => {
  const unit = (STATISTICS as Readonly<Record<string, (typeof STATISTICS)[Statistic]>>)[statistic];
  const shown = twoPlaces.format(value);
  if (unit === undefined) return shown;
  const words = STATISTIC_UNIT_WORDS[unit][lang];
  if (unit !== 'fen') return `${shown} ${words}`;
  const yuan = twoPlaces.format(value / 100);
  return lang === 'zh' ? `${shown} ${words}（${yuan} 元）` : `${shown} ${words} (${yuan} yuan)`;
};
