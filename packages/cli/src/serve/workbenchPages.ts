import { INDICATOR_IDS, INDICATORS, STATISTICS } from '@indicator-ledger/core';
import type { Explanation, IndicatorId, Rollup, Snapshot, TargetStatus } from '@indicator-ledger/core';
import { displayFigure, measuredFigure } from '../figureFormat.js';
import { indicatorLabel, indicatorMeasure, statusLabel, word } from '../labels.js';
import type { Lang } from '../labels.js';
import type { ProgressReport } from '../progressView.js';
import type { DistrictSummary, RollupYears } from '../queries.js';
import { escapeHtml } from '../report/reportPage.js';
import { IN_PROGRESS_MARK } from '../progressView.js';
import { statusMark } from '../statusMark.js';
import { yearInProgress } from '../yearInProgress.js';

/**
 * The workbench's pages as HTML text: pure functions of what the queries answered. Every value from the
 * ledger goes through {@link escapeHtml} (names may hold hostile text); the pages carry no inline script
 * or style, so the Content-Security-Policy can be `self` only (docs/workbench.md).
 */

/** What a page shows and its URL carries: the district(s), the indicator, the valuation date, the knowledge instant, the language. */
export interface View {
  readonly districts: readonly string[];
  readonly indicator?: IndicatorId;
  readonly date: string;
  readonly asOf?: string;
  readonly lang: Lang;
}

/** The URL of `path` for a view (only the parameters the view has), so a view can be shared and reopened. */
export const viewUrl = (path: string, view: View, change: Partial<View> = {}): string => {
  const v = { ...view, ...change };
  const params = new URLSearchParams();
  if (v.districts.length > 0) params.set('districts', v.districts.join(','));
  if (v.indicator !== undefined) params.set('indicator', v.indicator);
  params.set('date', v.date);
  if (v.asOf !== undefined) params.set('asOf', v.asOf);
  params.set('lang', v.lang);
  return `${path}?${params.toString()}`;
};

const h = escapeHtml;

/** The page frame: title, language switch, the stylesheet and script served by the workbench itself. */
const page = (title: string, view: View, here: string, body: string): string => `<!doctype html>
<html lang="${view.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/workbench.css">
<script src="/assets/workbench.js" defer></script>
</head>
<body>
<header><a href="${h(viewUrl('/', { ...view, districts: [] }))}">${h(word('back', view.lang))}</a>
<nav class="langs">${(['zh', 'en'] as const).map((lang) => (lang === view.lang ? `<strong>${lang === 'zh' ? '中文' : 'English'}</strong>` : `<a id="lang-${lang}" hreflang="${lang}" href="${h(viewUrl(here, view, { lang }))}">${lang === 'zh' ? '中文' : 'English'}</a>`)).join(' · ')}</nav>
<span class="readonly">${h(word('readOnly', view.lang))}</span></header>
<h1>${h(title)}</h1>
${body}
</body>
</html>
`;

/**
 * The time controls: the valuation date, and the knowledge instant as a text field (ISO 8601) with a
 * slider over the streams' recordedAt range; the script moves the field with the slider and reloads on
 * change. Without the script, the button submits the same form.
 */
const controls = (path: string, view: View, range: { readonly first: string | null; readonly last: string | null }): string => {
  const first = range.first === null ? 0 : Date.parse(range.first);
  const last = range.last === null ? 0 : Date.parse(range.last);
  const at = view.asOf !== undefined ? Math.min(Math.max(Date.parse(view.asOf), first), last) : last;
  return `<form id="view" class="controls" method="get" action="${h(path)}">
<input type="hidden" name="districts" value="${h(view.districts.join(','))}">
${view.indicator !== undefined ? `<input type="hidden" name="indicator" value="${h(view.indicator)}">` : ''}
<input type="hidden" name="lang" value="${h(view.lang)}">
<label>${h(word('valuationDate', view.lang))} <input id="date" type="date" name="date" value="${h(view.date)}" required></label>
<label>${h(word('asOf', view.lang))} <input id="asOf" type="text" name="asOf" value="${h(view.asOf ?? '')}" placeholder="${h(word('everythingRecorded', view.lang))}" size="26" pattern="\\d{4}-\\d{2}-\\d{2}T.*"></label>
<input id="asOfSlider" type="range" min="${first}" max="${last}" step="1000" value="${at}" aria-label="${h(word('asOf', view.lang))}">
<button type="submit">${h(word('show', view.lang))}</button>
</form>`;
};

