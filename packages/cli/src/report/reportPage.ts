import { INDICATOR_IDS, INDICATORS } from '@indicator-ledger/core';
import type { IndicatorId } from '@indicator-ledger/core';
import { displayFigure, displayTarget } from '../figureFormat.js';
import { indicatorLabel, unitLabel, word } from '../labels.js';
import type { Lang } from '../labels.js';
import { IN_PROGRESS_MARK } from '../progressView.js';
import { statusMark } from '../statusMark.js';
import { shownStatus, shownStatusLabel } from './reportCharts.js';
import type { ShownStatus } from './reportCharts.js';
import type { ReportData } from './reportData.js';

/** The two drawn charts of one indicator, as SVG text. */
export interface IndicatorCharts {
  readonly figure: string;
  readonly vintages: string;
}

/** Text made safe for HTML element content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 1240px; color: #212121; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: .85rem; margin: 1rem 0 2rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td .target { display: block; color: #555; font-size: .75rem; }
.met { color: #2e7d32; } .not-met { color: #c62828; } .in-progress { color: #5c6bc0; } .no-data { color: #ef6c00; } .no-target { color: #78909c; }
.legend span { margin-right: 1rem; }
section.indicator { border-top: 1px solid #ddd; padding-top: .5rem; }
section.indicator h2 { font-size: 1.1rem; margin: .5rem 0; }
section.indicator h2 code { font-size: .8rem; color: #666; font-weight: normal; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure.chart { margin: 0; }
figure.chart figcaption { font-size: .85rem; color: #444; margin-bottom: .25rem; }
details { font-size: .85rem; margin: .5rem 0 1.5rem; }
details table { margin: .5rem 0; }
td.more { text-align: left; color: #666; font-style: italic; }
`;

/** A shown status's mark: `…` for a year in progress, else the §6 mark. */
const shownMark = (status: ShownStatus): string => (status === 'in-progress' ? IN_PROGRESS_MARK : statusMark(status));

const progressSummary = (data: ReportData, lang: Lang, now: Date): string => {
  const head = `<tr><th>${escapeHtml(word('indicator', lang))}</th>${data.years.map((r) => `<th>${r.year}</th>`).join('')}</tr>`;
  const shown = new Set<ShownStatus>();
  const rows = INDICATOR_IDS.map((id) => {
    const cells = data.years.map((row) => {
      const i = row.indicators[id];
      const status = shownStatus(i.status, row.year, data, now);
      shown.add(status);
      const target = displayTarget(i.target, i.unit);
      // The unrounded figure rides along as data, so what the page shows can be checked against the library.
      return `<td class="${status}" data-indicator="${id}" data-year="${row.year}" data-value="${i.value ?? ''}" title="${escapeHtml(shownStatusLabel(status, lang))}">${escapeHtml([displayFigure(i.value, i.unit), shownMark(status)].filter((s) => s !== '').join(' '))}${target === '' ? '' : `<span class="target">${escapeHtml(target)}</span>`}</td>`;
    });
    return `<tr><td><a href="#${id}">${escapeHtml(indicatorLabel(id, lang))}</a></td>${cells.join('')}</tr>`;
  });
  // The legend names the marks the table uses (a roll-up has no targets, so none).
  const legend = (['met', 'not-met', 'in-progress', 'no-data'] as const)
    .filter((s) => shown.has(s))
    .map((s) => `<span class="${s}">${escapeHtml(`${shownMark(s)} ${shownStatusLabel(s, lang)}`)}</span>`)
    .join('');
  return `<table class="progress">${head}${rows.join('')}</table>${legend === '' ? '' : `<p class="legend">${legend}</p>`}`;
};

/** Rows of the vintages table per year; longer histories show their latest vintages and say how many more there are. */
const MOST_VINTAGE_ROWS = 10;

