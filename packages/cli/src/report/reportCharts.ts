import type { TopLevelSpec } from 'vega-lite';
import { INDICATORS } from '@indicator-ledger/core';
import type { IndicatorId, TargetStatus } from '@indicator-ledger/core';
import type { Lang } from '../labels.js';
import { statusLabel, word } from '../labels.js';
import type { ReportData } from './reportData.js';

/** Colours of the statuses, the same in every chart. */
const STATUS_COLOURS: Readonly<Record<TargetStatus, string>> = { met: '#2e7d32', 'not-met': '#c62828', 'no-data': '#ef6c00', 'no-target': '#78909c' };
const STATUS_ORDER: readonly TargetStatus[] = ['met', 'not-met', 'no-target', 'no-data'];

const CHART_WIDTH = 380;
const CHART_HEIGHT = 200;

/** Axis number format by unit: counts whole, money abbreviated (20M), ratios to two places. */
const axisFormat = (id: IndicatorId): string => {
  switch (INDICATORS[id].unit) {
    case 'count':
      return ',.0f';
    case 'yuan':
      return '~s';
    default:
      return ',.2~f';
  }
};

/** Shared look: plain sans-serif, no border, so the page's own CSS frames the charts. */
const CONFIG = { font: 'sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelFontSize: 11, titleFontSize: 11 } } as const;

/**
 * The yearly figures of one indicator against its targets: a bar per year coloured by status (docs/spec.md §6),
 * and the target as a dark tick. Years with no figure show no bar; years with no target, no tick.
 */
export const figureChart = (data: ReportData, id: IndicatorId, lang: Lang): TopLevelSpec => {
  const values = data.years.map((row) => {
    const i = row.indicators[id];
    return { year: String(row.year), value: i.value, target: i.target?.value ?? null, status: statusLabel(i.status, lang) };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    data: { values },
    encoding: { x: { field: 'year', type: 'ordinal', title: word('year', lang), axis: { labelAngle: 0 } } },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.6 } },
        encoding: {
          y: { field: 'value', type: 'quantitative', title: word('value', lang), axis: { format: axisFormat(id) } },
          color: {
            field: 'status',
            type: 'nominal',
            title: word('status', lang),
            scale: { domain: STATUS_ORDER.map((s) => statusLabel(s, lang)), range: STATUS_ORDER.map((s) => STATUS_COLOURS[s]) },
          },
        },
      },
      {
        mark: { type: 'tick', color: '#212121', thickness: 3, size: 34 },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
    ],
  };
};

/** Above this many vintages in one chart, the points marking where each begins are left out (the steps remain). */
const MOST_VINTAGE_POINTS = 120;

/**
 * The vintages of each yearly figure: for every year a step line over knowledge time (recordedAt) at the
 * value known from each vintage's `fromRecordedAt`, drawn on to the stream's last recordedAt; a gap where
 * the figure was unknown (null). One path per year, so a count revised by every recognition stays small.
 */
export const vintagesChart = (data: ReportData, id: IndicatorId, lang: Lang): TopLevelSpec => {
  const end = data.lastRecordedAt;
  const steps = data.vintages[id].flatMap(({ year, vintages }) => {
    const points = vintages.map((v) => ({ year: String(year), at: v.fromRecordedAt, value: v.value }));
    const last = vintages[vintages.length - 1];
    // The current vintage holds until now: one more point at the last instant known, to draw its step.
    if (last !== undefined && end !== null && end > last.fromRecordedAt) points.push({ year: String(year), at: end, value: last.value });
    return points;
  });
  const shown = steps.filter((p) => p.value !== null).length;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    data: { values: steps },
    encoding: {
      x: { field: 'at', type: 'temporal', title: word('recordedAt', lang), axis: { format: '%Y' } },
      y: { field: 'value', type: 'quantitative', title: word('value', lang), axis: { format: axisFormat(id) } },
      color: { field: 'year', type: 'ordinal', title: word('year', lang), scale: { scheme: 'viridis' } },
    },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, invalid: 'break-paths-show-domains' } },
      ...(shown <= MOST_VINTAGE_POINTS ? [{ mark: { type: 'point' as const, filled: true, size: 24 } }] : []),
    ],
  };
};
