/**
 * `verifyBundleFiles(files, { witnesses })`: a bundle is accepted only with a quorum of valid cosignatures
 * from the witnesses the auditor trusts (docs/audit.md §8), judged by core's own `openWitnessedCheckpoint`,
 * as `ledger verify-bundle --witness-key … --quorum N` judges it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPolicy, noteVerifierOf, openWitnessedCheckpoint, parseCosignerKey } from '@indicator-ledger/core';
import { bundleOf, copyOf, EVENTS, scratchDir, verifierKey, witnessNamed } from './testSupport.js';
import { verifyBundleFolder } from './node.js';
import type { WitnessQuorum } from './bundleVerifier.js';

const root = scratchDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const city = witnessNamed('witness.city.example/130300');
const province = witnessNamed('witness.province.example/130000');
const stranger = witnessNamed('witness.elsewhere.example/1');
const NOW = 1_800_000_000;

const verdictOf = (dir: string, witnesses?: WitnessQuorum) => verifyBundleFolder(dir, { verifierKey, policy: defaultPolicy, ...(witnesses !== undefined ? { witnesses } : {}) });
const problemOf = async (dir: string, witnesses: WitnessQuorum) => {
  const verdict = await verdictOf(dir, witnesses);
  return E.isLeft(verdict) ? verdict.left : undefined;
};

describe('witness cosignatures on a bundle', () => {
  it('quorum 1 of the city witness, which cosigned: verified, naming it and its time', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city], cosignedAt: NOW - 60 });
    const verdict = await verdictOf(dir, { keys: [city.key], quorum: 1, now: NOW });
    expect(E.isRight(verdict) && verdict.right.cosigners).toEqual([{ keyName: city.signer.keyName, timestamp: NOW - 60 }]);
  });

  it('a key that did not cosign, or a quorum above the valid cosignatures: refused as a witness problem', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city], cosignedAt: NOW - 60 });
    expect(await problemOf(dir, { keys: [stranger.key], now: NOW })).toMatchObject({ problem: 'witness', file: 'checkpoint.note', reason: expect.stringContaining('0 of the trusted witnesses cosigned, the quorum is 1') });
    expect(await problemOf(dir, { keys: [city.key, province.key], quorum: 2, now: NOW })).toMatchObject({ problem: 'witness', reason: expect.stringContaining('1 of the trusted witnesses cosigned, the quorum is 2') });
  });

  it('two witnesses of two levels, quorum 2: verified with both', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city, province], cosignedAt: NOW - 5 });
    const verdict = await verdictOf(dir, { keys: [province.key, city.key, stranger.key], quorum: 2, now: NOW });
    expect(E.isRight(verdict) && verdict.right.cosigners?.map((c) => c.keyName).sort()).toEqual([city.signer.keyName, province.signer.keyName].sort());
  });

  it('the same verdict as core’s openWitnessedCheckpoint, which `ledger verify-bundle --quorum` runs, for any trusted set and quorum (property)', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city, province], cosignedAt: NOW - 5 });
    const note = readFileSync(join(dir, 'checkpoint.note'), 'utf8');
    const logKey = noteVerifierOf(verifierKey);
    if (E.isLeft(logKey)) throw new Error(logKey.left.reason);
    const all = [city, province, stranger];
    await fc.assert(
      fc.asyncProperty(fc.subarray(all, { minLength: 1 }), fc.integer({ min: 1, max: 3 }), async (trusted, quorum) => {
        fc.pre(quorum <= trusted.length);
        const keys = trusted.map((w) => w.key);
        const core = openWitnessedCheckpoint(note, logKey.right, { witnesses: keys.map((k) => (parseCosignerKey(k) as E.Right<never>).right), quorum, now: NOW });
        const ours = await verdictOf(dir, { keys, quorum, now: NOW });
        expect(E.isRight(ours)).toBe(E.isRight(core));
        if (E.isRight(ours) && E.isRight(core)) expect(ours.right.cosigners).toEqual(core.right.cosigners);
      }),
      { numRuns: 20 },
    );
  });

  it('every single-character change of the cosignature line is refused (property)', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city], cosignedAt: NOW - 60 });
    const note = readFileSync(join(dir, 'checkpoint.note'), 'utf8');
    const lineStart = note.lastIndexOf('\n— ', note.length - 2) + 1;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: lineStart, max: note.length - 2 }), fc.constantFrom('A', 'B', '/', '+', 'x', ' '), async (at, ch) => {
        fc.pre(note[at] !== ch);
        const copy = copyOf(root, dir);
        writeFileSync(join(copy, 'checkpoint.note'), note.slice(0, at) + ch + note.slice(at + 1));
        const verdict = await verdictOf(copy, { keys: [city.key], now: NOW });
        rmSync(copy, { recursive: true, force: true });
        expect(E.isLeft(verdict)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('a stale or a future-dated cosignature is refused', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city], cosignedAt: NOW - 7200 });
    expect(await problemOf(dir, { keys: [city.key], now: NOW, maxAgeSeconds: 3600 })).toMatchObject({ problem: 'witness', reason: expect.stringContaining('a stale view of the log') });
    const early = await bundleOf(root, EVENTS, { witnesses: [city], cosignedAt: NOW + 3600 });
    expect(await problemOf(early.dir, { keys: [city.key], now: NOW })).toMatchObject({ problem: 'witness' });
  });

  it('unusable options are refused before anything is read: a bad key line, no key, a quorum of 0, 1.5 or above the keys', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city], cosignedAt: NOW - 60 });
    expect(await problemOf(dir, { keys: ['not a key'], now: NOW })).toMatchObject({ problem: 'witness', reason: expect.stringMatching(/^witness key 1: /) });
    expect(await problemOf(dir, { keys: [], now: NOW })).toMatchObject({ problem: 'witness', reason: expect.stringContaining('no witness key') });
    for (const quorum of [0, 1.5]) expect(await problemOf(dir, { keys: [city.key], quorum, now: NOW })).toMatchObject({ problem: 'witness', reason: expect.stringContaining('at least 1') });
    expect(await problemOf(dir, { keys: [city.key], quorum: 2, now: NOW })).toMatchObject({ problem: 'witness', reason: expect.stringContaining('more than the 1 witness keys') });
  });

  it('without the option a witnessed bundle verifies as any other, and claims no cosigner', async () => {
    const { dir } = await bundleOf(root, EVENTS, { witnesses: [city], cosignedAt: NOW - 60 });
    const verdict = await verdictOf(dir);
    expect(E.isRight(verdict)).toBe(true);
    expect(E.isRight(verdict) && 'cosigners' in verdict.right).toBe(false);
  });
});
