import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { formatVerifierKey, isValidKeyName, noteKeyHash, openNote, parseVerifierKey, signNote, type NoteVerifier } from './signedNote.js';

// Known answer from golang.org/x/mod/sumdb/note (its package documentation and tests), the reference
// implementation of signed notes: same key, same text, byte-identical note.
const PETER_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_PRIVATE_KEY_BASE64 = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'; // 0x01 ‖ Ed25519 seed
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
// Other verifier keys of the same tests; the second one's base64 holds a '+'.
const ENOCH_VERIFIER_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const PLUS_VERIFIER_KEY = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6';

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410), the one form Node imports a bare seed from.
const ed25519PrivateKeyFromSeed = (seed: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });

const peterPrivateKey = ed25519PrivateKeyFromSeed(Buffer.from(PETER_PRIVATE_KEY_BASE64, 'base64').subarray(1));
const peter: NoteVerifier = { keyName: 'PeterNeumann', publicKey: createPublicKey(peterPrivateKey) };

const verifierOf = (text: string): NoteVerifier => {
  const parsed = parseVerifierKey(text);
  if (E.isLeft(parsed)) throw new Error(parsed.left.reason);
  return parsed.right;
};

describe('signed notes, against the Go reference implementation', () => {
  it('signs byte for byte as golang.org/x/mod/sumdb/note does', () => {
    expect(signNote(PETER_TEXT, { keyName: 'PeterNeumann', privateKey: peterPrivateKey })).toBe(PETER_NOTE);
  });

  it('computes the key hash and verifier key the Go tests publish', () => {
    expect(Buffer.from(noteKeyHash('PeterNeumann', peter.publicKey)).toString('hex')).toBe('c74f20a3');
    expect(formatVerifierKey(peter)).toBe(PETER_VERIFIER_KEY);
  });

  it('opens the Go note with the parsed verifier key', () => {
    expect(openNote(PETER_NOTE, verifierOf(PETER_VERIFIER_KEY))).toEqual(E.right(PETER_TEXT));
  });

  it('round-trips other published verifier keys, including one whose base64 holds a "+"', () => {
    for (const key of [PETER_VERIFIER_KEY, ENOCH_VERIFIER_KEY, PLUS_VERIFIER_KEY]) expect(formatVerifierKey(verifierOf(key))).toBe(key);
  });
});

describe('openNote', () => {
  const enoch = generateKeyPairSync('ed25519');
  const enochSigner = { keyName: 'EnochRoot', privateKey: enoch.privateKey };
  const enochVerifier = { keyName: 'EnochRoot', publicKey: enoch.publicKey };

  it('rejects a note without a signature by the verifier, or signed by another key under its name', () => {
    expect(openNote(PETER_NOTE, enochVerifier)).toEqual(E.left({ reason: expect.stringMatching(/^note carries no signature by EnochRoot/) }));
    expect(E.isRight(openNote(PETER_NOTE, { keyName: 'PeterNeumann', publicKey: enoch.publicKey }))).toBe(false);
    expect(E.isRight(openNote(PETER_NOTE, { keyName: 'PeterNeumann2', publicKey: peter.publicKey }))).toBe(false);
  });

  it('ignores well-formed signatures of other keys, so cosigned notes open for each signer', () => {
    const cosigned = PETER_NOTE + signNote(PETER_TEXT, enochSigner).slice(PETER_TEXT.length + 1);
    expect(openNote(cosigned, peter)).toEqual(E.right(PETER_TEXT));
    expect(openNote(cosigned, enochVerifier)).toEqual(E.right(PETER_TEXT));
  });

  it('rejects a malformed signature line even from an unknown key', () => {
    for (const line of ['— Other', '— Other !!!!', '—  Other AAAAAAA=', '- Other AAAAAAAA', '— Other AAAA', '— Other AAAAAAAA extra', '']) {
      expect(E.isRight(openNote(`${PETER_NOTE}${line}\n`, peter)), line).toBe(false);
    }
  });

  it("rejects a note unless every line with the verifier's name and key hash verifies", () => {
    const ownLine = PETER_NOTE.slice(PETER_TEXT.length + 1);
    // 'ZJku' → 'ZJkv' changes a signature byte; the key hash (first 4 bytes) stays.
    expect(openNote(PETER_NOTE + ownLine.replace('ZJku', 'ZJkv'), peter)).toEqual(E.left({ reason: 'signature by PeterNeumann does not verify' }));
    // 'x08go' → 'x08gp' changes the key hash: a line of some other key of that name, ignored.
    expect(openNote(PETER_NOTE + ownLine.replace('x08go', 'x08gp'), peter)).toEqual(E.right(PETER_TEXT));
    expect(E.isRight(openNote(PETER_TEXT + '\n' + ownLine.replace('x08go', 'x08gp'), peter))).toBe(false);
  });

  it('rejects notes broken in structure', () => {
    const broken = [
      PETER_NOTE.slice(0, -1), // no final newline
      PETER_NOTE.replace('\n\n', '\n'), // no blank line
      PETER_TEXT, // no signatures
      `${PETER_TEXT}\n`, // blank line, then nothing
      PETER_NOTE.replace('\n\n', '\n\n\n'), // two blank lines
      PETER_NOTE.replaceAll('\n', '\r\n'),
      `${PETER_NOTE}\n`,
      PETER_NOTE.replace('problem,', 'problem,\t'),
      PETER_NOTE.replace('— ', '—  '),
      PETER_NOTE.replace('— ', '-- '),
      PETER_NOTE.replace('=\n', '\n'), // base64 without its padding
    ];
    for (const note of broken) expect(E.isRight(openNote(note, peter)), JSON.stringify(note)).toBe(false);
  });
});

