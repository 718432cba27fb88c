import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../testing/chromium.js';
import { createIndicatorProjections, INDICATOR_IDS } from '@indicator-ledger/core';
import type { EventStore } from '@indicator-ledger/core';
import { openStoreAt } from '../storeLocation.js';
import { runLedger } from '../testing/runLedger.js';

// The workbench in real Chromium: `ledger serve` in its own process (run from source with tsx, as
// bin.test.ts runs the command) over the README's demo ledger from seeds/.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const seeds = [join(root, 'seeds/plan-targets.ndjson'), join(root, 'seeds/synthetic-130302.ndjson')];
const tsxCli = createRequire(join(root, 'package.json')).resolve('tsx/cli');
const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
// docs/workbench-screenshot.png (tracked) is rewritten only with LEDGER_UPDATE_SCREENSHOTS=1, so `pnpm test` leaves the tree clean.
const keptScreenshot = join(root, 'docs/workbench-screenshot.png');
const updateScreenshots = process.env.LEDGER_UPDATE_SCREENSHOTS === '1';
const DISTRICT = '130302';
/** A past instant to travel to: after the 2020 targets and some recognitions, before most of the history. */
const PAST = '2021-03-15T00:00:00.000Z';

let dir: string;
let server: ChildProcess | undefined;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-serve-browser-'));
  if (!hasChromium) return;
  const imported = await runLedger(['import', ...seeds], { cwd: dir });
  expect(imported.code, imported.stderr).toBe(0);
  server = spawn(process.execPath, [tsxCli, bin, 'serve', '--port', '0'], {
    cwd: dir,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'), NO_COLOR: '1', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    server!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /serving the ledger read-only at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m !== null) resolve(m[1]!);
    });
    server!.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    server!.once('exit', (code) => reject(new Error(`ledger serve exited with ${code}: ${err}`)));
  });
}, 300_000);

afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The library's own answers over the same ledger file, to hold the pages against. */
const withLibrary = async <T>(work: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await openStoreAt({ kind: 'sqlite', path: join(dir, 'ledger.db') });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};

