import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from './testing/chromium.js';
import { INDICATOR_IDS } from '@indicator-ledger/core';
import { runLedger } from './testing/runLedger.js';

// The report of the README's demo ledger: the plan's targets and the synthetic history from seeds/.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const seeds = [join(root, 'seeds/plan-targets.ndjson'), join(root, 'seeds/synthetic-130302.ndjson')];
// The screenshot goes to the test's own folder; docs/report-screenshot.png (tracked) is rewritten only when
// asked for with LEDGER_UPDATE_SCREENSHOTS=1, so `pnpm test` leaves the working tree as it found it.
const keptScreenshot = join(root, 'docs/report-screenshot.png');
const updateScreenshots = process.env.LEDGER_UPDATE_SCREENSHOTS === '1';

let dir: string;
let html: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-report-'));
  const imported = await runLedger(['import', ...seeds], { cwd: dir });
  expect(imported.code, imported.stderr).toBe(0);
  const r = await runLedger(['report', '--district', '130302', '--out', 'report.html', '--lang', 'en'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^wrote report\.html \(\d+ KiB, 30 charts\)\n$/);
  html = readFileSync(join(dir, 'report.html'), 'utf8');
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ledger report', () => {
  it('is one self-contained HTML file: no script, no stylesheet link, no external reference', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/url\(/i);
    // Links only within the page.
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#/);
  });

  it('has, per indicator, a chart of figures against targets and a chart of vintages, each an inline SVG drawn by Vega', () => {
    for (const id of INDICATOR_IDS) {
      for (const chart of ['figure', 'vintages']) {
        const figure = new RegExp(`<figure class="chart" data-indicator="${id}" data-chart="${chart}">.*?</figure>`, 's').exec(html);
        expect(figure, `${id} ${chart}`).not.toBeNull();
        // Vega's SVG renderer marks its output with role classes: these are not hand-written.
        expect(figure![0]).toMatch(/<svg [^>]*class="marks"/);
        expect(figure![0]).toMatch(chart === 'figure' ? /role-mark[^"]*"[^>]*>.*?<path/s : /mark-line/);
      }
    }
  });

  it('labels in Chinese with --lang zh', async () => {
    const r = await runLedger(['report', '--district', '130302', '--out', 'zh.html', '--lang', 'zh', '--from', '2020', '--to', '2021'], { cwd: dir });
    expect(r.code).toBe(0);
    const zh = readFileSync(join(dir, 'zh.html'), 'utf8');
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('高新技术企业数');
  }, 300_000);

  it('exits 2 without --out', async () => {
    const r = await runLedger(['report', '--district', '130302'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--out <file>' not specified");
  });

  it.skipIf(!hasChromium)(
    hasChromium
      ? 'renders every chart in headless Chromium with no console error and no network request, and takes a screenshot'
      : `SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium), so the report's rendering in a browser is not checked`,
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => {
          if (!r.url().startsWith('file:')) requests.push(r.url());
        });
        await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
        const charts = await page.$$eval('figure.chart', (figures) =>
          figures.map((f) => {
            const svg = f.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            return {
              id: `${f.getAttribute('data-indicator')} ${f.getAttribute('data-chart')}`,
              width: box?.width ?? 0,
              height: box?.height ?? 0,
              marks: svg?.querySelectorAll('path, rect, line').length ?? 0,
            };
          }),
        );
        expect(charts).toHaveLength(2 * INDICATOR_IDS.length);
        for (const c of charts) {
          expect(c.width, c.id).toBeGreaterThan(200);
          expect(c.height, c.id).toBeGreaterThan(100);
          expect(c.marks, c.id).toBeGreaterThan(5);
        }
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
        const screenshot = updateScreenshots ? keptScreenshot : join(dir, 'report-screenshot.png');
        await page.screenshot({ path: screenshot });
        expect(readFileSync(screenshot).subarray(1, 4).toString('latin1')).toBe('PNG');
      } finally {
        await browser.close();
      }
    },
    300_000,
  );
});
