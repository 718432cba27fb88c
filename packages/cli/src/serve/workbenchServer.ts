import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIndicatorProjections, INDICATOR_IDS } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, IndicatorId, Problem } from '@indicator-ledger/core';
import type { Lang } from '../labels.js';
import { dateOption, districtOption, indicatorOption, instantOption } from '../optionValues.js';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../planYears.js';
import { districtsQuery, explainQuery, jsonText, progressQuery, rollupQuery, rollupYearsQuery, snapshotQuery, vintagesQuery } from '../queries.js';
import type { DistrictSummary } from '../queries.js';
import { chartSvg } from '../report/chartSvg.js';
import { figureChart, vintagesChart } from '../report/reportCharts.js';
import type { ReportData, YearVintages } from '../report/reportData.js';
import { EntityNames } from './entityNames.js';
import { RequestParams } from './requestParams.js';
import { API_ROUTES } from './workbenchApi.js';
import { districtListPage, districtPage, indicatorPage, WORKBENCH_CSS, WORKBENCH_JS } from './workbenchPages.js';
import type { View } from './workbenchPages.js';

/** Where the workbench listens: 127.0.0.1 unless told otherwise; port 0 picks a free one. */
export interface WorkbenchOptions {
  readonly host: string;
  readonly port: number;
  /** The clock for "today" (the default valuation date, years in progress); injectable for tests. */
  readonly now?: () => Date;
}

/** A running workbench: its URL, and how to stop it. */
export interface Workbench {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Self only: scripts, styles, images and fetches from the workbench itself, nothing inline, no frames, forms
 * back to itself only (docs/workbench.md). Charts are SVG images with their own, script-free policy.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2e7d32"/><path d="M3 12V7h2v5zm4 0V4h2v8zm4 0V9h2v3z" fill="#fff"/></svg>';
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/** A response the handlers build; the server writes it with the security headers. */
interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: string;
  readonly policy?: string;
}

const json = (status: number, value: unknown): Reply => ({ status, type: 'application/json; charset=utf-8', body: jsonText(value) });
const problems = (status: number, list: readonly Problem[]): Reply => json(status, { problems: list });
const html = (body: string): Reply => ({ status: 200, type: 'text/html; charset=utf-8', body });

/**
 * The valuation date of a view that names none: today, kept within the plan's years (docs/spec.md §8.5),
 * so that after the plan ends the workbench opens on its last year-end rather than on empty flows.
 */
export const defaultValuationDate = (now: Date): string => {
  const today = now.toISOString().slice(0, 10);
  const first = `${PLAN_FIRST_YEAR}-01-01`;
  const last = `${PLAN_LAST_YEAR}-12-31`;
  return today < first ? first : today > last ? last : today;
};

/** `zh` when the browser's Accept-Language puts Chinese first, else `en`. */
export const langOfAcceptLanguage = (header: string | undefined): Lang => (/^\s*zh/i.test(header ?? '') ? 'zh' : 'en');

/** The view a page request asks for; problems for parameters the command's parsers refuse. */
const viewOf = (params: URLSearchParams, request: IncomingMessage, today: string, known: readonly string[]): { view: View; problems: Problem[] } => {
  const p = new RequestParams(params, ['districts', 'date', 'asOf', 'lang', ...known]);
  const districts = (p.districtList('districts') ?? []).filter((d) => d !== '');
  for (const d of districts) {
    try {
      districtOption(d);
    } catch (err) {
      p.problems.push({ path: 'districts', reason: `${JSON.stringify(d)}: ${(err as Error).message}` });
    }
  }
  const indicator = known.includes('indicator') ? p.required('indicator', indicatorOption) : undefined;
  const date = p.optional('date', dateOption) ?? today;
  const asOf = p.optional('asOf', instantOption);
  const lang = p.choice('lang', ['zh', 'en'] as const) ?? langOfAcceptLanguage(request.headers['accept-language']);
  return { view: { districts, date, lang, ...(indicator !== undefined ? { indicator } : {}), ...(asOf !== undefined ? { asOf } : {}) }, problems: p.problems };
};

/** The recordedAt range of the given districts' streams, for the as-of slider. */
const rangeOf = (summaries: readonly DistrictSummary[], districts: readonly string[]): { first: string | null; last: string | null } => {
  const chosen = summaries.filter((s) => districts.includes(s.district));
  const firsts = chosen.map((s) => s.firstRecordedAt).filter((x): x is NonNullable<typeof x> => x !== null).sort();
  const lasts = chosen.map((s) => s.lastRecordedAt).filter((x): x is NonNullable<typeof x> => x !== null).sort();
  return { first: firsts[0] ?? null, last: lasts[lasts.length - 1] ?? null };
};