/** The district list: one row per stream, with record count and the last recordedAt; tick several for a roll-up. */
export const districtListPage = (districts: readonly DistrictSummary[], view: View): string => {
  const rows = districts.map(
    (d) => `<tr data-district="${h(d.district)}"><td><input type="checkbox" name="districts" value="${h(d.district)}" form="rollup" aria-label="${h(d.district)}"></td>
<td><a class="district" href="${h(viewUrl('/district', { ...view, districts: [d.district] }))}">${h(d.district)}</a></td><td class="num">${h(displayFigure(d.records, 'count'))}</td><td>${h(d.firstRecordedAt ?? '')}</td><td>${h(d.lastRecordedAt ?? '')}</td></tr>`,
  );
  return page(
    word('progressTitle', view.lang),
    view,
    '/',
    `<table class="districts"><thead><tr><th></th><th>${h(word('district', view.lang))}</th><th>${h(word('records', view.lang))}</th><th>${h(word('firstRecordedAt', view.lang))}</th><th>${h(word('lastRecordedAt', view.lang))}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<form id="rollup" method="get" action="/district"><input type="hidden" name="date" value="${h(view.date)}"><input type="hidden" name="lang" value="${h(view.lang)}"><button type="submit">${h(word('rollup', view.lang))}</button></form>`,
  );
};

/** One cell of a progress table: the figure with its measure word and status mark, the target under it, coloured by status. */
const progressCell = (id: IndicatorId, value: number | null, status: TargetStatus | null, target: { readonly comparator: string; readonly value: number } | null, lang: Lang, inProgress: boolean): string => {
  const shownStatus = status === 'not-met' && inProgress ? 'in-progress' : status;
  const mark = shownStatus === 'in-progress' ? IN_PROGRESS_MARK : status !== null ? statusMark(status) : '';
  const title = shownStatus === 'in-progress' ? word('inProgress', lang) : status !== null ? statusLabel(status, lang) : '';
  const targetText = target === null ? '' : `${target.comparator === 'gte' ? '≥' : '≤'} ${measuredFigure(target.value, id, lang)}`;
  return `<td class="${shownStatus ?? 'no-target'}" title="${h(title)}" data-value="${value ?? ''}">${h([measuredFigure(value, id, lang), mark].filter((s) => s !== '').join(' '))}${targetText === '' ? '' : `<span class="target">${h(targetText)}</span>`}</td>`;
};


