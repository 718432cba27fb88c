import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseUnifiedSocialCreditCode, usccCheckCharacter, USCC_ALPHABET } from './unifiedSocialCreditCode.js';
import { arbUnifiedSocialCreditCode } from '../testing/arbitraries.js';

/** The worked example of GB 32100-2015 (a Fuzhou enterprise), and a real Beijing enterprise's code. */
const KNOWN_GOOD = ['91350100M000100Y43', '91110000600037341L'] as const;

const withCharacterAt = (code: string, position: number, character: string): string =>
  `${code.slice(0, position)}${character}${code.slice(position + 1)}`;

describe('unified social credit code (docs/spec.md §4)', () => {
  it.each(KNOWN_GOOD)('accepts the known-good code %s unchanged', (code) => {
    expect(parseUnifiedSocialCreditCode(code)).toEqual({ ok: true, value: code });
  });

  it("computes the standard's worked check character", () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('91110000600037341')).toBe('L');
  });

  it('names the expected and the written check character', () => {
    expect(parseUnifiedSocialCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check character should be 3, got 4' });
  });

  it('accepts every code the arbitrary produces', () => {
    fc.assert(
      fc.property(arbUnifiedSocialCreditCode(), (code) => {
        expect(parseUnifiedSocialCreditCode(code)).toEqual({ ok: true, value: code });
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
            expect(r.ok, changed).toBe(false);
            // The check character over the changed first 17 differs from the one written (a weighted sum
            // mod the prime 31 moves whenever one term does); the message names both.
            const expected = usccCheckCharacter(changed.slice(0, 17));
            expect(expected).not.toBe(changed[17]);
            if (!r.ok) expect(r.reason).toBe(`check character should be ${expected}, got ${changed[17]}`);
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
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain(`character ${position + 1} (${JSON.stringify(character)}) is not allowed`);
      }
    }
  });

  it('rejects codes of the wrong length', () => {
    for (const text of ['', KNOWN_GOOD[0].slice(0, 17), `${KNOWN_GOOD[0]}0`]) {
      expect(parseUnifiedSocialCreditCode(text)).toEqual({ ok: false, reason: `should be 18 characters, got ${text.length}` });
    }
  });
});
