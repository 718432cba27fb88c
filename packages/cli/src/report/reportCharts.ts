import type { TopLevelSpec } from 'vega-lite';
import { INDICATORS } from '@indicator-ledger/core';
import type { IndicatorId, Instant, TargetStatus } from '@indicator-ledger/core';
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
 * The yearly figures of one indicator against its targets: a bar per year coloured by status (SPEC §6),
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

/**
 * The vintages of each yearly figure: for every year a step line over knowledge time (recordedAt), one
 * horizontal segment per period `[fromRecordedAt, toRecordedAt)` at the value then known, and a point
 * where each vintage begins. The last period runs to the stream's last recordedAt.
 */
export const vintagesChart = (data: ReportData, id: IndicatorId, lang: Lang): TopLevelSpec => {
  const end = data.lastRecordedAt;
  const segments = data.vintages[id].flatMap(({ year, vintages }) =>
    vintages
      .filter((v) => v.value !== null)
      .map((v) => ({ year: String(year), from: v.fromRecordedAt, to: (v.toRecordedAt ?? end ?? v.fromRecordedAt) as Instant, value: v.value })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    data: { values: segments },
    encoding: {
      x: { field: 'from', type: 'temporal', title: word('recordedAt', lang), axis: { format: '%Y-%m' } },
      y: { field: 'value', type: 'quantitative', title: word('value', lang), axis: { format: axisFormat(id) } },
      color: { field: 'year', type: 'ordinal', title: word('year', lang), scale: { scheme: 'viridis' } },
    },
    layer: [{ mark: { type: 'rule', strokeWidth: 2 }, encoding: { x2: { field: 'to' } } }, { mark: { type: 'point', filled: true, size: 30 } }],
  };
};