/** The district page: the progress table (one district with statuses, or a roll-up), and the snapshot at the valuation date. */
export const districtPage = (
  view: View,
  content:
    | { readonly kind: 'district'; readonly progress: ProgressReport; readonly snapshot: Snapshot }
    | { readonly kind: 'rollup'; readonly progress: RollupYears; readonly snapshot: Rollup },
  range: { readonly first: string | null; readonly last: string | null },
  now: Date,
): string => {
  const lang = view.lang;
  const years = content.progress.years.map((y) => y.year);
  const linked = (id: IndicatorId): string =>
    content.kind === 'district' ? `<a class="indicator" href="${h(viewUrl('/indicator', view, { indicator: id }))}">${h(indicatorLabel(id, lang))}</a>` : h(indicatorLabel(id, lang));
  const progressRows = INDICATOR_IDS.map((id) => {
    const cells = content.progress.years.map((y) => {
      if (content.kind === 'district') {
        const i = (y as ProgressReport['years'][number]).indicators[id];
        return progressCell(id, i.value, i.status, i.target, lang, yearInProgress(y.year, view.asOf, now));
      }
      return progressCell(id, (y as Rollup).indicators[id].value, null, null, lang, false);
    });
    return `<tr data-indicator="${id}"><th scope="row">${linked(id)}</th>${cells.join('')}</tr>`;
  });
  const snapshotRows = INDICATOR_IDS.map((id) => {
    if (content.kind === 'district') {
      const i = content.snapshot.indicators[id];
      return `<tr data-indicator="${id}"><th scope="row">${linked(id)}</th>${progressCell(id, i.value, i.status, i.target, lang, yearInProgress(Number(view.date.slice(0, 4)), view.asOf, now))}<td class="missing">${h(i.missing.join(', '))}</td></tr>`;
    }
    const i = content.snapshot.indicators[id];
    return `<tr data-indicator="${id}"><th scope="row">${linked(id)}</th>${progressCell(id, i.value, null, null, lang, false)}<td class="missing">${h([...i.missing, ...(i.note !== undefined ? [i.note] : [])].join(', '))}</td></tr>`;
  });
  const title = `${content.kind === 'rollup' ? `${word('rollup', lang)} · ` : ''}${view.districts.join(', ')}`;
  const legend = (['met', 'not-met', 'no-data'] as const).map((s) => `<span class="${s}">${h(`${statusMark(s)} ${statusLabel(s, lang)}`)}</span>`).join(' ') + ` <span class="in-progress">${h(`${IN_PROGRESS_MARK} ${word('inProgress', lang)}`)}</span>`;
  return page(
    title,
    view,
    '/district',
    `${controls('/district', view, range)}
<h2>${h(word('progressTitle', lang))}</h2>
<p class="meta">${h(`${word('asOf', lang)} ${view.asOf ?? word('everythingRecorded', lang)}`)}</p>
<table id="progress" class="progress"><thead><tr><th>${h(word('indicator', lang))}</th>${years.map((y) => `<th>${y}</th>`).join('')}</tr></thead><tbody>${progressRows.join('\n')}</tbody></table>
${content.kind === 'district' ? `<p class="legend">${legend}</p>` : ''}
<h2>${h(`${word('snapshot', lang)} · ${view.date}`)}</h2>
<table id="snapshot" class="snapshot"><thead><tr><th>${h(word('indicator', lang))}</th><th>${h(word('value', lang))}</th><th class="missing">${h(word('missing', lang))}</th></tr></thead><tbody>${snapshotRows.join('\n')}</tbody></table>`,
  );
};

