import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '@indicator-ledger/core';
import { escapeHtml } from '../report/reportPage.js';
import { openStoreAt } from '../storeLocation.js';
import { HOSTILE_NAME, NEIGHBOUR_DISTRICT, neighbourEvents } from '../testing/neighbourDistrict.js';
import { runLedger } from '../testing/runLedger.js';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from '../testing/sampleHistory.js';
import { CONTENT_SECURITY_POLICY, startWorkbench } from './workbenchServer.js';
import type { Workbench } from './workbenchServer.js';

let dir: string;
let store: EventStore;
let workbench: Workbench;
const both = `${SAMPLE_DISTRICT},${NEIGHBOUR_DISTRICT}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-serve-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  writeFileSync(join(dir, 'neighbour.ndjson'), ndjsonOf(neighbourEvents()));
  const imported = await runLedger(['import', 'sample.ndjson', 'neighbour.ndjson'], { cwd: dir });
  expect(imported.code, imported.stderr).toBe(0);
  store = await openStoreAt({ kind: 'sqlite', path: join(dir, 'ledger.db') });
  workbench = await startWorkbench(store, { host: '127.0.0.1', port: 0, now: () => new Date('2026-06-01T00:00:00Z') });
});
afterAll(async () => {
  await workbench?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(new URL(path, workbench.url), init);

/** The same question to the API and to the command (`--format json`). */
const SAME_QUERIES: readonly (readonly [string, readonly string[]])[] = [
  ['/api/districts', ['districts']],
  [`/api/snapshot?district=${SAMPLE_DISTRICT}&year=2020`, ['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020']],
  [`/api/snapshot?district=${SAMPLE_DISTRICT}&date=2021-06-30&asOf=2021-03-01T08:00:00%2B08:00`, ['snapshot', '--district', SAMPLE_DISTRICT, '--date', '2021-06-30', '--as-of', '2021-03-01T08:00:00+08:00']],
  [`/api/progress?district=${SAMPLE_DISTRICT}`, ['progress', '--district', SAMPLE_DISTRICT]],
  [`/api/progress?district=${SAMPLE_DISTRICT}&from=2020&to=2021&asOf=2020-12-31T00:00:00Z`, ['progress', '--district', SAMPLE_DISTRICT, '--from', '2020', '--to', '2021', '--as-of', '2020-12-31T00:00:00Z']],
  [`/api/explain?district=${SAMPLE_DISTRICT}&indicator=high-tech-enterprises&year=2021`, ['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'high-tech-enterprises', '--year', '2021']],
  [`/api/explain?district=${SAMPLE_DISTRICT}&indicator=fiscal-st-share&year=2020&asOf=2021-04-01T00:00:00Z`, ['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'fiscal-st-share', '--year', '2020', '--as-of', '2021-04-01T00:00:00Z']],
  [`/api/vintages?district=${SAMPLE_DISTRICT}&indicator=fiscal-st-share&year=2020`, ['vintages', '--district', SAMPLE_DISTRICT, '--indicator', 'fiscal-st-share', '--year', '2020']],
  [`/api/rollup?districts=${both}&year=2020`, ['rollup', '--districts', both, '--year', '2020']],
  [`/api/rollup?districts=${both}&from=2019&to=2021&asOf=2020-10-01T00:00:00Z`, ['rollup', '--districts', both, '--from', '2019', '--to', '2021', '--as-of', '2020-10-01T00:00:00Z']],
  [`/api/ranking?districts=${both}&indicator=st-funds-allocated&year=2020&order=asc`, ['ranking', '--districts', both, '--indicator', 'st-funds-allocated', '--year', '2020', '--order', 'asc']],
];

describe('the workbench JSON API', () => {
  it.each(SAME_QUERIES)('%s answers exactly what the command prints with --format json', async (path, argv) => {
    const cli = await runLedger([...argv, '--format', 'json'], { cwd: dir });
    expect(cli.code, cli.stderr).toBe(0);
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual(JSON.parse(cli.stdout));
    // The same function prints both: the very bytes agree too.
    expect(text).toBe(cli.stdout);
  });

  it('answers a bad request with 400 and every problem as {path, reason}, never a stack trace', async () => {
    const response = await get(`/api/snapshot?district=1303&yeer=2020&asOf=yesterday`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: { path: string; reason: string }[] };
    expect(body.problems.map((p) => p.path).sort()).toEqual(['asOf', 'district', 'year', 'yeer']);
    for (const p of body.problems) expect(typeof p.reason).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('passes the library refusal of a district list through as a 400', async () => {
    const response = await get(`/api/rollup?districts=${SAMPLE_DISTRICT},12&year=2020`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { problems: { path: string }[] }).problems[0]!.path).toBe('district');
  });

  it('answers unknown paths with 404 and any method but GET and HEAD with 405: it is read-only', async () => {
    expect((await get('/api/append')).status).toBe(404);
    expect((await get('/etc/passwd')).status).toBe(404);
    const post = await get('/api/districts', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(((await post.json()) as { problems: unknown[] }).problems).toHaveLength(1);
  });
});

describe('the workbench pages', () => {
  it('send a self-only Content-Security-Policy and no inline script or style', async () => {
    const response = await get(`/district?districts=${SAMPLE_DISTRICT}&lang=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|https?:/);
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/)/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('escape a hostile entity name in the lineage', async () => {
    const html = await (await get(`/indicator?districts=${NEIGHBOUR_DISTRICT}&indicator=high-tech-enterprises&date=2021-12-31&lang=en`)).text();
    expect(html).toContain(escapeHtml(HOSTILE_NAME));
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
  });

  it('take the default language from Accept-Language, and lang= overrides it', async () => {
    const zh = await (await get('/', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } })).text();
    expect(zh).toContain('<html lang="zh-CN">');
    const en = await (await get('/?lang=en', { headers: { 'accept-language': 'zh-CN' } })).text();
    expect(en).toContain('<html lang="en">');
  });

  it('show a figure below target in a year still running at the knowledge instant as in progress, and a finished one as not met', async () => {
    const html = await (await get(`/district?districts=${SAMPLE_DISTRICT}&date=2020-12-31&asOf=2020-06-01T00:00:00Z&lang=en`)).text();
    const row = /<tr data-indicator="high-tech-enterprises">.*?<\/tr>/s.exec(html.split('id="progress"')[1]!)![0];
    const cells = [...row.matchAll(/<td class="([a-z-]+)"[^>]*>([^<]*)/g)].map((m) => [m[1], m[2]]);
    expect(cells.slice(0, 3)).toEqual([['no-target', '1 enterprises'], ['in-progress', '1 enterprises …'], ['in-progress', '1 enterprises …']]);
    const later = await (await get(`/district?districts=${SAMPLE_DISTRICT}&date=2021-12-31&asOf=2022-01-01T00:00:00Z&lang=en`)).text();
    const row2021 = /<tr data-indicator="high-tech-enterprises">.*?<\/tr>/s.exec(later.split('id="progress"')[1]!)![0];
    expect([...row2021.matchAll(/<td class="([a-z-]+)"/g)].map((m) => m[1])[2]).toBe('not-met');
  });

  it('show the progress table of a roll-up: the library rollup of every plan year, with no status', async () => {
    const html = await (await get(`/district?districts=${both}&date=2021-12-31&lang=en`)).text();
    const table = html.split('id="progress"')[1]!.split('</table>')[0]!;
    const api = (await (await get(`/api/rollup?districts=${both}&from=2019&to=2025`)).json()) as { years: { indicators: Record<string, { value: number | null }> }[] };
    for (const id of ['high-tech-enterprises', 'st-funds-allocated', 'fiscal-st-share']) {
      const row = new RegExp(`<tr data-indicator="${id}">.*?</tr>`, 's').exec(table)![0];
      expect([...row.matchAll(/data-value="([^"]*)"/g)].map((m) => m[1]), id).toEqual(api.years.map((y) => String(y.indicators[id]!.value ?? '')));
      expect(row).not.toMatch(/class="(met|not-met|in-progress)"/);
    }
  });

  it('answer a bad view with 400 problems', async () => {
    const response = await get(`/indicator?districts=${SAMPLE_DISTRICT}&indicator=nope`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(['indicator']);
  });
});

describe('the workbench on 127.0.0.1', () => {
  it('refuses a request naming another host (DNS rebinding) with 403, and answers its own names', async () => {
    const { request } = await import('node:http');
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(workbench.url);
        const req = request({ host: u.hostname, port: u.port, path: '/api/districts', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const port = new URL(workbench.url).port;
    expect(await statusFor(`evil.example:${port}`)).toBe(403);
    expect(await statusFor('127.0.0.1:1')).toBe(403);
    expect(await statusFor(`localhost:${port}`)).toBe(200);
    expect(await statusFor(`127.0.0.1:${port}`)).toBe(200);
  });
});

describe('escapeHtml', () => {
  it('leaves no character that opens markup or ends an attribute, and loses nothing', () => {
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        return !/[<>"']/.test(escaped) && unescape(escaped) === text;
      }),
    );
  });
});
