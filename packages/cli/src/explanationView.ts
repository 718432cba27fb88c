import { escapeControlCharacters } from '@indicator-ledger/core';
import type { Explanation, Vintage } from '@indicator-ledger/core';
import type { IndicatorId, IndicatorUnit } from '@indicator-ledger/core';
import type { Palette } from './colours.js';
import { csvText } from './csvText.js';
import { displayFigure, displayTarget, statisticFigure } from './figureFormat.js';
import { indicatorLabel, unitLabel, word } from './labels.js';
import type { Lang } from './labels.js';
import { knowledgeCaption } from './snapshotView.js';
import { statusCell } from './statusMark.js';
import { drawTable } from './textTable.js';

/**
 * A figure and its lineage for a terminal: the value, target and status, then the entities counted, one
 * line each with its name (from `names`, the names at stream positions, docs/spec.md §8.5) and the event
 * that made it count, and, for ratios, the statistic reports used with their units.
 */
export const explanationText = (e: Explanation, lang: Lang, palette: Palette, names: ReadonlyMap<number, string> = new Map()): string => {
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
        head: [word('entity', lang), word('entityName', lang), word('eventId', lang), word('position', lang)].map(palette.bold),
        // Entities and names come from records, shown with control characters escaped (docs/spec.md §8.2);
        // a newline in a name would split the entity's line, so it is escaped too.
        rows: e.contributions.map((c) => [escapeControlCharacters(c.entity), escapeControlCharacters(names.get(c.position) ?? ''), c.eventId, String(c.position)]),
        align: ['left', 'left', 'left', 'right'],
        // One line per entity: a lineage of hundreds reads and greps line by line.
        compact: true,
      }),
    );
  }
  if (e.statistics.length > 0) {
    lines.push(
      drawTable({
        head: [word('statistic', lang), word('year', lang), word('value', lang), word('eventId', lang), word('position', lang)].map(palette.bold),
        rows: e.statistics.map((s) => [s.statistic, String(s.year), statisticFigure(s.value, s.statistic, lang), s.eventId, String(s.position)]),
        align: ['left', 'right', 'right', 'left', 'right'],
        compact: true,
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
