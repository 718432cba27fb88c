import { escapeControlCharacters } from '@indicator-ledger/core';
import type { Explanation, Vintage } from '@indicator-ledger/core';
import type { IndicatorId, IndicatorUnit } from '@indicator-ledger/core';
import type { Palette } from './colours.js';
import { csvText } from './csvText.js';
import { displayFigure, displayTarget } from './figureFormat.js';
import { indicatorLabel, unitLabel, word } from './labels.js';
import type { Lang } from './labels.js';
import { knowledgeCaption } from './snapshotView.js';
import { statusCell } from './statusMark.js';
import { drawTable } from './textTable.js';

/**
 * A figure and its lineage for a terminal: the value, target and status, then the entities counted (with
 * the event that made each count) and, for ratios, the statistic reports used.
 */
export const explanationText = (e: Explanation, lang: Lang, palette: Palette): string => {
  const lines = [
    knowledgeCaption(e, lang),
    `${palette.bold(indicatorLabel(e.indicator, lang))} (${e.indicator}): ${displayFigure(e.value, e.unit)} ${unitLabel(e.unit, lang)}` +
      (e.target !== null ? ` · ${word('target', lang)} ${displayTarget(e.target, e.unit)}` : '') +
      ` · ${statusCell(e.status, lang, palette)}` +
      (e.targetEventId !== null ? palette.dim(` · TargetSet ${e.targetEventId}`) : ''),
  ];
  if (e.missing.length > 0) lines.push(`${word('missing', lang)}: ${e.missing.join(', ')}`);
  if (e.contributions.length > 0) {
    lines.push(
      drawTable({
        head: [word('entity', lang), word('eventId', lang), word('position', lang)].map(palette.bold),
        // Entities are ids from records, shown with control characters escaped (docs/spec.md §8.2).
        rows: e.contributions.map((c) => [escapeControlCharacters(c.entity), c.eventId, String(c.position)]),
        align: ['left', 'left', 'right'],
      }),
    );
  }
  if (e.statistics.length > 0) {
    lines.push(
      drawTable({
        head: [word('statistic', lang), word('year', lang), word('value', lang), word('eventId', lang), word('position', lang)].map(palette.bold),
        rows: e.statistics.map((s) => [s.statistic, String(s.year), String(s.value), s.eventId, String(s.position)]),
        align: ['left', 'right', 'right', 'left', 'right'],
      }),
    );
  }
  return `${lines.join('\n')}\n`;
};

/** The lineage as CSV: one record per counted entity or statistic used. */
export const explanationCsv = (e: Explanation): string =>
  csvText(
    ['kind', 'entity', 'statistic', 'year', 'value', 'eventId', 'position'],
    [
      ...e.contributions.map((c) => ['entity', c.entity, null, null, null, c.eventId, c.position]),
      ...e.statistics.map((s) => ['statistic', null, s.statistic, s.year, s.value, s.eventId, s.position]),
    ],
  );

/** What `vintages` reports: the periods of knowledge time over which a yearly figure held each value. */
export interface VintagesReport {
  readonly district: string;
  readonly indicator: IndicatorId;
  readonly year: number;
  readonly unit: IndicatorUnit;
  readonly vintages: readonly Vintage[];
}

/** The vintages as a table: `[from, to)` recordedAt, position, value, missing inputs. */
export const vintagesTable = (r: VintagesReport, lang: Lang, palette: Palette): string => {
  const caption = `${word('district', lang)} ${r.district} · ${palette.bold(indicatorLabel(r.indicator, lang))} (${r.indicator}) · ${word('year', lang)} ${r.year}`;
  const table = drawTable({
    head: [word('from', lang), word('to', lang), word('position', lang), word('value', lang), word('missing', lang)].map(palette.bold),
    rows: r.vintages.map((v) => [v.fromRecordedAt, v.toRecordedAt ?? palette.dim(word('current', lang)), String(v.position), displayFigure(v.value, r.unit), v.missing.join(', ')]),
    align: ['left', 'left', 'right', 'right', 'left'],
  });
  return `${caption}\n${table}\n`;
};

/** The vintages as CSV, numbers unrounded. */
export const vintagesCsv = (r: VintagesReport): string =>
  csvText(
    ['district', 'indicator', 'year', 'fromRecordedAt', 'toRecordedAt', 'position', 'value', 'unit', 'missing'],
    r.vintages.map((v) => [r.district, r.indicator, r.year, v.fromRecordedAt, v.toRecordedAt, v.position, v.value, r.unit, v.missing.join(' ')]),
  );
