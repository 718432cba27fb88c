import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { signCheckpoint } from '../tlog/checkpoint.js';
import { consistencyProof } from '../tlog/consistencyProof.js';
import { inclusionProof } from '../tlog/inclusionProof.js';
import { merkleRoot } from '../tlog/merkle.js';
import { recordLeafHash } from '../audit/recordLeaf.js';
import { formatVerifierKey } from '../tlog/signedNote.js';
import { cosignCheckpoint, formatCosignerKey } from './cosignature.js';
import { attachCosignatures, openWitnessedCheckpoint } from './witnessedCheckpoint.js';

/**
 * Known-answer files in packages/core/testdata/witness/ (README.md there says which standard each follows), made
 * from fixed keys so they never change: this test rebuilds them byte for byte, opens them with the ledger's
 * own code, and — where Go is installed — has Go's golang.org/x/mod/sumdb/note and sumdb/tlog check them.
 * `UPDATE_TESTDATA=1` rewrites the files instead of comparing.
 */
const TESTDATA = fileURLToPath(new URL('../../testdata/witness/', import.meta.url));
const ORIGIN = 'indicator-ledger/130302';
const TIMESTAMP = 1_780_000_000;

// An Ed25519 key from a fixed 32-byte seed (PKCS#8: the fixed Ed25519 prefix, then the seed).
const seededKey = (label: string): KeyObject =>
  createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), createHash('sha256').update(label).digest()]), format: 'der', type: 'pkcs8' });

const logKey = { keyName: 'indicator-ledger', privateKey: seededKey('indicator-ledger testdata log key') };
const witnessKey = { keyName: 'witness.example/w1', privateKey: seededKey('indicator-ledger testdata witness key') };
const recordHashes = Array.from({ length: 12 }, (_, i) => createHash('sha256').update(`record ${i + 1}`).digest('hex'));
const leaves = recordHashes.map(recordLeafHash);
const b64 = (hashes: readonly Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString('base64'));

const knownAnswers = (): Record<string, string> => {
  const note7 = signCheckpoint({ origin: ORIGIN, size: 7, root: merkleRoot(leaves.slice(0, 7)) }, logKey);
  const note12 = signCheckpoint({ origin: ORIGIN, size: 12, root: merkleRoot(leaves) }, logKey);
  const body12 = note12.slice(0, note12.indexOf('\n\n') + 1);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'log.vkey': `${formatVerifierKey({ keyName: logKey.keyName, publicKey: createPublicKey(logKey.privateKey) })}\n`,
    'witness.vkey': `${formatCosignerKey({ keyName: witnessKey.keyName, publicKey: createPublicKey(witnessKey.privateKey) })}\n`,
    'leaves.txt': recordHashes.map((h) => `${h}\n`).join(''),
    'checkpoint-7.note': note7,
    'checkpoint-12.note': note12,
    'checkpoint-12.cosigned.note': attachCosignatures(note12, [cosignCheckpoint(body12, witnessKey, TIMESTAMP)]),
    'inclusion-4-12.json': json({ index: 4, size: 12, proof: b64(inclusionProof(leaves, 4, 12)) }),
    'consistency-7-12.json': json({ size1: 7, size2: 12, proof: b64(consistencyProof(leaves, 7, 12)) }),
  };
};

const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
const hasGo = goVersion.status === 0;
// Debian's golang-golang-x-mod-dev puts the module sources in a GOPATH tree; no network is needed.
const GOPATH = process.env.LEDGER_GOPATH ?? '/usr/share/gocode';

describe('known-answer files in packages/core/testdata/witness', () => {
  const answers = knownAnswers();

  it('are exactly what the ledger writes from the fixed keys', () => {
    if (process.env.UPDATE_TESTDATA === '1') for (const [name, text] of Object.entries(answers)) writeFileSync(join(TESTDATA, name), text);
    for (const [name, text] of Object.entries(answers)) expect(readFileSync(join(TESTDATA, name), 'utf8'), name).toBe(text);
  });

  it('open with the ledger: the cosigned checkpoint has its witness', () => {
    const opened = openWitnessedCheckpoint(readFileSync(join(TESTDATA, 'checkpoint-12.cosigned.note'), 'utf8'), { keyName: logKey.keyName, publicKey: createPublicKey(logKey.privateKey) }, {
      witnesses: [{ keyName: witnessKey.keyName, publicKey: createPublicKey(witnessKey.privateKey) }],
      quorum: 1,
      now: TIMESTAMP,
    });
    expect(E.isRight(opened) && opened.right.cosigners).toEqual([{ keyName: 'witness.example/w1', timestamp: TIMESTAMP }]);
  });

  it.skipIf(!hasGo)(
    hasGo ? "verify with Go's golang.org/x/mod/sumdb/note and sumdb/tlog" : 'SKIPPED: `go` is not installed (apt-get install -y golang-go golang-golang-x-mod-dev)',
    () => {
      const cache = mkdtempSync(join(tmpdir(), 'ledger-gocache-'));
      try {
        const run = spawnSync('go', ['run', join(TESTDATA, 'go', 'verify.go'), TESTDATA], {
          encoding: 'utf8',
          timeout: 300_000,
          env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '-mod=mod', GOCACHE: cache, GOPROXY: 'off', GOTOOLCHAIN: 'local' },
        });
        expect(run.stderr).toBe('');
        expect([run.status, run.stdout]).toEqual([0, 'ok\n']);
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
