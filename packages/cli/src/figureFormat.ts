import type { IndicatorUnit, Target } from '@indicator-ledger/core';

/** What a null figure (an absent input, SPEC §6) shows as. */
export const NO_FIGURE = '—';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoPlaces = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * A figure for display: counts whole, money and ratios to at most two decimal places, thousands grouped.
 * Rounding is for display only (SPEC §7); JSON and CSV carry the unrounded number.
 */
export const displayFigure = (value: number | null, unit: IndicatorUnit): string => {
  if (value === null) return NO_FIGURE;
  return unit === 'count' ? whole.format(value) : twoPlaces.format(value);
};

/** A target for display: `≥ 75` or `≤ 2`; empty when there is none. */
export const displayTarget = (target: Target | null, unit: IndicatorUnit): string =>
  target === null ? '' : `${target.comparator === 'gte' ? '≥' : '≤'} ${displayFigure(target.value, unit)}`;
