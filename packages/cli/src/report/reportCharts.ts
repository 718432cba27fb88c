import type { TopLevelSpec } from 'vega-lite';
import { INDICATORS } from '@indicator-ledger/core';
import type { IndicatorId, TargetStatus } from '@indicator-ledger/core';
import type { Lang } from '../labels.js';
import { indicatorMeasure, statusLabel, word } from '../labels.js';
import { yearInProgress } from '../yearInProgress.js';
import type { ReportData } from './reportData.js';

/** A status as a report shows it: the §6 status, or `in-progress` for a figure below target in a year still running (docs/spec.md §8.5). */
export type ShownStatus = TargetStatus | 'in-progress';

/** Colours of the statuses, the same in every chart. */
const STATUS_COLOURS: Readonly<Record<ShownStatus, string>> = {
  met: '#2e7d32',
  'not-met': '#c62828',
  'in-progress': '#5c6bc0',
  'no-data': '#ef6c00',
  'no-target': '#78909c',
};
const STATUS_ORDER: readonly ShownStatus[] = ['met', 'not-met', 'in-progress', 'no-target', 'no-data'];

/** A shown status in words. */
export const shownStatusLabel = (status: ShownStatus, lang: Lang): string => (status === 'in-progress' ? word('inProgress', lang) : statusLabel(status, lang));

/**
 * The status a report shows for a year's figure: `not-met` in a year not over at the report's knowledge
 * instant (or `now`) is `in-progress` — the one rule of packages/cli/src/yearInProgress.ts (docs/spec.md §8.5).
 */
export const shownStatus = (status: TargetStatus, year: number, data: Pick<ReportData, 'asOf'>, now: Date): ShownStatus =>
  status === 'not-met' && yearInProgress(year, data.asOf, now) ? 'in-progress' : status;

const CHART_WIDTH = 380;
const CHART_HEIGHT = 200;

/**
 * The value axis of an indicator: counts in whole steps (a count of 2 never shows ticks 0.5 or 1.5), money
 * in 万元 in Chinese (values ÷ 10,000, the title says so) and abbreviated yuan (20M) in English, ratios to
 * two places. `scale` is what the charted values were divided by.
 */
export const valueAxis = (id: IndicatorId, lang: Lang): { readonly scale: number; readonly title: string; readonly axis: Readonly<Record<string, unknown>> } => {
  const measure = indicatorMeasure(id, lang);
  switch (INDICATORS[id].unit) {
    case 'count':
      return { scale: 1, title: word('value', lang), axis: { format: 'd', tickMinStep: 1 } };
    case 'yuan':
      return measure.scale === 1
        ? { scale: 1, title: `${word('value', lang)} (${measure.word})`, axis: { format: '~s' } }
        : { scale: measure.scale, title: `${word('value', lang)}（${measure.word}）`, axis: { format: ',~f' } };
    default:
      return { scale: 1, title: word('value', lang), axis: { format: ',.2~f' } };
  }
};

/** A figure divided by the axis scale; null stays null (a gap, never 0). */
const scaled = (value: number | null, scale: number): number | null => (value === null ? null : value / scale);

/** Shared look: plain sans-serif, no border, so the page's own CSS frames the charts. */
const CONFIG = { font: 'sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelFontSize: 11, titleFontSize: 11 } } as const;

/**
 * The yearly figures of one indicator against its targets: a bar per year coloured by status (docs/spec.md §6;
 * a year still running at the knowledge instant or `now` is "in progress", §8.5), and the target as a dark tick. Years with no figure show no bar; years with no target, no tick.
 */
export const figureChart = (data: ReportData, id: IndicatorId, lang: Lang, now: Date = new Date()): TopLevelSpec => {
  const y = valueAxis(id, lang);
  const values = data.years.map((row) => {
    const i = row.indicators[id];
    return {
      year: String(row.year),
      value: scaled(i.value, y.scale),
      target: scaled(i.target?.value ?? null, y.scale),
      status: shownStatusLabel(shownStatus(i.status, row.year, data, now), lang),
    };
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
          y: { field: 'value', type: 'quantitative', title: y.title, axis: y.axis },
          color: {
            field: 'status',
            type: 'nominal',
            title: word('status', lang),
            scale: { domain: STATUS_ORDER.map((s) => shownStatusLabel(s, lang)), range: STATUS_ORDER.map((s) => STATUS_COLOURS[s]) },
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

/** Distinct colours for the years of a vintages chart (Tableau 10: told apart at a glance, also side by side). */
const YEAR_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
/** Dash patterns per year, cycled with the colours: solid, dashed, dotted, dash-dot… */
const YEAR_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [4, 2, 1, 2], [3, 5]];
/** Point shapes per year, where each vintage begins. */
const YEAR_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right'];

/** Above this many vintages in one chart, the points marking where each begins are left out (the steps remain). */
const MOST_VINTAGE_POINTS = 120;

/**
 * The vintages of each yearly figure: for every year a step line over knowledge time (recordedAt) at the
 * value known from each vintage's `fromRecordedAt`, drawn on to the stream's last recordedAt; a gap where
 * the figure was unknown (null). One path per year, so a count revised by every recognition stays small.
 */
export const vintagesChart = (data: ReportData, id: IndicatorId, lang: Lang): TopLevelSpec => {
  const end = data.lastRecordedAt;
  const y = valueAxis(id, lang);
  const steps = data.vintages[id].flatMap(({ year, vintages }) => {
    const points = vintages.map((v) => ({ year: String(year), at: v.fromRecordedAt, value: scaled(v.value, y.scale) }));
    const last = vintages[vintages.length - 1];
    // The current vintage holds until now: one more point at the last instant known, to draw its step.
    if (last !== undefined && end !== null && Date.parse(end) > Date.parse(last.fromRecordedAt)) points.push({ year: String(year), at: end, value: scaled(last.value, y.scale) });
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
      y: { field: 'value', type: 'quantitative', title: y.title, axis: y.axis },
      // Each year its own colour, dash and point shape, in one legend, so lines that cross or coincide
      // stay apart in grey print and for colour-blind readers too.
      color: { field: 'year', type: 'nominal', title: word('year', lang), scale: { range: YEAR_COLOURS } },
      strokeDash: { field: 'year', type: 'nominal', title: word('year', lang), scale: { range: YEAR_DASHES } },
    },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, invalid: 'break-paths-show-domains' } },
      ...(shown <= MOST_VINTAGE_POINTS
        ? [{ mark: { type: 'point' as const, filled: true, size: 30 }, encoding: { shape: { field: 'year', type: 'nominal' as const, title: word('year', lang), scale: { range: YEAR_SHAPES } } } }]
        : []),
    ],
  };
};