/** The indicator page: the figure against its target per year, the vintages, and the lineage of the figure at the valuation date. */
export const indicatorPage = (
  view: View & { readonly indicator: IndicatorId },
  explanation: Explanation,
  names: ReadonlyMap<number, string>,
  range: { readonly first: string | null; readonly last: string | null },
): string => {
  const lang = view.lang;
  const id = view.indicator;
  const chartParams = viewUrl('', view).slice(1);
  const e = explanation;
  const contributions = e.contributions.map(
    (c) => `<tr><td>${h(c.entity)}</td><td>${h(names.get(c.position) ?? '')}</td><td><code>${h(c.eventId)}</code></td><td class="num">${h(displayFigure(c.position, 'count'))}</td></tr>`,
  );
  const statistics = e.statistics.map(
    (s) =>
      `<tr><td>${h(s.statistic)}</td><td class="num">${s.year}</td><td class="num">${h(displayFigure(s.value, 'count'))}</td><td>${h(STATISTICS[s.statistic as keyof typeof STATISTICS] ?? '')}</td><td><code>${h(s.eventId)}</code></td><td class="num">${h(displayFigure(s.position, 'count'))}</td></tr>`,
  );
  const measure = indicatorMeasure(id, lang).word;
  return page(
    `${indicatorLabel(id, lang)} · ${view.districts.join(', ')}`,
    view,
    '/indicator',
    `${controls('/indicator', view, range)}
<p class="meta"><code>${h(id)}</code> · ${h(measure)} · <a href="${h(viewUrl('/district', { ...view, indicator: undefined } as View))}">${h(word('progressTitle', lang))}</a></p>
<div class="charts">
<figure class="chart" data-chart="figure"><figcaption>${h(word('figure', lang))}</figcaption><img alt="${h(word('figure', lang))}" src="/chart/figure.svg?${h(chartParams)}"></figure>
<figure class="chart" data-chart="vintages"><figcaption>${h(word('vintages', lang))}</figcaption><img alt="${h(word('vintages', lang))}" src="/chart/vintages.svg?${h(chartParams)}"></figure>
</div>
<h2>${h(`${word('lineage', lang)} · ${e.date}`)}</h2>
<p id="figure" class="${e.status}" data-value="${e.value ?? ''}">${h(`${measuredFigure(e.value, id, lang)} · ${statusLabel(e.status, lang)}`)}${e.target !== null ? h(` · ${word('target', lang)} ${e.target.comparator === 'gte' ? '≥' : '≤'} ${measuredFigure(e.target.value, id, lang)}`) : ''}</p>
${e.missing.length > 0 ? `<p class="missing">${h(`${word('missing', lang)}: ${e.missing.join(', ')}`)}</p>` : ''}
<p>${h(word('counted', lang))}: <strong id="lineage-count" data-count="${e.contributions.length}">${h(displayFigure(e.contributions.length, 'count'))}</strong></p>
${contributions.length > 0 ? `<table id="lineage" class="lineage"><thead><tr><th>${h(word('entity', lang))}</th><th>${h(word('entityName', lang))}</th><th>${h(word('eventId', lang))}</th><th>${h(word('position', lang))}</th></tr></thead><tbody>${contributions.join('\n')}</tbody></table>` : ''}
${statistics.length > 0 ? `<h3>${h(word('statisticsUsed', lang))}</h3><table id="statistics" class="lineage"><thead><tr><th>${h(word('statistic', lang))}</th><th>${h(word('year', lang))}</th><th>${h(word('value', lang))}</th><th>${h(word('unit', lang))}</th><th>${h(word('eventId', lang))}</th><th>${h(word('position', lang))}</th></tr></thead><tbody>${statistics.join('\n')}</tbody></table>` : ''}`,
  );
};

/** The stylesheet, served as /assets/workbench.css (no inline style: the CSP allows `self` only). */
export const WORKBENCH_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1rem auto; max-width: 1320px; color: #212121; padding: 0 1rem; }
header { display: flex; gap: 1.5rem; align-items: baseline; font-size: .9rem; }
header .readonly { color: #666; margin-left: auto; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
.meta { color: #555; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: right; vertical-align: top; white-space: normal; overflow-wrap: anywhere; }
th[scope=row], thead th:first-child, td:first-child { text-align: left; }
td .target { display: block; color: #555; font-size: .75rem; }
td.num { text-align: right; }
td.missing, th.missing { text-align: left; color: #555; }
.met { color: #2e7d32; } .not-met { color: #c62828; } .no-data { color: #ef6c00; } .no-target { color: #78909c; } .in-progress { color: #1565c0; }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .5rem; background: #f5f5f5; }
.controls input[type=range] { flex: 1 1 20rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure.chart { margin: 0; } figure.chart figcaption { font-size: .85rem; color: #444; }
figure.chart img { max-width: 100%; height: auto; }
.legend span { margin-right: 1rem; }
`;

/** The script, served as /assets/workbench.js: the slider moves the as-of field, and any control change reloads the view. */
export const WORKBENCH_JS = `'use strict';
(function () {
  var form = document.getElementById('view');
  if (!form) return;
  var slider = document.getElementById('asOfSlider');
  var asOf = document.getElementById('asOf');
  var date = document.getElementById('date');
  if (slider && asOf) {
    slider.addEventListener('input', function () { asOf.value = new Date(Number(slider.value)).toISOString(); });
    slider.addEventListener('change', function () { form.requestSubmit(); });
  }
  if (asOf) asOf.addEventListener('change', function () { form.requestSubmit(); });
  if (date) date.addEventListener('change', function () { form.requestSubmit(); });
  // An empty field means everything recorded: it is left out of the URL.
  form.addEventListener('formdata', function (event) { if (event.formData.get('asOf') === '') event.formData.delete('asOf'); });
})();
`;
