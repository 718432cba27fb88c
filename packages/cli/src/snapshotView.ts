import { INDICATOR_IDS } from '@indicator-ledger/core';
import type { Snapshot } from '@indicator-ledger/core';
import type { Palette } from './colours.js';
import { csvText } from './csvText.js';
import { displayFigure, displayTarget } from './figureFormat.js';
import { indicatorLabel, unitLabel, word } from './labels.js';
import type { Lang } from './labels.js';
import { statusCell } from './statusMark.js';
import { drawTable } from './textTable.js';

/** The caption above a table: district, date and what was known (`asOf`, position). */
export const knowledgeCaption = (s: { readonly district: string; readonly date: string; readonly asOf: string | null; readonly position: number }, lang: Lang): string =>
  `${word('district', lang)} ${s.district} · ${word('date', lang)} ${s.date} · ${word('asOf', lang)} ${s.asOf ?? word('everythingRecorded', lang)} · ${word('position', lang)} ${s.position}`;

/** A snapshot (docs/spec.md §7) as a terminal table: every indicator with value, unit, target, status, missing. */
export const snapshotTable = (s: Snapshot, lang: Lang, palette: Palette): string => {
  const rows = INDICATOR_IDS.map((id) => {
    const i = s.indicators[id];
    return [indicatorLabel(id, lang), displayFigure(i.value, i.unit), unitLabel(i.unit, lang), displayTarget(i.target, i.unit), statusCell(i.status, lang, palette), i.missing.join('\n')];
  });
  const table = drawTable({
    head: (['indicator', 'value', 'unit', 'target', 'status', 'missing'] as const).map((k) => palette.bold(word(k, lang))),
    rows,
    align: ['left', 'right', 'left', 'right', 'left', 'left'],
  });
  return `${knowledgeCaption(s, lang)}\n${table}\n`;
};

/** Columns of the snapshot CSV; ids and unrounded numbers, with the label in the chosen language. */
export const SNAPSHOT_CSV_HEAD = ['district', 'date', 'asOf', 'position', 'indicator', 'label', 'value', 'unit', 'comparator', 'target', 'status', 'missing'] as const;

/** A snapshot as CSV, one indicator per record, numbers unrounded (docs/spec.md §7). */
export const snapshotCsv = (s: Snapshot, lang: Lang): string =>
  csvText(
    SNAPSHOT_CSV_HEAD,
    INDICATOR_IDS.map((id) => {
      const i = s.indicators[id];
      return [s.district, s.date, s.asOf, s.position, id, indicatorLabel(id, lang), i.value, i.unit, i.target?.comparator ?? null, i.target?.value ?? null, i.status, i.missing.join(' ')];
    }),
  );
