import { INDICATOR_IDS, INDICATORS } from '@indicator-ledger/core';
import type { Rollup } from '@indicator-ledger/core';
import type { Palette } from './colours.js';
import { csvText } from './csvText.js';
import { compactFigure, displayFigure } from './figureFormat.js';
import { indicatorLabel, unitLabel, word } from './labels.js';
import type { Lang } from './labels.js';
import type { DistrictSummary, RankingReport, RollupYears } from './queries.js';
import { drawTable } from './textTable.js';

/** The roll-up years of a `--year` query (one) or a `--from/--to` query (several), for the table and CSV. */
export const rollupYearsOf = (r: Rollup | RollupYears): readonly (Rollup & { readonly year?: number })[] => ('years' in r ? r.years : [r]);

/** A roll-up as a terminal table: indicators down, valuation dates across; money compact, no status (roll-ups have no targets). */
export const rollupTable = (r: Rollup | RollupYears, lang: Lang, palette: Palette): string => {
  const years = rollupYearsOf(r);
  const caption = `${word('districts', lang)} ${r.districts.join(', ')} · ${word('asOf', lang)} ${r.asOf ?? word('everythingRecorded', lang)}`;
  const notes: string[] = [];
  const rows = INDICATOR_IDS.map((id) => [
    indicatorLabel(id, lang),
    ...years.map((y) => {
      const i = y.indicators[id];
      if (i.note !== undefined && !notes.includes(`${indicatorLabel(id, lang)}: ${i.note}`)) notes.push(`${indicatorLabel(id, lang)}: ${i.note}`);
      return compactFigure(i.value, i.unit, lang);
    }),
  ]);
  const table = drawTable({
    head: [palette.bold(word('indicator', lang)), ...years.map((y) => palette.bold(y.year !== undefined ? String(y.year) : y.date))],
    rows,
    align: ['left', ...years.map(() => 'right' as const)],
    // Chinese labels do not wrap at spaces: their column fits the longest one.
    widths: [lang === 'zh' ? 34 : 28],
  });
  return `${caption}\n${table}\n${notes.map((n) => palette.dim(n)).join('\n')}${notes.length > 0 ? '\n' : ''}`;
};

/** Columns of the roll-up CSV: one record per date and indicator, numbers unrounded. */
export const ROLLUP_CSV_HEAD = ['districts', 'date', 'asOf', 'indicator', 'label', 'value', 'unit', 'missing', 'note'] as const;

/** A roll-up as CSV (long form); the districts are one field, separated by spaces. */
export const rollupCsv = (r: Rollup | RollupYears, lang: Lang): string =>
  csvText(
    ROLLUP_CSV_HEAD,
    rollupYearsOf(r).flatMap((y) =>
      INDICATOR_IDS.map((id) => {
        const i = y.indicators[id];
        return [y.districts.join(' '), y.date, y.asOf, id, indicatorLabel(id, lang), i.value, i.unit, i.missing.join(' '), i.note ?? null];
      }),
    ),
  );

/** A ranking as a terminal table: rank, district, value (unranked districts, with no figure, last). */
export const rankingTable = (r: RankingReport, lang: Lang, palette: Palette): string => {
  const caption = `${palette.bold(indicatorLabel(r.indicator, lang))} (${r.indicator}) · ${word('date', lang)} ${r.date} · ${word('asOf', lang)} ${r.asOf ?? word('everythingRecorded', lang)}`;
  const table = drawTable({
    head: [word('rank', lang), word('district', lang), `${word('value', lang)} (${unitLabel(INDICATORS[r.indicator].unit, lang)})`].map(palette.bold),
    rows: r.ranking.map((d) => [d.rank === null ? '' : String(d.rank), d.district, displayFigure(d.value, r.unit)]),
    align: ['right', 'left', 'right'],
  });
  return `${caption}\n${table}\n`;
};

/** A ranking as CSV, numbers unrounded. */
export const rankingCsv = (r: RankingReport): string =>
  csvText(
    ['rank', 'district', 'indicator', 'date', 'asOf', 'value', 'unit'],
    r.ranking.map((d) => [d.rank, d.district, r.indicator, r.date, r.asOf, d.value, r.unit]),
  );

/** The streams of the ledger as a terminal table. */
export const districtsTable = (ds: { readonly districts: readonly DistrictSummary[] }, lang: Lang, palette: Palette): string =>
  `${drawTable({
    head: [word('district', lang), word('records', lang), word('firstRecordedAt', lang), word('lastRecordedAt', lang)].map(palette.bold),
    rows: ds.districts.map((d) => [d.district, displayFigure(d.records, 'count'), d.firstRecordedAt ?? '', d.lastRecordedAt ?? '']),
    align: ['left', 'right', 'left', 'left'],
  })}\n`;

/** The streams of the ledger as CSV. */
export const districtsCsv = (ds: { readonly districts: readonly DistrictSummary[] }): string =>
  csvText(
    ['district', 'records', 'firstRecordedAt', 'lastRecordedAt'],
    ds.districts.map((d) => [d.district, d.records, d.firstRecordedAt, d.lastRecordedAt]),
  );
