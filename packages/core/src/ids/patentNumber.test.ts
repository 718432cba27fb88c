import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { parsePatentNumber, patentCheckCharacter, patentKindOf, patentKindOfDigit } from './patentNumber.js';
import type { PatentNumber } from './patentNumber.js';
import { arbPatentNumber } from '../testing/arbitraries.js';

const withCharacterAt = (text: string, position: number, character: string): string =>
  `${text.slice(0, position)}${character}${text.slice(position + 1)}`;

/** What may stand anywhere in a normalised number: digits, the check's `X`, the dot. */
const CANDIDATES = '0123456789X.';

describe('CNIPA patent number (docs/spec.md §4)', () => {
  it('accepts the known-good 201710601862.3', () => {
    expect(patentCheckCharacter('201710601862')).toBe('3');
    expect(parsePatentNumber('201710601862.3')).toEqual(E.right('201710601862.3'));
  });

  it('normalises ZL201710601862.3 to 201710601862.3', () => {
    expect(parsePatentNumber('ZL201710601862.3')).toEqual(E.right('201710601862.3'));
  });

  it('writes a check of 10 as X (201710601852.X, worked by hand: Σ = 153 ≡ 10 mod 11)', () => {
    expect(patentCheckCharacter('201710601852')).toBe('X');
    expect(parsePatentNumber('201710601852.X')).toEqual(E.right('201710601852.X'));
    expect(parsePatentNumber('201710601852.0')).toEqual(E.left('check character should be X, got 0'));
  });

  it('names the expected and the written check character', () => {
    expect(parsePatentNumber('201710601862.4')).toEqual(E.left('check character should be 3, got 4'));
    expect(parsePatentNumber('ZL201710601862.4')).toEqual(E.left('check character should be 3, got 4'));
  });

  it('reads the kind from the 5th digit: 1 and 8 invention, 2 and 9 utility model, 3 design', () => {
    expect(['1', '8', '2', '9', '3'].map(patentKindOfDigit)).toEqual(['invention', 'invention', 'utility-model', 'utility-model', 'design']);
    for (const digit of ['0', '4', '5', '6', '7']) expect(patentKindOfDigit(digit)).toBeUndefined();
    expect(patentKindOf('201710601862.3' as PatentNumber)).toBe('invention');
  });

  it('rejects a 5th digit that names no kind, even with the right check character', () => {
    for (const digit of ['0', '4', '5', '6', '7']) {
      const digits = `2017${digit}0601862`;
      const r = parsePatentNumber(`${digits}.${patentCheckCharacter(digits)}`);
      expect(r).toEqual(E.left(`5th digit ${digit} names no patent kind (1 or 8 invention, 2 or 9 utility model, 3 design)`));
    }
  });

  it('accepts every number the arbitrary produces, with or without ZL, and normalises the prefix away', () => {
    fc.assert(
      fc.property(arbPatentNumber(), (text) => {
        const r = parsePatentNumber(text);
        expect(r).toEqual(E.right(text.replace(/^ZL/, '')));
      }),
    );
  });

  it('rejects every single-character change, at every position, to every other digit, X or dot', () => {
    fc.assert(
      fc.property(arbPatentNumber({ prefixed: false }), fc.boolean(), (text, prefixed) => {
        for (let position = 0; position < text.length; position++) {
          for (const character of CANDIDATES) {
            if (character === text[position]) continue;
            const changed = withCharacterAt(text, position, character);
            expect(E.isRight(parsePatentNumber(prefixed ? `ZL${changed}` : changed)), changed).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reports a changed digit as a wrong check character when the kind digit still names a kind', () => {
    fc.assert(
      fc.property(arbPatentNumber({ prefixed: false }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (text, position, delta) => {
        const character = String((Number(text[position]) + delta) % 10);
        const changed = withCharacterAt(text, position, character);
        fc.pre(patentKindOfDigit(changed[4]!) !== undefined);
        expect(parsePatentNumber(changed)).toEqual(E.left(
          `check character should be ${patentCheckCharacter(changed.slice(0, 12))}, got ${text[13]}`,
        ));
        expect(patentCheckCharacter(changed.slice(0, 12))).not.toBe(text[13]);
      }),
    );
  });

  it('rejects malformed shapes', () => {
    for (const text of ['', '201710601862', '2017106018623', '20171060186.3', '2017106018622.3', 'zl201710601862.3', 'ZL 201710601862.3', ' 201710601862.3', '201710601862.x', 'CN201710601862.3']) {
      const r = parsePatentNumber(text);
      expect(E.isRight(r), text).toBe(false);
    }
  });
});
