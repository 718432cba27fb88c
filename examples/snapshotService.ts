/**
 * Example: a district system's small HTTP service that embeds the ledger and serves snapshots as JSON.
 *
 *   GET /districts/130302/snapshot?year=2020            the docs/spec.md §7 snapshot on 2020-12-31
 *   GET /districts/130302/snapshot?date=2021-06-30&asOf=2021-07-01T00:00:00%2B08:00
 *   GET /districts/130302/progress?from=2019&to=2025    years × indicators
 *   GET /health
 *
 * Run it on the demo ledger (`pnpm demo` first): `pnpm --filter @indicator-ledger/examples http-service`,
 * then `curl localhost:8080/districts/130302/snapshot?year=2020`. Environment: LEDGER_STORE (default:
 * ledger.db where the command is typed), PORT (default 8080), DISTRICT (130302).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createIndicatorProjections } from '@indicator-ledger/core';
import type { IndicatorProjections, Problem } from '@indicator-ledger/core';
import { openDemoLedger, runExample } from './demoLedger.js';

const send = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

// Query parameters are text; the library validates them and answers with problems (field path, reason).
const numberOrText = (text: string | null): number | undefined => (text === null ? undefined : Number(text));

const answer = async (projections: IndicatorProjections, url: URL): Promise<{ status: number; body: unknown }> => {
  const route = /^\/districts\/([^/]+)\/(snapshot|progress)$/.exec(url.pathname);
  if (url.pathname === '/health') return { status: 200, body: { ok: true } };
  if (route === null) return { status: 404, body: { problems: [{ path: '', reason: `no resource at ${url.pathname}` }] } };
  const [, district, resource] = route as unknown as [string, string, 'snapshot' | 'progress'];
  const q = url.searchParams;
  const asOf = q.get('asOf') ?? undefined;
  const result =
    resource === 'snapshot'
      ? await projections.snapshot(district, {
          ...(q.has('year') ? { year: numberOrText(q.get('year'))! } : { date: q.get('date') ?? '' }),
          ...(asOf !== undefined ? { asOf } : {}),
        })
      : await projections.progress(district, { from: numberOrText(q.get('from')) ?? 2019, to: numberOrText(q.get('to')) ?? 2025, ...(asOf !== undefined ? { asOf } : {}) });
  return result._tag === 'Right' ? { status: 200, body: result.right } : { status: 400, body: { problems: result.left satisfies Problem[] } };
};

/**
 * The service: an HTTP server answering from `projections`. Projections created with `{ ledger }` follow
 * that ledger's appends, and fold what other writers appended on the next request, so answers stay current.
 */
export const createSnapshotService = (projections: IndicatorProjections): Server =>
  createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') return send(res, 405, { problems: [{ path: '', reason: 'only GET' }] });
    answer(projections, new URL(req.url ?? '/', 'http://localhost')).then(
      ({ status, body }) => send(res, status, body),
      (err: unknown) => send(res, 500, { problems: [{ path: '', reason: err instanceof Error ? err.message : String(err) }] }),
    );
  });

const main = async (): Promise<void> => {
  const store = await openDemoLedger(process.env.DISTRICT ?? '130302');
  const server = createSnapshotService(createIndicatorProjections(store));
  const port = Number(process.env.PORT ?? 8080);
  server.listen(port, () => console.log(`serving snapshots on http://localhost:${port}/districts/130302/snapshot?year=2020`));
  const stop = () => server.close(() => void store.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runExample(main);
