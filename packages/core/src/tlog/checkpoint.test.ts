import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { checkpointOrigin, formatCheckpoint, openSignedCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint.js';
import { emptyRoot } from './merkle.js';
import { formatVerifierKey, parseVerifierKey, signNote } from './signedNote.js';
import { rootVectors } from '../testing/merkleReference.js';

const { roots } = rootVectors();
const ledgerKey = generateKeyPairSync('ed25519');
const signer = { keyName: 'indicator-ledger/130302', privateKey: ledgerKey.privateKey };
const verifier = { keyName: 'indicator-ledger/130302', publicKey: ledgerKey.publicKey };
const eight: Checkpoint = { origin: 'indicator-ledger/130302', size: 8, root: roots[8] as Uint8Array };
const EIGHT_BODY = 'indicator-ledger/130302\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n';

const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/);
const checkpoints: fc.Arbitrary<Checkpoint> = fc.record({
  origin: fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^\d{6}$/)).map(([name, district]) => checkpointOrigin(name.join('/'), district)),
  size: fc.maxSafeNat(),
  root: fc.uint8Array({ minLength: 32, maxLength: 32 }),
});

describe('checkpointOrigin', () => {
  it('names a district stream of a ledger', () => {
    expect(checkpointOrigin('indicator-ledger', '130302')).toBe('indicator-ledger/130302');
    expect(checkpointOrigin('example.com/indicator-ledger', '110101')).toBe('example.com/indicator-ledger/110101');
  });

  it('refuses names that would not make a clean origin line', () => {
    for (const name of ['', 'a b', 'a+b', 'a\nb', '/a', 'a/', 'a//b', '名']) expect(() => checkpointOrigin(name, '130302'), name).toThrow(RangeError);
    for (const district of ['', '13030', '1303021', '13030x', ' 130302']) expect(() => checkpointOrigin('ledger', district), district).toThrow(RangeError);
  });
});

describe('formatCheckpoint and parseCheckpoint', () => {
  it('writes the three tlog-checkpoint lines', () => {
    expect(formatCheckpoint(eight)).toBe(EIGHT_BODY);
    expect(formatCheckpoint({ origin: 'o', size: 0, root: emptyRoot() })).toBe('o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(checkpoints, (checkpoint) => {
        const text = formatCheckpoint(checkpoint);
        expect(parseCheckpoint(text)).toEqual(E.right(checkpoint));
        expect(formatCheckpoint((parseCheckpoint(text) as E.Right<Checkpoint>).right)).toBe(text);
      }),
    );
  });

  it('refuses to write invalid fields', () => {
    expect(() => formatCheckpoint({ ...eight, origin: '' })).toThrow(RangeError);
    expect(() => formatCheckpoint({ ...eight, origin: 'a b' })).toThrow(RangeError);
    expect(() => formatCheckpoint({ ...eight, size: -1 })).toThrow(RangeError);
    expect(() => formatCheckpoint({ ...eight, size: 1.5 })).toThrow(RangeError);
    expect(() => formatCheckpoint({ ...eight, root: new Uint8Array(31) })).toThrow(RangeError);
  });

  it.each([
    ['no final newline', EIGHT_BODY.slice(0, -1)],
    ['an extension line', `${EIGHT_BODY}extension\n`],
    ['a blank extra line', `${EIGHT_BODY}\n`],
    ['a missing root line', 'indicator-ledger/130302\n8\n'],
    ['CRLF line ends', EIGHT_BODY.replaceAll('\n', '\r\n')],
    ['an empty origin', EIGHT_BODY.replace('indicator-ledger/130302', '')],
    ['a space in the origin', EIGHT_BODY.replace('indicator-ledger', 'indicator ledger')],
    ['a leading zero', EIGHT_BODY.replace('\n8\n', '\n08\n')],
    ['a zero written 00', EIGHT_BODY.replace('\n8\n', '\n00\n')],
    ['a sign', EIGHT_BODY.replace('\n8\n', '\n+8\n')],
    ['a negative size', EIGHT_BODY.replace('\n8\n', '\n-8\n')],
    ['a decimal point', EIGHT_BODY.replace('\n8\n', '\n8.0\n')],
    ['an exponent', EIGHT_BODY.replace('\n8\n', '\n8e0\n')],
    ['hex', EIGHT_BODY.replace('\n8\n', '\n0x8\n')],
    ['spaces around the size', EIGHT_BODY.replace('\n8\n', '\n 8\n')],
    ['a size beyond 2^53 − 1', EIGHT_BODY.replace('\n8\n', '\n9007199254740992\n')],
    ['an empty size', EIGHT_BODY.replace('\n8\n', '\n\n')],
    ['a 31-byte root', `o\n1\n${Buffer.alloc(31).toString('base64')}\n`],
    ['a 33-byte root', `o\n1\n${Buffer.alloc(33).toString('base64')}\n`],
    ['a root without padding', EIGHT_BODY.replace('Qyg=', 'Qyg')],
    ['a root with non-zero padding bits', EIGHT_BODY.replace('Qyg=', 'Qyh=')],
    ['a root in base64url', EIGHT_BODY.replace('+Nw7/', '-Nw7_')],
    ['a space in the root', EIGHT_BODY.replace('Qyg=', 'Q yg=')],
    ['a trailing space', EIGHT_BODY.replace('Qyg=\n', 'Qyg= \n')],
  ])('rejects %s', (_, text) => {
    expect(E.isRight(parseCheckpoint(text))).toBe(false);
  });

  it('accepts the largest exact size', () => {
    expect(parseCheckpoint(EIGHT_BODY.replace('\n8\n', '\n9007199254740991\n'))).toMatchObject(E.right({ size: Number.MAX_SAFE_INTEGER }));
    expect(parseCheckpoint(EIGHT_BODY.replace('\n8\n', '\n0\n'))).toMatchObject(E.right({ size: 0 }));
  });
});

