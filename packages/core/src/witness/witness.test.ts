import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { flipByte, impostor, signer as logSigner, verifier as logVerifier } from '../testing/auditFixtures.js';
import { signCheckpoint, type Checkpoint } from '../tlog/checkpoint.js';
import { consistencyProof } from '../tlog/consistencyProof.js';
import { leafHash, merkleRoot } from '../tlog/merkle.js';
import { noteKeyHash } from '../tlog/signedNote.js';
import { byteLeafHashes } from '../testing/merkleReference.js';
import { formatAddCheckpointRequest, parseAddCheckpointRequest } from './addCheckpoint.js';
import { cosignCheckpoint, cosignedMessage, cosignerKeyId, formatCosignerKey, parseCosignatureLine, parseCosignerKey, type CosignerSigner, type CosignerVerifier } from './cosignature.js';
import { checkForkEvidence, prefixRootOfProof } from './forkEvidence.js';
import { addCheckpoint, formatWitnessState, parseWitnessState, recordEvidence, type WitnessState } from './witness.js';
import { attachCosignatures, openWitnessedCheckpoint } from './witnessedCheckpoint.js';

const ORIGIN = 'indicator-ledger/130302';
const NOW = 1_780_000_000;

const witnessKey = (name: string): { signer: CosignerSigner; verifier: CosignerVerifier } => {
  const keys = generateKeyPairSync('ed25519');
  return { signer: { keyName: name, privateKey: keys.privateKey }, verifier: { keyName: name, publicKey: keys.publicKey } };
};
const w1 = witnessKey('witness.example/w1');
const w2 = witnessKey('witness.example/w2');

const leaves = byteLeafHashes(12);
// The same log with its second record rewritten: what a district that rewrites its history and re-signs holds.
const forged = leaves.map((h, i) => (i === 1 ? leafHash(Uint8Array.of(0xee)) : h));
const checkpointOf = (hashes: readonly Uint8Array[], size: number): Checkpoint => ({ origin: ORIGIN, size, root: merkleRoot(hashes.slice(0, size)) });
const noteOf = (hashes: readonly Uint8Array[], size: number): string => signCheckpoint(checkpointOf(hashes, size), logSigner);
const bodyOf = (note: string): string => note.slice(0, note.indexOf('\n\n') + 1);
const request = (oldSize: number, hashes: readonly Uint8Array[], size: number): string =>
  formatAddCheckpointRequest({ oldSize, proof: oldSize === 0 ? [] : consistencyProof(hashes, oldSize, size), note: noteOf(hashes, size) });

const fresh: WitnessState = { logs: { [ORIGIN]: { logKeys: [logVerifier], latest: null } }, evidence: [] };

/** The witness's state after cosigning `size` records of the genuine log. */
const cosignedAt = (size: number): WitnessState => {
  const done = addCheckpoint(fresh, w1.signer, request(0, leaves, size), NOW);
  if (E.isLeft(done)) throw new Error(done.left.reason);
  return done.right.state;
};

describe('cosignature/v1 (C2SP tlog-cosignature)', () => {
  it('derives the key ID with the 0x04 type byte, not the note key hash of type 0x01', () => {
    const raw = Buffer.from(String(w1.verifier.publicKey.export({ format: 'jwk' }).x), 'base64url');
    const expected = createHash('sha256').update('witness.example/w1\n').update(Uint8Array.of(0x04)).update(raw).digest().subarray(0, 4);
    expect(Buffer.from(cosignerKeyId(w1.verifier.keyName, w1.verifier.publicKey))).toEqual(expected);
    expect(Buffer.from(noteKeyHash(w1.verifier.keyName, w1.verifier.publicKey))).not.toEqual(expected);
  });

  it('signs "cosignature/v1", the time line and the checkpoint body, with the timestamp big-endian after the key ID', () => {
    const body = bodyOf(noteOf(leaves, 5));
    expect(cosignedMessage(body, 1679315147)).toBe(`cosignature/v1\ntime 1679315147\n${body}`);
    const line = cosignCheckpoint(body, w1.signer, 1679315147);
    const bytes = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
    expect(bytes.length).toBe(4 + 8 + 64);
    expect(bytes.readBigUInt64BE(4)).toBe(1679315147n);
    const parsed = parseCosignatureLine(line.slice(0, -1));
    expect(E.isRight(parsed) && parsed.right.timestamp).toBe(1679315147);
  });

  it('publishes a witness key as <name>+<key ID>+base64(0x04 ‖ key) and reads it back strictly', () => {
    const text = formatCosignerKey(w1.verifier);
    const parsed = parseCosignerKey(`${text}\n`);
    expect(E.isRight(parsed) && formatCosignerKey(parsed.right)).toBe(text);
    expect(Buffer.from(text.split('+').slice(2).join('+'), 'base64')[0]).toBe(0x04);
    expect(E.isLeft(parseCosignerKey(text.replace('witness.example/w1', 'witness.example/w9')))).toBe(true);
  });
});

