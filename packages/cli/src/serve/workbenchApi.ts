import type { EventStore, IndicatorProjections, Problem } from '@indicator-ledger/core';
import { dateOption, districtOption, indicatorOption, instantOption, yearOption } from '../optionValues.js';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../planYears.js';
import { districtsQuery, explainQuery, progressQuery, rankingQuery, rollupQuery, rollupYearsQuery, snapshotQuery, vintagesQuery } from '../queries.js';
import type { QueryAnswer, Valuation } from '../queries.js';
import { RequestParams } from './requestParams.js';

/** What an API route answers: the JSON object (200) or the problems of a bad request (400). */
export type ApiAnswer = { readonly status: 200; readonly body: unknown } | { readonly status: 400; readonly body: { readonly problems: readonly Problem[] } };

const badRequest = (problems: readonly Problem[]): ApiAnswer => ({ status: 400, body: { problems } });

const answered = <T>(answer: QueryAnswer<T>): ApiAnswer => (answer._tag === 'Left' ? badRequest(answer.left) : { status: 200, body: answer.right });

/** `year` or `date` (exactly one), as `--year`/`--date` of the commands. */
const valuationOf = (p: RequestParams): { year: number } | { date: string } | undefined => {
  const year = p.optional('year', yearOption);
  const date = p.optional('date', dateOption);
  if (year !== undefined && date !== undefined) p.problems.push({ path: 'date', reason: 'give year or date, not both' });
  else if (year !== undefined) return { year };
  else if (date !== undefined) return { date };
  else if (!p.problems.some((x) => x.path === 'year' || x.path === 'date')) p.problems.push({ path: 'year', reason: 'give year or date' });
  return undefined;
};

const asOfOf = (p: RequestParams): { asOf?: string } => {
  const asOf = p.optional('asOf', instantOption);
  return asOf !== undefined ? { asOf } : {};
};

type Route = (params: URLSearchParams, projections: IndicatorProjections, store: EventStore) => Promise<ApiAnswer>;

/**
 * The routes of `/api/…`: each reads its parameters (named as the command's options, camelCase) and
 * answers with the object the command prints with `--format json`, built by the same function in
 * queries.ts (docs/workbench.md lists them).
 */
export const API_ROUTES: Readonly<Record<string, Route>> = {
  districts: async (params, _projections, store) => {
    const p = new RequestParams(params, []);
    return p.problems.length > 0 ? badRequest(p.problems) : { status: 200, body: await districtsQuery(store) };
  },
  snapshot: async (params, projections) => {
    const p = new RequestParams(params, ['district', 'year', 'date', 'asOf']);
    const district = p.required('district', districtOption);
    const valuation = valuationOf(p);
    const asOf = asOfOf(p);
    if (p.problems.length > 0 || district === undefined || valuation === undefined) return badRequest(p.problems);
    return answered(await snapshotQuery(projections, district, { ...valuation, ...asOf } as Valuation));
  },
  progress: async (params, projections) => {
    const p = new RequestParams(params, ['district', 'from', 'to', 'asOf']);
    const district = p.required('district', districtOption);
    const from = p.optional('from', yearOption) ?? PLAN_FIRST_YEAR;
    const to = p.optional('to', yearOption) ?? PLAN_LAST_YEAR;
    const asOf = asOfOf(p);
    if (p.problems.length > 0 || district === undefined) return badRequest(p.problems);
    return answered(await progressQuery(projections, { district, from, to, ...asOf }));
  },
  explain: async (params, projections) => {
    const p = new RequestParams(params, ['district', 'indicator', 'year', 'date', 'asOf']);
    const district = p.required('district', districtOption);
    const indicator = p.required('indicator', indicatorOption);
    const valuation = valuationOf(p);
    const asOf = asOfOf(p);
    if (p.problems.length > 0 || district === undefined || indicator === undefined || valuation === undefined) return badRequest(p.problems);
    return answered(await explainQuery(projections, district, indicator, { ...valuation, ...asOf } as Valuation));
  },
  vintages: async (params, projections) => {
    const p = new RequestParams(params, ['district', 'indicator', 'year']);
    const district = p.required('district', districtOption);
    const indicator = p.required('indicator', indicatorOption);
    const year = p.required('year', yearOption);
    if (p.problems.length > 0 || district === undefined || indicator === undefined || year === undefined) return badRequest(p.problems);
    return answered(await vintagesQuery(projections, district, indicator, year));
  },
  rollup: async (params, projections) => {
    const p = new RequestParams(params, ['districts', 'year', 'from', 'to', 'asOf']);
    const districts = p.districtList('districts') ?? (p.problems.push({ path: 'districts', reason: 'required' }), undefined);
    const year = p.optional('year', yearOption);
    const from = p.optional('from', yearOption);
    const to = p.optional('to', yearOption);
    const asOf = asOfOf(p);
    if (year !== undefined && (from !== undefined || to !== undefined)) p.problems.push({ path: 'year', reason: 'give year, or from and to, not both' });
    if (year === undefined && (from === undefined || to === undefined) && !p.problems.some((x) => ['year', 'from', 'to'].includes(x.path))) {
      p.problems.push({ path: 'year', reason: 'give year, or from and to' });
    }
    if (from !== undefined && to !== undefined && from > to) p.problems.push({ path: 'from', reason: `${from} is after to ${to}` });
    if (p.problems.length > 0 || districts === undefined) return badRequest(p.problems);
    if (year !== undefined) return answered(await rollupQuery(projections, districts, { year, ...asOf }));
    return answered(await rollupYearsQuery(projections, { districts, from: from!, to: to!, ...asOf }));
  },
  ranking: async (params, projections) => {
    const p = new RequestParams(params, ['districts', 'indicator', 'year', 'order', 'asOf']);
    const districts = p.districtList('districts') ?? (p.problems.push({ path: 'districts', reason: 'required' }), undefined);
    const indicator = p.required('indicator', indicatorOption);
    const year = p.required('year', yearOption);
    const order = p.choice('order', ['desc', 'asc'] as const) ?? 'desc';
    const asOf = asOfOf(p);
    if (p.problems.length > 0 || districts === undefined || indicator === undefined || year === undefined) return badRequest(p.problems);
    return answered(await rankingQuery(projections, { districts, indicator, year, order, ...asOf }));
  },
};