describe('signCheckpoint and openSignedCheckpoint', () => {
  it('writes a signed note with one signature line by the key', () => {
    const note = signCheckpoint(eight, signer);
    expect(note.startsWith(`${EIGHT_BODY}\n— indicator-ledger/130302 `)).toBe(true);
    expect(note.endsWith('\n')).toBe(true);
    expect(note.split('\n')).toHaveLength(6);
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(checkpoints, (checkpoint) => {
        expect(openSignedCheckpoint(signCheckpoint(checkpoint, signer), verifier)).toEqual(E.right(checkpoint));
      }),
      { numRuns: 200 },
    );
  });

  it('opens with a verifier read back from its published verifier-key string', () => {
    const parsed = parseVerifierKey(formatVerifierKey(verifier));
    if (E.isLeft(parsed)) throw new Error(parsed.left.reason);
    expect(openSignedCheckpoint(signCheckpoint(eight, signer), parsed.right)).toEqual(E.right(eight));
  });

  it('fails for a wrong key, or the right key under another name', () => {
    const note = signCheckpoint(eight, signer);
    const other = generateKeyPairSync('ed25519');
    expect(E.isRight(openSignedCheckpoint(note, { keyName: verifier.keyName, publicKey: other.publicKey }))).toBe(false);
    expect(E.isRight(openSignedCheckpoint(note, { keyName: 'indicator-ledger/130303', publicKey: verifier.publicKey }))).toBe(false);
    expect(E.isRight(openSignedCheckpoint(signCheckpoint(eight, { ...signer, privateKey: other.privateKey }), verifier))).toBe(false);
  });

  it('fails for a validly signed note whose body is not a checkpoint', () => {
    expect(openSignedCheckpoint(signNote(`${EIGHT_BODY}extension\n`, signer), verifier)).toEqual(E.left({ reason: 'checkpoint has 4 lines, expected 3 (origin, size, root)' }));
  });

  const flipped = (note: string, position: number, mask: number): string => {
    const bytes = Buffer.from(note, 'utf8');
    bytes[position] = (bytes[position] as number) ^ mask;
    // Invalid UTF-8 after a flip decodes to U+FFFD, itself a change the note must not survive.
    return new TextDecoder().decode(bytes);
  };

  it('fails when any single bit of a signed note is flipped (every position, every bit)', () => {
    const note = signCheckpoint(eight, signer);
    const length = Buffer.byteLength(note, 'utf8');
    for (let position = 0; position < length; position++) {
      for (let bit = 0; bit < 8; bit++) {
        expect(E.isRight(openSignedCheckpoint(flipped(note, position, 1 << bit), verifier)), `byte ${position} bit ${bit}`).toBe(false);
      }
    }
  });

  it('fails when any byte of a signed note is changed to any other value (property)', () => {
    fc.assert(
      fc.property(checkpoints, fc.nat(), fc.integer({ min: 1, max: 255 }), (checkpoint, at, mask) => {
        const note = signCheckpoint(checkpoint, signer);
        const position = at % Buffer.byteLength(note, 'utf8');
        expect(E.isRight(openSignedCheckpoint(flipped(note, position, mask), verifier))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('fails when bytes are added or removed anywhere (property)', () => {
    const note = signCheckpoint(eight, signer);
    fc.assert(
      fc.property(fc.nat({ max: note.length }), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }), (at, removed, inserted) => {
        fc.pre(removed > 0 || inserted.length > 0);
        const changed = note.slice(0, at) + inserted + note.slice(at + removed);
        fc.pre(changed !== note);
        expect(E.isRight(openSignedCheckpoint(changed, verifier))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