/**
 * Starts the read-only workbench over `store` (docs/workbench.md): HTML pages, SVG charts drawn on the
 * server with Vega (as `ledger report` draws them, so no chart library goes to the browser), and the
 * JSON API of {@link API_ROUTES}. It never appends: there is no route that writes.
 */
export const startWorkbench = async (store: EventStore, options: WorkbenchOptions): Promise<Workbench> => {
  // No checkpointEvery: serving reads and never writes to the store, checkpoints included.
  const projections = createIndicatorProjections(store);
  const names = new EntityNames(store);
  const now = options.now ?? (() => new Date());
  let ownUrl = '';
  let hostAllowed: (header: string | undefined) => boolean = () => true;

  const handle = async (request: IncomingMessage): Promise<Reply> => {
    if (!hostAllowed(request.headers.host)) return problems(403, [{ path: 'host', reason: `${JSON.stringify(request.headers.host ?? '')} is not this workbench; open ${ownUrl}` }]);
    if (request.method !== 'GET' && request.method !== 'HEAD') return problems(405, [{ path: 'method', reason: `${request.method ?? ''} is not served: the workbench is read-only (GET only)` }]);
    const url = new URL(request.url ?? '/', 'http://workbench.invalid');
    const today = defaultValuationDate(now());
    const segments = url.pathname.split('/').filter((s) => s !== '');
    if (segments[0] === 'api' && segments.length === 2) {
      const route = Object.hasOwn(API_ROUTES, segments[1]!) ? API_ROUTES[segments[1]!] : undefined;
      if (route === undefined) return problems(404, [{ path: url.pathname, reason: `no such API route; one of ${Object.keys(API_ROUTES).map((r) => `/api/${r}`).join(', ')}` }]);
      const answer = await route(url.searchParams, projections, store);
      return answer.status === 200 ? json(200, answer.body) : problems(400, answer.body.problems);
    }
    switch (url.pathname) {
      case '/assets/workbench.css':
        return { status: 200, type: 'text/css; charset=utf-8', body: WORKBENCH_CSS };
      case '/favicon.ico':
      case '/assets/favicon.svg':
        // Browsers ask for an icon on their own; a tiny one of our own keeps that request local and quiet.
        return { status: 200, type: 'image/svg+xml', body: FAVICON_SVG, policy: SVG_POLICY };
      case '/assets/workbench.js':
        return { status: 200, type: 'text/javascript; charset=utf-8', body: WORKBENCH_JS };
      case '/': {
        const { view, problems: bad } = viewOf(url.searchParams, request, today, []);
        if (bad.length > 0) return problems(400, bad);
        return html(districtListPage((await districtsQuery(store)).districts, view));
      }
      case '/district': {
        const { view, problems: bad } = viewOf(url.searchParams, request, today, []);
        if (view.districts.length === 0 && bad.length === 0) bad.push({ path: 'districts', reason: 'choose at least one district' });
        if (bad.length > 0) return problems(400, bad);
        const asOf = view.asOf !== undefined ? { asOf: view.asOf } : {};
        const range = rangeOf((await districtsQuery(store)).districts, view.districts);
        if (view.districts.length === 1) {
          const district = view.districts[0]!;
          const [progress, snapshot] = [await progressQuery(projections, { district, from: PLAN_FIRST_YEAR, to: PLAN_LAST_YEAR, ...asOf }), await snapshotQuery(projections, district, { date: view.date, ...asOf })];
          if (progress._tag === 'Left' || snapshot._tag === 'Left') return problems(400, [...(progress._tag === 'Left' ? progress.left : []), ...(snapshot._tag === 'Left' ? snapshot.left : [])]);
          return html(districtPage(view, { kind: 'district', progress: progress.right, snapshot: snapshot.right }, range, now()));
        }
        const progress = await rollupYearsQuery(projections, { districts: view.districts, from: PLAN_FIRST_YEAR, to: PLAN_LAST_YEAR, ...asOf });
        const snapshot = await rollupQuery(projections, view.districts, { date: view.date, ...asOf });
        if (progress._tag === 'Left' || snapshot._tag === 'Left') return problems(400, progress._tag === 'Left' ? progress.left : snapshot._tag === 'Left' ? snapshot.left : []);
        return html(districtPage(view, { kind: 'rollup', progress: progress.right, snapshot: snapshot.right }, range, now()));
      }
      case '/indicator':
      case '/chart/figure.svg':
      case '/chart/vintages.svg': {
        const { view, problems: bad } = viewOf(url.searchParams, request, today, ['indicator']);
        if (view.districts.length !== 1 && bad.length === 0) bad.push({ path: 'districts', reason: 'an indicator page shows one district; a roll-up has no lineage of its own' });
        if (bad.length > 0 || view.indicator === undefined) return problems(400, bad);
        const district = view.districts[0] as DistrictCode;
        const indicator = view.indicator;
        const asOf = view.asOf !== undefined ? { asOf: view.asOf } : {};
        if (url.pathname === '/indicator') {
          const explanation = await explainQuery(projections, district, indicator, { date: view.date, ...asOf });
          if (explanation._tag === 'Left') return problems(400, explanation.left);
          const range = rangeOf((await districtsQuery(store)).districts, view.districts);
          return html(indicatorPage({ ...view, indicator }, explanation.right, await names.of(district), range));
        }
        const svg = await chartOf(url.pathname === '/chart/figure.svg' ? 'figure' : 'vintages', district, indicator, view);
        if (svg._tag === 'Left') return problems(400, svg.left);
        return { status: 200, type: 'image/svg+xml; charset=utf-8', body: svg.right, policy: SVG_POLICY };
      }
      default:
        return problems(404, [{ path: url.pathname, reason: 'no such page' }]);
    }
  };

  /** A chart of one indicator as known at the view's instant: figures against targets, or the vintages known by then. */
  const chartOf = async (kind: 'figure' | 'vintages', district: DistrictCode, id: IndicatorId, view: View): Promise<{ _tag: 'Left'; left: Problem[] } | { _tag: 'Right'; right: string }> => {
    const progress = await progressQuery(projections, { district, from: PLAN_FIRST_YEAR, to: PLAN_LAST_YEAR, ...(view.asOf !== undefined ? { asOf: view.asOf } : {}) });
    if (progress._tag === 'Left') return progress;
    const head = await store.head(district);
    const known: YearVintages[] = [];
    if (kind === 'vintages') {
      for (let year = PLAN_FIRST_YEAR; year <= PLAN_LAST_YEAR; year++) {
        const v = await vintagesQuery(projections, district, id, year);
        if (v._tag === 'Left') return v;
        // Time travel: only the vintages that had begun by the instant, the last one drawn up to it.
        known.push({ year, vintages: v.right.vintages.filter((x) => view.asOf === undefined || x.fromRecordedAt <= view.asOf) });
      }
    }
    const vintages = Object.fromEntries(INDICATOR_IDS.map((i) => [i, i === id ? known : []])) as unknown as ReportData['vintages'];
    const lastRecordedAt = view.asOf !== undefined && head.recordedAt !== null && view.asOf < head.recordedAt ? view.asOf : head.recordedAt;
    const data: ReportData = { districts: [district], from: PLAN_FIRST_YEAR, to: PLAN_LAST_YEAR, asOf: (view.asOf ?? null) as ReportData['asOf'], positions: [head.position], lastRecordedAt: lastRecordedAt as ReportData['lastRecordedAt'], years: progress.right.years, vintages };
    return { _tag: 'Right', right: await chartSvg(kind === 'figure' ? figureChart(data, id, view.lang) : vintagesChart(data, id, view.lang)) };
  };

  const reply = (response: ServerResponse, r: Reply, head: boolean): void => {
    response.writeHead(r.status, {
      'content-type': r.type,
      'content-security-policy': r.policy ?? CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    response.end(head ? undefined : r.body);
  };

  const server = createServer((request, response) => {
    handle(request).then(
      (r) => reply(response, r, request.method === 'HEAD'),
      // Never a stack trace to the browser: one line of what failed.
      (err: unknown) => reply(response, problems(500, [{ path: '', reason: `the workbench failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` }]), false),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ownUrl = `http://${host}:${address.port}/`;
  // On a loopback address, a request naming another host is a page elsewhere that had its name resolved
  // to 127.0.0.1 (DNS rebinding) to read the ledger: only this machine's own names are answered.
  if (/^(127\.|::1$|::ffff:127\.)/.test(address.address)) {
    const names = new Set([host, 'localhost', '127.0.0.1', '[::1]'].map((name) => `${name}:${address.port}`.toLowerCase()));
    hostAllowed = (header) => header !== undefined && names.has(header.toLowerCase());
  }
  return {
    url: ownUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
