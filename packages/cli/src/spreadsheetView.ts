import { INDICATOR_IDS, INDICATORS, STATISTICS } from '@indicator-ledger/core';
import type { Explanation, IndicatorId, IndicatorUnit, Rollup } from '@indicator-ledger/core';
import { indicatorLabel, statusLabel, unitLabel, word } from './labels.js';
import type { Lang } from './labels.js';
import type { ProgressReport } from './progressView.js';
import type { RankingReport, RollupYears } from './queries.js';
import { rollupYearsOf } from './rollupView.js';

/**
 * Spreadsheets of `--format xlsx`: each report as sheets of a heading row and rows of cells. Numbers stay
 * numbers (unrounded, as in JSON and CSV), an absent figure is an empty cell, and every heading of a
 * figure names its unit, in the chosen language (docs/spec.md §8.5). Pure: the writer is xlsxFile.ts.
 */

/** One cell: a number, text, or nothing. */
export type Cell = string | number | null;

/** One sheet: its name (at most 31 characters, as Excel wants), the heading row and the rows. */
export interface Sheet {
  readonly name: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

const SHEET_NAMES = {
  values: { zh: '数值', en: 'Values' },
  targets: { zh: '目标', en: 'Targets' },
  status: { zh: '状态', en: 'Status' },
  rollup: { zh: '汇总', en: 'Roll-up' },
  ranking: { zh: '排名', en: 'Ranking' },
  figure: { zh: '数值', en: 'Figure' },
  entities: { zh: '计入对象', en: 'Entities' },
  statistics: { zh: '统计数据', en: 'Statistics' },
} as const satisfies Readonly<Record<string, Readonly<Record<Lang, string>>>>;

/** A heading with its unit: `High-tech enterprises (count)`, `高新技术企业数（个）`. */
const withUnit = (label: string, unit: IndicatorUnit | string, lang: Lang): string => {
  const u = (['count', 'yuan', 'per-10k-persons', 'percent'] as const).includes(unit as IndicatorUnit) ? unitLabel(unit as IndicatorUnit, lang) : unit;
  // Catalog labels such as 科技资金投入(元) already end with their unit: it is not said twice.
  if (label.endsWith(`(${u})`) || label.endsWith(`（${u}）`)) return label;
  return lang === 'zh' ? `${label}（${u}）` : `${label} (${u})`;
};

const indicatorHead = (id: IndicatorId, lang: Lang): string => withUnit(indicatorLabel(id, lang), INDICATORS[id].unit, lang);

/** `progress`: years down, indicators across, in three sheets: values, targets, statuses. */
export const progressSheets = (report: ProgressReport, lang: Lang): Sheet[] => {
  const head = [word('year', lang), word('date', lang), ...INDICATOR_IDS.map((id) => indicatorHead(id, lang))];
  const sheet = (name: keyof typeof SHEET_NAMES, cell: (row: ProgressReport['years'][number], id: IndicatorId) => Cell): Sheet => ({
    name: SHEET_NAMES[name][lang],
    head,
    rows: report.years.map((row) => [row.year, row.date, ...INDICATOR_IDS.map((id) => cell(row, id))]),
  });
  return [
    sheet('values', (row, id) => row.indicators[id].value),
    sheet('targets', (row, id) => row.indicators[id].target?.value ?? null),
    { ...sheet('status', (row, id) => statusLabel(row.indicators[id].status, lang)), head: [word('year', lang), word('date', lang), ...INDICATOR_IDS.map((id) => indicatorLabel(id, lang))] },
  ];
};

/** `rollup`: dates down, indicators across. */
export const rollupSheets = (r: Rollup | RollupYears, lang: Lang): Sheet[] => [
  {
    name: SHEET_NAMES.rollup[lang],
    head: [word('date', lang), ...INDICATOR_IDS.map((id) => indicatorHead(id, lang))],
    rows: rollupYearsOf(r).map((y) => [y.date, ...INDICATOR_IDS.map((id) => y.indicators[id].value)]),
  },
];

/** `ranking`: rank, district, value. */
export const rankingSheets = (r: RankingReport, lang: Lang): Sheet[] => [
  {
    name: SHEET_NAMES.ranking[lang],
    head: [word('rank', lang), word('district', lang), withUnit(indicatorLabel(r.indicator, lang), r.unit, lang)],
    rows: r.ranking.map((d) => [d.rank, d.district, d.value]),
  },
];

/** `explain`: the figure, the entities counted, and the statistic reports used (each with its own unit). */
export const explanationSheets = (e: Explanation, lang: Lang): Sheet[] => [
  {
    name: SHEET_NAMES.figure[lang],
    head: [word('district', lang), word('date', lang), word('asOf', lang), word('position', lang), indicatorHead(e.indicator, lang), withUnit(word('target', lang), e.unit, lang), word('status', lang)],
    rows: [[e.district, e.date, e.asOf, e.position, e.value, e.target?.value ?? null, statusLabel(e.status, lang)]],
  },
  {
    name: SHEET_NAMES.entities[lang],
    head: [word('entity', lang), word('eventId', lang), word('position', lang)],
    rows: e.contributions.map((c) => [c.entity, c.eventId, c.position]),
  },
  {
    name: SHEET_NAMES.statistics[lang],
    head: [word('statistic', lang), word('year', lang), word('value', lang), word('unit', lang), word('eventId', lang), word('position', lang)],
    rows: e.statistics.map((s) => [s.statistic, s.year, s.value, STATISTICS[s.statistic as keyof typeof STATISTICS] ?? null, s.eventId, s.position]),
  },
];
