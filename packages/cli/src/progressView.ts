import { INDICATOR_IDS, INDICATORS } from '@indicator-ledger/core';
import type { ProgressRow } from '@indicator-ledger/core';
import type { Palette } from './colours.js';
import { csvText } from './csvText.js';
import { compactFigure, compactTarget } from './figureFormat.js';
import { indicatorLabel, statusLabel, word } from './labels.js';
import type { Lang } from './labels.js';
import { paintStatus, statusMark } from './statusMark.js';
import { drawTable } from './textTable.js';
import { yearInProgress } from './yearInProgress.js';

/** What `progress` reports: a district's years × indicators as known at `asOf`. */
export interface ProgressReport {
  readonly district: string;
  readonly asOf: string | null;
  readonly years: readonly ProgressRow[];
}

/**
 * Indicators down, years across. Money is shown compactly (millions, or 万 in Chinese); CSV and JSON
 * carry the unrounded numbers. Each cell holds the value with its status mark on the first line and the
 * target under it, coloured by status (docs/spec.md §6), so the table reads without colour as well.
 */
export const progressTable = (report: ProgressReport, lang: Lang, palette: Palette, now: Date = new Date()): string => {
  let anyInProgress = false;
  const first = report.years[0]?.year;
  const last = report.years[report.years.length - 1]?.year;
  const caption = `${word('progressTitle', lang)} · ${word('district', lang)} ${report.district} · ${first}–${last} · ${word('asOf', lang)} ${report.asOf ?? word('everythingRecorded', lang)}`;
  const rows = INDICATOR_IDS.map((id) => [
    indicatorLabel(id, lang),
    ...report.years.map((row) => {
      const i = row.indicators[id];
      // docs/spec.md §8.5: a year not over at the knowledge instant is in progress, not yet missed.
      const inProgress = i.status === 'not-met' && yearInProgress(row.year, report.asOf, now);
      anyInProgress ||= inProgress;
      const figure = [compactFigure(i.value, i.unit, lang), inProgress ? IN_PROGRESS_MARK : statusMark(i.status)].filter((s) => s !== '').join(' ');
      const target = compactTarget(i.target, INDICATORS[id].unit, lang);
      const cell = target === '' ? figure : `${figure}\n${target}`;
      return inProgress ? palette.dim(cell) : paintStatus(i.status, cell, palette);
    }),
  ]);
  const legend = [
    ...(['met', 'not-met', 'no-data'] as const).map((status) => paintStatus(status, `${statusMark(status)} ${statusLabel(status, lang)}`, palette)),
    ...(anyInProgress ? [palette.dim(`${IN_PROGRESS_MARK} ${word('inProgress', lang)}`)] : []),
    palette.dim(LEGEND_TARGET[lang]),
  ].join('   ');
  const table = drawTable({
    head: [palette.bold(word('indicator', lang)), ...report.years.map((r) => palette.bold(String(r.year)))],
    rows,
    align: ['left', ...report.years.map(() => 'right' as const)],
    // Labels wrap so that seven years fit a 110-column terminal.
    widths: [LABEL_WIDTH],
  });
  return `${caption}\n${table}\n${legend}\n`;
};

/** The mark of a figure below target in a year still running. */
export const IN_PROGRESS_MARK = '…';

/** Width of the label column (English labels wrap onto two lines). */
const LABEL_WIDTH = 28;

/** The legend's note on the cells' second line. */
const LEGEND_TARGET: Readonly<Record<Lang, string>> = { zh: '单元格第二行为目标值', en: 'second line of a cell: the target' };

/** Columns of the progress CSV: one record per year and indicator, numbers unrounded. */
export const PROGRESS_CSV_HEAD = ['district', 'year', 'date', 'indicator', 'label', 'value', 'unit', 'comparator', 'target', 'status', 'missing'] as const;

/** The progress table as CSV (long form, easy to pivot). */
export const progressCsv = (report: ProgressReport, lang: Lang): string =>
  csvText(
    PROGRESS_CSV_HEAD,
    report.years.flatMap((row) =>
      INDICATOR_IDS.map((id) => {
        const i = row.indicators[id];
        return [report.district, row.year, row.date, id, indicatorLabel(id, lang), i.value, i.unit, i.target?.comparator ?? null, i.target?.value ?? null, i.status, i.missing.join(' ')];
      }),
    ),
  );
