/**
 * The ESM build for bundlers targeting browsers (`dist/browser.js`, the `browser` condition and the
 * `./browser` subpath): one file that imports nothing — no `node:*` module, no package — and gives the
 * verdicts of the Node build. Run after `pnpm build`, like the page's tests.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundleFolder } from '../node.js';
import { verifyBundleFiles } from '../bundleVerifier.js';
import { bundleOf, copyOf, EVENTS, scratchDir, verifierKey, witnessNamed } from '../testSupport.js';

const BUILT = fileURLToPath(new URL('../../dist/browser.js', import.meta.url));
const root = scratchDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dist/browser.js', () => {
  it('exists and is what the package exports for the browser condition and ./browser', () => {
    expect(existsSync(BUILT), 'run pnpm build first').toBe(true);
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { exports: Record<string, { browser?: { default: string }; default?: string }> };
    expect(manifest.exports['.']?.browser?.default).toBe('./dist/browser.js');
    expect(manifest.exports['./browser']?.default).toBe('./dist/browser.js');
  });

  it('imports nothing: no node: module, no package, no require', () => {
    const text = readFileSync(BUILT, 'utf8');
    expect(text).not.toMatch(/["']node:/);
    expect(text).not.toMatch(/\bimport\s*(?:[\w*{}\s,]+from\s*)?["']/);
    expect(text).not.toMatch(/\bimport\(/);
    expect(text).not.toMatch(/\brequire\(["']/);
  });

  it('gives the Node build’s verdicts: a good witnessed bundle, a tampered one, a missing quorum', async () => {
    const browser = (await import(BUILT)) as { verifyBundleFiles: typeof verifyBundleFiles };
    const city = witnessNamed('witness.city.example/130300');
    const { dir } = await bundleOf(root, EVENTS, { checkpointsAfter: [2], witnesses: [city] });
    const tampered = copyOf(root, dir);
    const records = readFileSync(join(tampered, 'records.ndjson'), 'utf8');
    writeFileSync(join(tampered, 'records.ndjson'), records.replace('"TP-2"', '"TP-3"'));
    for (const [folder, witnesses] of [
      [dir, { keys: [city.key] }],
      [tampered, { keys: [city.key] }],
      [dir, { keys: [witnessNamed('witness.other.example/1').key] }],
    ] as const) {
      const files = await readBundleFolder(folder);
      const options = { verifierKey, witnesses };
      const [ours, node] = await Promise.all([browser.verifyBundleFiles(files, options), verifyBundleFiles(files, options)]);
      expect(JSON.parse(JSON.stringify(ours))).toEqual(JSON.parse(JSON.stringify(node)));
    }
    const good = await browser.verifyBundleFiles(await readBundleFolder(dir), { verifierKey, witnesses: { keys: [city.key] } });
    expect(E.isRight(good)).toBe(true);
  });
});