describe('the add-checkpoint request body (C2SP tlog-witness)', () => {
  it('reads back what it writes', () => {
    const body = request(3, leaves, 7);
    expect(body.startsWith('old 3\n')).toBe(true);
    const parsed = parseAddCheckpointRequest(body);
    expect(E.isRight(parsed) && [parsed.right.oldSize, parsed.right.proof.length, parsed.right.note]).toEqual([3, consistencyProof(leaves, 3, 7).length, noteOf(leaves, 7)]);
  });

  it.each([
    ['a leading zero', 'old 03\n\n'],
    ['no empty line', 'old 3\n'],
    ['a proof line that is not a hash', 'old 3\nAAAA\n\n'],
    ['a proof after old 0', `old 0\n${Buffer.alloc(32).toString('base64')}\n\n`],
    ['64 proof lines', `old 3\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\n`],
  ])('refuses %s (400)', (_, body) => {
    const done = addCheckpoint(fresh, w1.signer, `${body}${noteOf(leaves, 7)}`, NOW);
    expect(E.isLeft(done) && done.left.status).toBe(400);
  });
});

describe('the witness role (C2SP tlog-witness add-checkpoint)', () => {
  it('cosigns a first checkpoint from old size 0, and then one that extends it', () => {
    const first = addCheckpoint(fresh, w1.signer, request(0, leaves, 5), NOW);
    if (E.isLeft(first)) throw new Error(first.left.reason);
    const opened = openWitnessedCheckpoint(attachCosignatures(noteOf(leaves, 5), [first.right.cosignature]), logVerifier, { witnesses: [w1.verifier], quorum: 1, now: NOW });
    expect(E.isRight(opened) && opened.right.cosigners).toEqual([{ keyName: 'witness.example/w1', timestamp: NOW }]);
    const second = addCheckpoint(first.right.state, w1.signer, request(5, leaves, 9), NOW + 60);
    expect(E.isRight(second) && second.right.checkpoint.size).toBe(9);
    expect(E.isRight(second) && second.right.state.logs[ORIGIN]?.latest).toBe(noteOf(leaves, 9));
  });

  it('answers 409 with its own size when the old size is not the one it cosigned last, and a replayed request is one such', () => {
    const state = cosignedAt(5);
    const stale = addCheckpoint(state, w1.signer, request(0, leaves, 5), NOW);
    expect(E.isLeft(stale) && [stale.left.status, stale.left.size]).toEqual([409, 5]);
    const after = addCheckpoint(state, w1.signer, request(5, leaves, 9), NOW);
    const replayed = addCheckpoint(E.isRight(after) ? after.right.state : state, w1.signer, request(5, leaves, 9), NOW);
    expect(E.isLeft(replayed) && [replayed.left.status, replayed.left.size]).toEqual([409, 9]);
  });

  it('answers 404 for an unknown origin, 403 when no trusted key signed, 400 for an old size beyond the new', () => {
    const other = formatAddCheckpointRequest({ oldSize: 0, proof: [], note: signCheckpoint({ ...checkpointOf(leaves, 3), origin: 'indicator-ledger/130303' }, logSigner) });
    const unknown = addCheckpoint(fresh, w1.signer, other, NOW);
    expect(E.isLeft(unknown) && unknown.left.status).toBe(404);
    const forgedKey = formatAddCheckpointRequest({ oldSize: 0, proof: [], note: signCheckpoint(checkpointOf(leaves, 3), impostor) });
    const refused = addCheckpoint(fresh, w1.signer, forgedKey, NOW);
    expect(E.isLeft(refused) && refused.left.status).toBe(403);
    const backwards = addCheckpoint(cosignedAt(5), w1.signer, formatAddCheckpointRequest({ oldSize: 5, proof: [], note: noteOf(leaves, 4) }), NOW);
    expect(E.isLeft(backwards) && backwards.left.status).toBe(400);
  });

  it('answers 422 for a proof that does not verify, and keeps no evidence for a proof that leads nowhere', () => {
    const proof = consistencyProof(leaves, 5, 9).map((h, i) => (i === 0 ? leafHash(h) : h));
    const done = addCheckpoint(cosignedAt(5), w1.signer, formatAddCheckpointRequest({ oldSize: 5, proof, note: noteOf(leaves, 9) }), NOW);
    expect(E.isLeft(done) && [done.left.status, done.left.evidence]).toEqual([422, undefined]);
  });

  it('refuses a rewritten and re-signed history (422) with evidence of the fork that checks offline', () => {
    const done = addCheckpoint(cosignedAt(5), w1.signer, request(5, forged, 9), NOW);
    if (E.isRight(done)) throw new Error('the witness cosigned a forked history');
    expect(done.left.status).toBe(422);
    const evidence = done.left.evidence!;
    expect(evidence).toBeDefined();
    const proven = checkForkEvidence(evidence, logVerifier);
    expect(E.isRight(proven) && [proven.right.kind, proven.right.cosigned.size, proven.right.conflicting.size]).toEqual(['diverging-prefix', 5, 9]);
    // The evidence stands on the log's key alone: under another key, or altered, it proves nothing.
    expect(E.isLeft(checkForkEvidence(evidence, { ...logVerifier, publicKey: createPublicKey(impostor.privateKey) }))).toBe(true);
    expect(E.isLeft(checkForkEvidence({ ...evidence, prefixRoot: Buffer.from(merkleRoot(leaves.slice(0, 5))).toString('base64') }, logVerifier))).toBe(true);
    expect(E.isLeft(checkForkEvidence({ ...evidence, proof: evidence.proof.slice(1) }, logVerifier))).toBe(true);
  });

  it('refuses another root at the size it cosigned (409) with same-size evidence', () => {
    const done = addCheckpoint(cosignedAt(5), w1.signer, formatAddCheckpointRequest({ oldSize: 5, proof: [], note: noteOf(forged, 5) }), NOW);
    if (E.isRight(done)) throw new Error('cosigned two roots of one size');
    expect(done.left.status).toBe(409);
    const proven = checkForkEvidence(done.left.evidence!, logVerifier);
    expect(E.isRight(proven) && proven.right.kind).toBe('same-size');
    const state = recordEvidence(recordEvidence(cosignedAt(5), done.left.evidence!), done.left.evidence!);
    expect(state.evidence).toHaveLength(1);
    const reread = parseWitnessState(formatWitnessState(state));
    expect(E.isRight(reread) && formatWitnessState(reread.right)).toBe(formatWitnessState(state));
  });

  it('rebuilds the prefix root a proof carries only when the proof leads to the new root', () => {
    expect(Buffer.from(prefixRootOfProof(5, 9, merkleRoot(forged.slice(0, 9)), consistencyProof(forged, 5, 9))!)).toEqual(Buffer.from(merkleRoot(forged.slice(0, 5))));
    expect(prefixRootOfProof(5, 9, merkleRoot(leaves.slice(0, 9)), consistencyProof(forged, 5, 9))).toBeUndefined();
    // A power-of-two old size is a subtree of the new tree: the proof leaves its root out.
    expect(prefixRootOfProof(4, 9, merkleRoot(forged.slice(0, 9)), consistencyProof(forged, 4, 9))).toBeUndefined();
  });
});

