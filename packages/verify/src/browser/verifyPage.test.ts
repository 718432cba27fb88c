import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../../../cli/src/testing/chromium.js';
import { attachVerifyPage, readBundleFolder } from '../node.js';
import { bothVerdicts, bundleOf, copyOf, EVENTS, impostor, scratchDir, verifierKey, witnessNamed } from '../testSupport.js';
import { signNoteBody } from './testNotes.js';

const root = scratchDir();
let browser: Browser;
beforeAll(async () => {
  if (hasChromium) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Opens `verify.html` from file://, gives it `input` (a folder or a zip) and the key, and returns the page's verdict. */
const verdictOfPage = async (pageFile: string, input: { folder: string } | { zip: string }, key = verifierKey, witnesses?: { keys: string; quorum: string }) => {
  const page: Page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  await page.goto(pathToFileURL(pageFile).href);
  if ('folder' in input) await page.setInputFiles('#folder', input.folder);
  else await page.setInputFiles('#zip', input.zip);
  await page.fill('#key', key);
  if (witnesses !== undefined) {
    // The fields sit in a closed <details>, as an auditor finds them: opened first.
    await page.click('details:has(#witness-keys) > summary');
    await page.fill('#witness-keys', witnesses.keys);
    await page.fill('#witness-quorum', witnesses.quorum);
  }
  await page.click('#check');
  await page.waitForFunction(() => !['idle', 'running'].includes(document.getElementById('verdict')!.dataset['state']!), undefined, { timeout: 30_000 });
  const state = await page.$eval('#verdict', (e) => (e as HTMLElement).dataset['state']);
  const json = JSON.parse(await page.$eval('#verdict-json', (e) => e.textContent ?? 'null')) as unknown;
  const text = await page.$eval('#verdict', (e) => (e as HTMLElement).innerText);
  const progressRows = await page.$$eval('#progress tr', (rows) => rows.length);
  await page.close();
  expect(requests, 'the page reaches nothing outside file://').toEqual([]);
  return { state, json, text, progressRows };
};

const lines = (dir: string) => readFileSync(join(dir, 'records.ndjson'), 'utf8').split('\n').slice(0, -1);
const writeLines = (dir: string, ls: readonly string[]) => writeFileSync(join(dir, 'records.ndjson'), ls.map((l) => `${l}\n`).join(''));

describe.skipIf(!hasChromium)('verify.html in Chromium, offline (file://)', () => {
  let good: string;
  beforeAll(async () => {
    ({ dir: good } = await bundleOf(root, EVENTS, { checkpointsAfter: [2, 4], redactPosition: 3 }));
    const attached = await attachVerifyPage(good);
    expect(attached).toEqual(E.right(undefined));
  });

  it('a good bundle folder: verified, with the report and progress table core rebuilds', async () => {
    const { core } = await bothVerdicts(good);
    expect(core.ok).toBe(true);
    const shown = await verdictOfPage(join(good, 'verify.html'), { folder: good });
    expect(shown.state).toBe('verified');
    expect(shown.json).toEqual(JSON.parse(JSON.stringify(core.report)));
    expect(shown.progressRows).toBeGreaterThan(1);
    expect(shown.text).toContain('Verified: indicator-ledger/130302, 5 records');
  });

  it('the same bundle as a zip', async () => {
    const files = await readBundleFolder(good);
    const zip = join(root, 'bundle.zip');
    writeFileSync(zip, zipSync(Object.fromEntries([...files].map(([p, b]) => [`bundle/${p}`, b]))));
    const shown = await verdictOfPage(join(good, 'verify.html'), { zip });
    expect(shown.state).toBe('verified');
  });

  const tampered: [string, (dir: string) => void][] = [
    [
      'a flipped byte in record 3',
      (d) => {
        const bytes = readFileSync(join(d, 'records.ndjson'));
        const third = bytes.indexOf('"position":3');
        bytes[third + 20] = (bytes[third + 20] as number) ^ 0x01;
        writeFileSync(join(d, 'records.ndjson'), bytes);
      },
    ],
    ['a removed record', (d) => writeLines(d, lines(d).filter((_, i) => i !== 1))],
    ['a checkpoint signed by another key', (d) => writeFileSync(join(d, 'checkpoint.note'), signNoteBody(readFileSync(join(d, 'checkpoint.note'), 'utf8'), impostor))],
  ];
  for (const [name, tamper] of tampered) {
    it(`${name}: refused, with core's problem and first bad position`, async () => {
      const copy = copyOf(root, good);
      tamper(copy);
      const { core } = await bothVerdicts(copy);
      expect(core.ok).toBe(false);
      // The page of the good bundle checks the tampered folder: what an auditor does with a page they trust.
      const shown = await verdictOfPage(join(good, 'verify.html'), { folder: copy });
      expect(shown.state).toBe('refused');
      expect(shown.json).toEqual(JSON.parse(JSON.stringify({ problem: core.problem, reason: core.reason, position: core.position, file: core.file })));
      if (core.position !== undefined) expect(shown.text).toContain(`First bad position\n${core.position}`);
    });
  }

  it('the wrong trusted key: refused as verifier-key', async () => {
    const shown = await verdictOfPage(join(good, 'verify.html'), { folder: good }, verifierKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect(shown.state).toBe('refused');
    expect(shown.json).toMatchObject({ problem: 'verifier-key' });
  });

  describe('a witnessed bundle', () => {
    const city = witnessNamed('witness.city.example/130300');
    const province = witnessNamed('witness.province.example/130000');
    let witnessed: string;
    beforeAll(async () => {
      ({ dir: witnessed } = await bundleOf(root, EVENTS, { witnesses: [city, province] }));
      expect(await attachVerifyPage(witnessed)).toEqual(E.right(undefined));
    });

    it('both witnesses trusted, quorum 2: verified, naming the witnesses', async () => {
      const shown = await verdictOfPage(join(witnessed, 'verify.html'), { folder: witnessed }, verifierKey, { keys: `${city.key}\n\n${province.key}\n`, quorum: '2' });
      expect(shown.state).toBe('verified');
      expect(shown.text).toContain('Witnessed by 2 trusted witnesses');
      expect(shown.text).toContain(city.signer.keyName);
      expect((shown.json as { cosigners: unknown[] }).cosigners).toHaveLength(2);
    });

    it('a witness key that did not cosign: refused as a witness problem, with the reason shown', async () => {
      const stranger = witnessNamed('witness.elsewhere.example/1');
      const shown = await verdictOfPage(join(witnessed, 'verify.html'), { folder: witnessed }, verifierKey, { keys: stranger.key, quorum: '1' });
      expect(shown.state).toBe('refused');
      expect(shown.json).toMatchObject({ problem: 'witness', file: 'checkpoint.note' });
      expect(shown.text).toContain('0 of the trusted witnesses cosigned, the quorum is 1');
    });

    it('a quorum above the keys given: refused with the reason, not a failure of the page', async () => {
      const shown = await verdictOfPage(join(witnessed, 'verify.html'), { folder: witnessed }, verifierKey, { keys: city.key, quorum: '3' });
      expect(shown.state).toBe('refused');
      expect(shown.text).toContain('more than the 1 witness keys given');
    });
  });
});