const vintagesDetails = (data: ReportData, id: IndicatorId, lang: Lang): string => {
  const unit = INDICATORS[id].unit;
  let count = 0;
  const rows = data.vintages[id].flatMap(({ year, vintages }) => {
    count += vintages.length;
    const shown = vintages.slice(-MOST_VINTAGE_ROWS);
    const earlier = vintages.length - shown.length;
    return [
      ...(earlier > 0
        ? [`<tr><td>${year}</td><td colspan="5" class="more">${escapeHtml(MORE_VINTAGES[lang](earlier, moreVintagesCommand(data, id, year)))}</td></tr>`]
        : []),
      ...shown.map(
        (v) =>
          `<tr><td>${year}</td><td>${escapeHtml(v.fromRecordedAt)}</td><td>${escapeHtml(v.toRecordedAt ?? word('current', lang))}</td><td>${v.position}</td><td>${escapeHtml(displayFigure(v.value, unit))}</td><td>${escapeHtml(v.missing.join(', '))}</td></tr>`,
      ),
    ];
  });
  const head = (['year', 'from', 'to', 'position', 'value', 'missing'] as const).map((k) => `<th>${escapeHtml(word(k, lang))}</th>`).join('');
  return `<details><summary>${escapeHtml(word('vintages', lang))} (${count})</summary><table><tr>${head}</tr>${rows.join('')}</table></details>`;
};

/** The command that lists a figure's every vintage: `vintages` for a district; a roll-up's are in the report only. */
const moreVintagesCommand = (data: ReportData, id: IndicatorId, year: number): string =>
  data.districts.length === 1
    ? `ledger vintages --district ${data.districts[0]} --indicator ${id} --year ${year}`
    : `ledger report --districts ${data.districts.join(',')} --from ${year} --to ${year}`;

const MORE_VINTAGES: Readonly<Record<Lang, (n: number, command: string) => string>> = {
  zh: (n, command) => `另有 ${n} 个更早的版本（${command} 可全部列出）`,
  en: (n, command) => `${n} earlier vintages (${command} lists them all)`,
};

/**
 * The report as one self-contained HTML document: inline CSS and inline SVG charts, no script, no
 * external resource, so it opens offline and can be mailed or archived as one file.
 */
export const reportPage = (data: ReportData, charts: { readonly [K in IndicatorId]: IndicatorCharts }, lang: Lang, now: Date = new Date()): string => {
  const rollup = data.districts.length > 1;
  const title = `${word('progressTitle', lang)} · ${rollup ? `${word('rollup', lang)} ${data.districts.join(', ')}` : data.districts.join(', ')}`;
  const where = rollup
    ? `${word('rollup', lang)} · ${word('districts', lang)} ${data.districts.map((d, i) => `${d} (${word('position', lang)} ${data.positions[i]})`).join(', ')}`
    : `${word('district', lang)} ${data.districts[0]} · ${word('position', lang)} ${data.positions[0]}`;
  const meta = `${where} · ${data.from}–${data.to} · ${word('asOf', lang)} ${data.asOf ?? word('everythingRecorded', lang)}` +
    (data.lastRecordedAt !== null ? ` · ${word('recordedAt', lang)} ≤ ${data.lastRecordedAt}` : '');
  const sections = INDICATOR_IDS.map((id) => {
    const c = charts[id];
    return `<section class="indicator" id="${id}">
<h2>${escapeHtml(indicatorLabel(id, lang))} <code>${id} · ${escapeHtml(unitLabel(INDICATORS[id].unit, lang))}</code></h2>
<div class="charts">
<figure class="chart" data-indicator="${id}" data-chart="figure"><figcaption>${escapeHtml(word('figure', lang))}</figcaption>${c.figure}</figure>
<figure class="chart" data-indicator="${id}" data-chart="vintages"><figcaption>${escapeHtml(word('vintages', lang))}</figcaption>${c.vintages}</figure>
</div>
${vintagesDetails(data, id, lang)}
</section>`;
  });
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(word('progressTitle', lang))}</h1>
<p class="meta">${escapeHtml(meta)}</p>
${progressSummary(data, lang, now)}
${sections.join('\n')}
</body>
</html>
`;
};
