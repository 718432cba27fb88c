import { createPublicKey } from 'node:crypto';
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { formatVerifierKey, parseCheckpoint, signCheckpoint } from '@indicator-ledger/core';
import { arbValidHistory } from '@indicator-ledger/core/testing';
import { bothVerdicts, bundleOf, copyOf, DISTRICT, EVENTS, impostor, scratchDir, verifierKey } from './testSupport.js';
import { bundleFilesOf } from './pickedFiles.js';
import { verifyBundleFiles } from './bundleVerifier.js';
import { readBundleFolder } from './node.js';

const root = scratchDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const example = () => bundleOf(root, EVENTS, { checkpointsAfter: [2, 4], redactPosition: 3 });
const records = (dir: string): string => join(dir, 'records.ndjson');

describe('verifyBundleFiles gives the verdicts of core’s verifyBundle (docs/audit.md §4)', () => {
  it('a good bundle with proofs and a redaction: verified, with the same report and progress table', async () => {
    const { dir, notes } = await example();
    const { core, ours } = await bothVerdicts(dir, { savedCheckpoints: notes });
    expect(core.ok).toBe(true);
    expect(ours).toEqual(core);
    expect(ours.report?.progress.length).toBeGreaterThan(0);
  });

  it('an empty district: verified, no progress', async () => {
    const { dir } = await bundleOf(root, []);
    const { core, ours } = await bothVerdicts(dir);
    expect(ours).toEqual(core);
    expect(ours).toMatchObject({ ok: true, report: { size: 0, progress: [] } });
  });

  it('a flipped byte anywhere in records.ndjson: the same problem at the same position (property)', async () => {
    const { dir } = await example();
    const text = readFileSync(records(dir));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: text.length - 1 }), fc.integer({ min: 1, max: 255 }), async (offset, mask) => {
        const copy = copyOf(root, dir);
        const bytes = Buffer.from(text);
        bytes[offset] = (bytes[offset] as number) ^ mask;
        writeFileSync(records(copy), bytes);
        const { core, ours } = await bothVerdicts(copy);
        expect(core.ok).toBe(false);
        expect(ours).toEqual(core);
        rmSync(copy, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });

  it('a flipped byte in any other file: the same verdict (property)', async () => {
    const { dir } = await example();
    const others = [...(await readBundleFolder(dir)).keys()].filter((p) => p !== 'records.ndjson');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...others), fc.nat(), fc.integer({ min: 1, max: 255 }), async (path, pick, mask) => {
        const copy = copyOf(root, dir);
        const bytes = readFileSync(join(copy, path));
        bytes[pick % bytes.length] = (bytes[pick % bytes.length] as number) ^ mask;
        writeFileSync(join(copy, path), bytes);
        const { core, ours } = await bothVerdicts(copy);
        expect(core.ok, path).toBe(false);
        expect(ours, path).toEqual(core);
        rmSync(copy, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });

  it('records removed, reordered, duplicated, cut off; files missing or unlisted; a foreign key or signature', async () => {
    const lines = (dir: string) => readFileSync(records(dir), 'utf8').split('\n').slice(0, -1);
    const write = (dir: string, ls: readonly string[]) => writeFileSync(records(dir), ls.map((l) => `${l}\n`).join(''));
    const { dir, notes } = await example();
    const body = parseCheckpoint(`${readFileSync(join(dir, 'checkpoint.note'), 'utf8').split('\n\n')[0]!}\n`);
    if (E.isLeft(body)) throw new Error(body.left.reason);
    const impostorNote = signCheckpoint(body.right, impostor);
    const cases: [string, (copy: string) => void][] = [
      ['a removed record', (c) => write(c, lines(c).filter((_, i) => i !== 2))],
      ['reordered records', (c) => write(c, [lines(c)[1]!, lines(c)[0]!, ...lines(c).slice(2)])],
      ['a duplicated record', (c) => write(c, [...lines(c), lines(c)[4]!])],
      ['cut off', (c) => write(c, lines(c).slice(0, 4))],
      ['no records file', (c) => unlinkSync(records(c))],
      ['no verifier.key', (c) => unlinkSync(join(c, 'verifier.key'))],
      ['no manifest', (c) => unlinkSync(join(c, 'manifest.json'))],
      ['an unlisted file', (c) => writeFileSync(join(c, 'extra.txt'), 'x')],
      ['a checkpoint signed by another key', (c) => writeFileSync(join(c, 'checkpoint.note'), impostorNote)],
    ];
    for (const [name, tamper] of cases) {
      const copy = copyOf(root, dir);
      tamper(copy);
      const { core, ours } = await bothVerdicts(copy);
      expect(core.ok, name).toBe(false);
      expect(ours, name).toEqual(core);
    }
    // Checked against a key the auditor trusts that is not the ledger's, and against saved checkpoints.
    const foreign = formatVerifierKey({ keyName: impostor.keyName, publicKey: createPublicKey(impostor.privateKey) });
    const against = await bothVerdicts(dir, { verifierKey: foreign });
    expect(against.core).toMatchObject({ ok: false, problem: 'verifier-key' });
    expect(against.ours).toEqual(against.core);
    const short = await bundleOf(root, EVENTS.slice(0, 3));
    const { core, ours } = await bothVerdicts(short.dir, { savedCheckpoints: notes.slice(1) });
    expect(core).toMatchObject({ ok: false, problem: 'truncated' });
    expect(ours).toEqual(core);
  });

  it('a proof file that is JSON null: refused as a proof problem, not thrown', async () => {
    const { dir } = await example();
    const copy = copyOf(root, dir);
    writeFileSync(join(copy, 'proofs/consistency-2-5.json'), 'null');
    const ours = await verifyBundleFiles(await readBundleFolder(copy), { verifierKey });
    expect(ours).toEqual(E.left({ problem: 'proof', reason: 'proofs/consistency-2-5.json is not a consistency proof file', file: 'proofs/consistency-2-5.json' }));
  });

  // Core's verifyBundle reads `file.oldCheckpoint` of JSON.parse('null') and throws a TypeError (a stack trace for
  // bad input). Its fix is in packages/core/src/bundle/bundleVerification.ts, outside this package: this test
  // flips to failing — drop `.fails` — once core refuses the file as a 'proof' problem like verifyBundleFiles.
  it('core’s verifyBundle on that bundle gives the same verdict (it threw a TypeError before)', async () => {
    const { dir } = await example();
    const copy = copyOf(root, dir);
    writeFileSync(join(copy, 'proofs/consistency-2-5.json'), 'null');
    const { core, ours } = await bothVerdicts(copy);
    expect(ours).toEqual(core);
  });

  it('any valid history, as exported: the same verdict and progress table (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbValidHistory({ district: DISTRICT, minLength: 1, maxLength: 12 }), async (history) => {
        const { dir } = await bundleOf(root, history.events);
        const { core, ours } = await bothVerdicts(dir);
        expect(ours).toEqual(core);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 15 },
    );
  });
});

describe('bundleFilesOf: picked files as a bundle', () => {
  it('drops the folder name the picker adds, and anything outside the folder of the manifest', async () => {
    const { dir } = await bundleOf(root, EVENTS);
    const files = await readBundleFolder(dir);
    const picked = [...files].map(([path, bytes]) => ({ path: `my-bundle/${path}`, bytes }));
    const again = bundleFilesOf([...picked, { path: 'my-bundle/', bytes: new Uint8Array() }]);
    expect([...again.keys()].sort()).toEqual([...files.keys()].sort());
    const verdict = await verifyBundleFiles(again, { verifierKey });
    expect(E.isRight(verdict)).toBe(true);
  });
});