describe('a witnessed checkpoint, as an auditor checks it', () => {
  const note = noteOf(leaves, 7);
  const body = bodyOf(note);
  const witnessed = attachCosignatures(note, [cosignCheckpoint(body, w2.signer, NOW - 10), cosignCheckpoint(body, w1.signer, NOW - 20)]);
  const policy = { witnesses: [w1.verifier, w2.verifier], quorum: 2, now: NOW, maxAgeSeconds: 3600 };

  it('accepts a quorum of trusted cosignatures, the log signing first and the witnesses by name', () => {
    const opened = openWitnessedCheckpoint(witnessed, logVerifier, policy);
    expect(E.isRight(opened) && opened.right.cosigners.map((c) => c.keyName)).toEqual(['witness.example/w1', 'witness.example/w2']);
    expect(E.isRight(opened) && opened.right.logNote).toBe(note);
  });

  it('refuses every single-byte change of the witnessed note', () => {
    const size = Buffer.byteLength(witnessed, 'utf8');
    const accepted: number[] = [];
    for (let at = 0; at < size; at++) {
      for (const mask of [0x01, 0x20, 0x80]) {
        const mutated = flipByte(witnessed, at, mask);
        if (E.isRight(openWitnessedCheckpoint(mutated, logVerifier, policy))) accepted.push(at);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('refuses a reordered, removed or repeated signature line', () => {
    const [text, lines] = [witnessed.slice(0, witnessed.indexOf('\n\n') + 2), witnessed.slice(witnessed.indexOf('\n\n') + 2, -1).split('\n')];
    const variants = [
      [lines[1], lines[0], lines[2]],
      [lines[0], lines[2], lines[1]],
      [lines[0], lines[1]],
      [lines[0], lines[2]],
      [lines[1], lines[2]],
      [lines[0], lines[1], lines[1], lines[2]],
    ];
    for (const v of variants) expect(E.isLeft(openWitnessedCheckpoint(`${text}${v.join('\n')}\n`, logVerifier, policy))).toBe(true);
  });

  it('refuses a cosignature whose timestamp was changed, a stale one, one dated ahead, and one replayed from another checkpoint', () => {
    const line = cosignCheckpoint(body, w1.signer, NOW - 20);
    const bytes = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
    bytes.writeBigUInt64BE(BigInt(NOW - 5), 4);
    const retimed = `${line.slice(0, line.lastIndexOf(' ') + 1)}${bytes.toString('base64')}\n`;
    const w2line = cosignCheckpoint(body, w2.signer, NOW);
    const refused = (lines: string[]) => E.isLeft(openWitnessedCheckpoint(attachCosignatures(note, lines), logVerifier, policy));
    expect(refused([retimed, w2line])).toBe(true);
    expect(refused([cosignCheckpoint(body, w1.signer, NOW - 7200), w2line])).toBe(true);
    expect(refused([cosignCheckpoint(body, w1.signer, NOW + 3600), w2line])).toBe(true);
    const older = cosignCheckpoint(bodyOf(noteOf(leaves, 6)), w1.signer, NOW);
    expect(refused([older, w2line])).toBe(true);
    expect(refused([cosignCheckpoint(body, w1.signer, NOW), w2line])).toBe(false);
  });

  it('ignores lines from witnesses the auditor does not trust, and counts a witness once', () => {
    const stranger = witnessKey('witness.example/w3');
    const extra = attachCosignatures(witnessed, [cosignCheckpoint(body, stranger.signer, NOW), cosignCheckpoint(body, w1.signer, NOW - 1)]);
    const one = openWitnessedCheckpoint(extra, logVerifier, { ...policy, witnesses: [w1.verifier], quorum: 1 });
    expect(E.isRight(one) && one.right.cosigners).toHaveLength(1);
    expect(E.isLeft(openWitnessedCheckpoint(extra, logVerifier, { ...policy, witnesses: [w1.verifier], quorum: 2 }))).toBe(true);
  });
});