describe('signNote', () => {
  it('refuses invalid key names, texts and keys', () => {
    const privateKey = peterPrivateKey;
    for (const keyName of ['', 'a b', 'a+b', 'a\nb', 'a\u00a0b', 'a\u0000b']) {
      expect(() => signNote(PETER_TEXT, { keyName, privateKey }), JSON.stringify(keyName)).toThrow(RangeError);
    }
    for (const text of ['no newline', 'tab\there\n', 'carriage\r\n']) expect(() => signNote(text, { keyName: 'k', privateKey })).toThrow(RangeError);
    expect(() => signNote(PETER_TEXT, { keyName: 'k', privateKey: peter.publicKey })).toThrow(TypeError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signNote(PETER_TEXT, { keyName: 'k', privateKey: ec.privateKey })).toThrow(TypeError);
    expect(() => formatVerifierKey({ keyName: 'k', publicKey: ec.publicKey })).toThrow(TypeError);
  });

  it('accepts key names the spec allows', () => {
    expect(['indicator-ledger/130302', 'example.com/log', 'Ä·名'].every(isValidKeyName)).toBe(true);
    expect(['', ' x', 'x+y', 'x\u3000y', '\ud800'].some(isValidKeyName)).toBe(false);
  });
});

describe('parseVerifierKey', () => {
  it('rejects every deletion of a substring of a valid key', () => {
    // As the Go tests do: no mangled key may parse as a different valid one.
    for (let i = 0; i < PETER_VERIFIER_KEY.length; i++) {
      for (let j = i + 1; j <= PETER_VERIFIER_KEY.length; j++) {
        const mangled = PETER_VERIFIER_KEY.slice(0, i) + PETER_VERIFIER_KEY.slice(j);
        expect(E.isRight(parseVerifierKey(mangled)), mangled).toBe(false);
      }
    }
  });

  it('rejects keys of the wrong shape, algorithm or hash', () => {
    const raw = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64');
    const withBytes = (bytes: Uint8Array): string => `PeterNeumann+c74f20a3+${Buffer.from(bytes).toString('base64')}`;
    const bad = [
      'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // uppercase hex
      'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // hash off by one
      'PeterNeumanm+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // other name, same hash
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      `${PETER_VERIFIER_KEY}=`,
      `${PETER_VERIFIER_KEY}\n`,
      withBytes(Uint8Array.of(0x02, ...raw.subarray(1))), // not Ed25519
      withBytes(Uint8Array.of(...raw, 0)), // a byte too long
      withBytes(raw.subarray(0, 32)), // a byte too short
      'PeterNeumann+c74f20a3',
      '',
    ];
    for (const key of bad) expect(E.isRight(parseVerifierKey(key)), key).toBe(false);
  });

  it('round-trips fresh keys', () => {
    for (let i = 0; i < 20; i++) {
      const { publicKey } = generateKeyPairSync('ed25519');
      const text = formatVerifierKey({ keyName: `key-${i}`, publicKey });
      const parsed = verifierOf(text);
      expect(parsed.keyName).toBe(`key-${i}`);
      expect(parsed.publicKey.equals(publicKey)).toBe(true);
      expect(formatVerifierKey(parsed)).toBe(text);
    }
  });
});
