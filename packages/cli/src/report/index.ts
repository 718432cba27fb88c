import { INDICATOR_IDS } from '@indicator-ledger/core';
import type { IndicatorId } from '@indicator-ledger/core';
import type { Lang } from '../labels.js';
import { chartSvg } from './chartSvg.js';
import { figureChart, vintagesChart } from './reportCharts.js';
import type { ReportData } from './reportData.js';
import { reportPage } from './reportPage.js';
import type { IndicatorCharts } from './reportPage.js';

export { readReportData, vintagesKnownAt } from './reportData.js';
export type { ReportData, ReportQuery } from './reportData.js';

/** Draws every indicator's two charts and lays out the HTML report; `now` decides the years in progress when the report is of everything recorded. */
export const renderReport = async (data: ReportData, lang: Lang, now: Date = new Date()): Promise<string> => {
  const charts = {} as Record<IndicatorId, IndicatorCharts>;
  for (const id of INDICATOR_IDS) {
    charts[id] = { figure: await chartSvg(figureChart(data, id, lang, now)), vintages: await chartSvg(vintagesChart(data, id, lang)) };
  }
  return reportPage(data, charts, lang, now);
};