describe('ledger serve in Chromium', () => {
  it.skipIf(!hasChromium)(
    hasChromium
      ? 'lists the district, travels back in time to the library snapshot, shows a lineage as long as its count, switches to Chinese; no console error, no request off 127.0.0.1'
      : `SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium), so the workbench is not checked in a browser`,
    async () => {
      const browser = await launchChromium();
      try {
        const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1320, height: 1500 } });
        const page = await context.newPage();
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => requests.push(r.url()));

        // The district list, with the record count of the stream.
        await page.goto(url, { waitUntil: 'load' });
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        const row = page.locator(`tr[data-district="${DISTRICT}"]`);
        expect(await row.locator('td.num').textContent()).toBe('11,095');
        await Promise.all([page.waitForURL(/\/district\?/), row.locator('a.district').click()]);

        // Move the as-of slider to a past instant: every table is redrawn as known then.
        await Promise.all([
          page.waitForURL((u) => u.searchParams.get('asOf') === PAST, { timeout: 120_000 }),
          page.locator('#asOfSlider').evaluate((element, at: number) => {
            const slider = element as unknown as { value: string; dispatchEvent(event: unknown): boolean };
            slider.value = String(at);
            slider.dispatchEvent(new Event('input', { bubbles: true }));
            slider.dispatchEvent(new Event('change', { bubbles: true }));
          }, Date.parse(PAST)),
        ]);
        expect(await page.inputValue('#asOf')).toBe(PAST);
        const date = await page.inputValue('#date');
        const shown = await page.$$eval('#snapshot tr[data-indicator] td[data-value]', (cells) =>
          cells.map((c) => [c.closest('tr')!.getAttribute('data-indicator')!, c.getAttribute('data-value')!] as const),
        );
        const progressShown = await page.$$eval('#progress tr[data-indicator]', (rows) =>
          rows.map((r) => [r.getAttribute('data-indicator')!, [...r.querySelectorAll('td')].map((c) => c.getAttribute('data-value')!)] as const),
        );
        const [snapshot, progress] = await withLibrary(async (store) => {
          const projections = createIndicatorProjections(store);
          return [await projections.snapshot(DISTRICT, { date, asOf: PAST }), await projections.progress(DISTRICT, { from: 2019, to: 2025, asOf: PAST })] as const;
        });
        if (snapshot._tag !== 'Right' || progress._tag !== 'Right') throw new Error('the library refused the query');
        expect(shown.map(([id]) => id)).toEqual([...INDICATOR_IDS]);
        for (const [id, value] of shown) expect(value, id).toBe(String(snapshot.right.indicators[id as (typeof INDICATOR_IDS)[number]].value ?? ''));
        for (const [id, values] of progressShown) {
          expect(values, id).toEqual(progress.right.map((y) => String(y.indicators[id as (typeof INDICATOR_IDS)[number]].value ?? '')));
        }
        // Not everything recorded: the past differs from the present for at least one figure.
        const now = await withLibrary((store) => createIndicatorProjections(store).snapshot(DISTRICT, { date }));
        if (now._tag !== 'Right') throw new Error('the library refused the query');
        expect(INDICATOR_IDS.some((id) => now.right.indicators[id].value !== snapshot.right.indicators[id].value)).toBe(true);

        // An indicator page: the charts are drawn, and the lineage lists as many entities as the figure counts.
        await Promise.all([page.waitForURL(/\/indicator\?/), page.locator('#snapshot tr[data-indicator="high-tech-enterprises"] a.indicator').click()]);
        expect(new URL(page.url()).searchParams.get('asOf')).toBe(PAST);
        await page.waitForFunction(() =>
          [...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ complete: boolean }> } }).document.querySelectorAll('figure.chart img')].every((i) => i.complete),
        );
        const images = await page.$$eval('figure.chart img', (imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));
        expect(images).toHaveLength(2);
        for (const width of images) expect(width).toBeGreaterThan(200);
        const count = Number(await page.getAttribute('#lineage-count', 'data-count'));
        expect(count).toBe(snapshot.right.indicators['high-tech-enterprises'].value);
        expect(await page.locator('#lineage tbody tr').count()).toBe(count);
        expect(Number(await page.getAttribute('#figure', 'data-value'))).toBe(count);

        // Chinese, with measure words; the view (district, indicator, date, asOf) stays in the URL.
        await Promise.all([page.waitForURL(/lang=zh/), page.click('#lang-zh')]);
        expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
        expect(await page.textContent('h1')).toContain('高新技术企业数');
        expect(await page.textContent('#figure')).toMatch(/^[\d,]+ 家/);
        expect(new URL(page.url()).searchParams.get('asOf')).toBe(PAST);

        // No label is cut off, in either language: every row heading and cell shows its whole text.
        for (const lang of ['zh', 'en']) {
          await page.goto(new URL(`/district?districts=${DISTRICT}&date=${date}&asOf=${encodeURIComponent(PAST)}&lang=${lang}`, url).href, { waitUntil: 'load' });
          const clipped = await page.$$eval('#progress th, #progress td, #snapshot th, #snapshot td', (cells) => cells.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.textContent));
          expect(clipped, lang).toEqual([]);
        }
        // The screenshot is of the English page: the test machine may have no CJK font.
        const screenshot = updateScreenshots ? keptScreenshot : join(dir, 'workbench-screenshot.png');
        await page.screenshot({ path: screenshot, fullPage: true });
        expect(readFileSync(screenshot).subarray(1, 4).toString('latin1')).toBe('PNG');

        expect(errors).toEqual([]);
        const origin = new URL(url).origin;
        expect(requests.filter((r) => !r.startsWith(`${origin}/`))).toEqual([]);
        expect(requests.length).toBeGreaterThan(5);
      } finally {
        await browser.close();
      }
    },
    300_000,
  );
});
