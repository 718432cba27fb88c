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
} as const satisfies Readonly<Record<string, Readonly<Record<Lang, string>>>>;

/** One caption or heading in `lang`. */
export const word = (key: keyof typeof WORDS, lang: Lang): string => WORDS[key][lang];
