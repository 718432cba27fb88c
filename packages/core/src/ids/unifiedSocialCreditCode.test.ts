import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { parseUnifiedSocialCreditCode, usccCheckCharacter, USCC_ALPHABET } from './unifiedSocialCreditCode.js';
import { arbUnifiedSocialCreditCode } from '../testing/arbitraries.js';

/** The worked example of GB 32100-2015 (a Fuzhou enterprise), and a real Beijing enterprise's code. */
const KNOWN_GOOD = ['91350100M000100Y43', '91110000600037341L'] as const;

const withCharacterAt = (code: string, position: number, character: string): string =>
  `${code.slice(0, position)}${character}${code.slice(position + 1)}`;

describe('unified social credit code (docs/spec.md §4)', () => {
  it.each(KNOWN_GOOD)('accepts the known-good code %s unchanged', (code) => {
    expect(parseUnifiedSocialCreditCode(code)).toEqual(E.right(code));
  });

  it("computes the standard's worked check character", () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('91110000600037341')).toBe('L');
  });

  it('names the expected and the written check character', () => {
    expect(parseUnifiedSocialCreditCode('91350100M000100Y44')).toEqual(E.left('check character should be 3, got 4'));
  });

  it('accepts every code the arbitrary produces', () => {
    fc.assert(
      fc.property(arbUnifiedSocialCreditCode(), (code) => {
        expect(parseUnifiedSocialCreditCode(code)).toEqual(E.right(code));
      }),
    );
  });

  it('rejects every single-character change, at every position, to every other allowed character', () => {
    fc.assert(
      fc.property(arbUnifiedSocialCreditCode(), (code) => {
        for (let position = 0; position < 18; position++) {
          for (const character of USCC_ALPHABET) {
            if (character === code[position]) continue;
            const changed = withCharacterAt(code, position, character);
            const r = parseUnifiedSocialCreditCode(changed);
            expect(E.isRight(r), changed).toBe(false);
            // The check character over the changed first 17 differs from the one written (a weighted sum
            // mod the prime 31 moves whenever one term does); the message names both.
            const expected = usccCheckCharacter(changed.slice(0, 17));
            expect(expected).not.toBe(changed[17]);
            if (E.isLeft(r)) expect(r.left).toBe(`check character should be ${expected}, got ${changed[17]}`);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects characters outside the alphabet (I, O, S, V, Z, lower case, others) with their position', () => {
    for (const character of ['I', 'O', 'S', 'V', 'Z', 'a', 'y', ' ', '-', '中', '０']) {
      for (const position of [0, 8, 17]) {
        const r = parseUnifiedSocialCreditCode(withCharacterAt(KNOWN_GOOD[0], position, character));
        expect(E.isRight(r)).toBe(false);
        if (E.isLeft(r)) expect(r.left).toContain(`character ${position + 1} (${JSON.stringify(character)}) is not allowed`);
      }
    }
  });

  it('rejects codes of the wrong length', () => {
    for (const text of ['', KNOWN_GOOD[0].slice(0, 17), `${KNOWN_GOOD[0]}0`]) {
      expect(parseUnifiedSocialCreditCode(text)).toEqual(E.left(`should be 18 characters, got ${text.length}`));
    }
  });
});
