import { INDICATORS } from '@indicator-ledger/core';
import type { IndicatorId, IndicatorUnit, TargetStatus } from '@indicator-ledger/core';

/** The languages of labels: Chinese (the plan's own words) and English. */
export type Lang = 'zh' | 'en';

/** Every language the command speaks. */
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** `zh` when the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) is Chinese, else `en`. */
export const langOfEnvironment = (env: Readonly<Record<string, string | undefined>>): Lang => {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
};

/** An indicator's label in the catalog's words (docs/spec.md §6 names, the plan's Chinese terms). */
export const indicatorLabel = (id: IndicatorId, lang: Lang): string => INDICATORS[id][lang];

const STATUS_WORDS: Readonly<Record<TargetStatus, Readonly<Record<Lang, string>>>> = {
  met: { zh: '达标', en: 'met' },
  'not-met': { zh: '未达标', en: 'not met' },
  'no-data': { zh: '缺数据', en: 'no data' },
  'no-target': { zh: '无目标', en: 'no target' },
};

/** A target status in words. */
export const statusLabel = (status: TargetStatus, lang: Lang): string => STATUS_WORDS[status][lang];

const UNIT_WORDS: Readonly<Record<IndicatorUnit, Readonly<Record<Lang, string>>>> = {
  count: { zh: '个', en: 'count' },
  yuan: { zh: '元', en: 'yuan' },
  'per-10k-persons': { zh: '件/万人', en: 'per 10k' },
  percent: { zh: '%', en: '%' },
};

/** A unit in words. */
export const unitLabel = (unit: IndicatorUnit, lang: Lang): string => UNIT_WORDS[unit][lang];

/** The words of column headings and captions, in each language. */
export const WORDS = {
  indicator: { zh: '指标', en: 'Indicator' },
  value: { zh: '数值', en: 'Value' },
  unit: { zh: '单位', en: 'Unit' },
  target: { zh: '目标', en: 'Target' },
  status: { zh: '状态', en: 'Status' },
  missing: { zh: '缺少', en: 'Missing' },
  district: { zh: '区县', en: 'District' },
  date: { zh: '日期', en: 'Date' },
  year: { zh: '年份', en: 'Year' },
  asOf: { zh: '截至记录时点', en: 'As of' },
  everythingRecorded: { zh: '全部已记录', en: 'everything recorded' },
  position: { zh: '位置', en: 'Position' },
  entity: { zh: '对象', en: 'Entity' },
  eventId: { zh: '事件编号', en: 'Event id' },
  statistic: { zh: '统计指标', en: 'Statistic' },
  from: { zh: '起', en: 'From' },
  to: { zh: '止', en: 'To' },
  current: { zh: '至今', en: 'current' },
  figure: { zh: '年度数值与目标', en: 'Yearly figure and target' },
  vintages: { zh: '各年数值的历次版本', en: 'Vintages of each yearly figure' },
  recordedAt: { zh: '记录时间', en: 'Recorded at' },
  progressTitle: { zh: '科技创新跃升行动指标进展', en: 'Progress of the S&T innovation plan indicators' },
  districts: { zh: '区县', en: 'Districts' },
  rank: { zh: '排名', en: 'Rank' },
  records: { zh: '记录数', en: 'Records' },
  firstRecordedAt: { zh: '首条记录时间', en: 'First recorded at' },
  lastRecordedAt: { zh: '最后记录时间', en: 'Last recorded at' },
  rollup: { zh: '汇总', en: 'Roll-up' },
  lineage: { zh: '数据来源', en: 'Lineage' },
  entityName: { zh: '名称', en: 'Name' },
  valuationDate: { zh: '估值日期', en: 'Valuation date' },
  show: { zh: '显示', en: 'Show' },
  language: { zh: '语言', en: 'Language' },
  readOnly: { zh: '只读', en: 'read-only' },
  snapshot: { zh: '快照', en: 'Snapshot' },
  counted: { zh: '计入对象数', en: 'Entities counted' },
  statisticsUsed: { zh: '所用统计数据', en: 'Statistic reports used' },
  back: { zh: '返回区县列表', en: 'All districts' },
  inProgress: { zh: '进行中', en: 'in progress' },
} as const satisfies Readonly<Record<string, Readonly<Record<Lang, string>>>>;

/** One caption or heading in `lang`. */
export const word = (key: keyof typeof WORDS, lang: Lang): string => WORDS[key][lang];

/**
 * How a figure of each indicator is counted in words: Chinese measure words (家 enterprises, 个 platforms,
 * 项 projects, 人 commissioners) and money in 万元 (`scale` 10,000 yuan), so a reader sees 「1,234 家」 and
 * 「2,510.59 万元」; English names the things counted. Ratios keep their unit's words. One table for every
 * view that puts a measure after a number (the workbench, spreadsheet headers).
 */
const MEASURES: Readonly<Record<IndicatorId, Readonly<Record<Lang, string>>>> = {
  'high-tech-enterprises': { zh: '家', en: 'enterprises' },
  'tech-smes': { zh: '家', en: 'enterprises' },
  'rd-platforms': { zh: '个', en: 'platforms' },
  'incubators-maker-spaces': { zh: '个', en: 'platforms' },
  'new-maker-spaces': { zh: '个', en: 'platforms' },
  'agricultural-science-parks': { zh: '个', en: 'parks' },
  'st-funds-allocated': { zh: '万元', en: 'yuan' },
  'st-projects': { zh: '项', en: 'projects' },
  'st-commissioners': { zh: '人', en: 'commissioners' },
  'invention-patents-per-10k': { zh: '件/万人', en: 'per 10k people' },
  'fiscal-st-share': { zh: '%', en: '%' },
  'rd-intensity-above-scale': { zh: '%', en: '%' },
  'rd-institution-share': { zh: '%', en: '%' },
  'high-tech-value-added-growth': { zh: '%', en: '%' },
  'agricultural-industrialization-rate': { zh: '%', en: '%' },
};

/** An indicator's measure word and the factor its figures are divided by before it (10,000 for 万元, else 1). */
export const indicatorMeasure = (id: IndicatorId, lang: Lang): { readonly word: string; readonly scale: number } => ({
  word: MEASURES[id][lang],
  scale: lang === 'zh' && INDICATORS[id].unit === 'yuan' ? 10_000 : 1,
});
