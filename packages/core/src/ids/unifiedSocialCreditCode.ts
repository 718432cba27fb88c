import * as E from 'fp-ts/lib/Either.js';

/**
 * An enterprise's unified social credit code (统一社会信用代码, GB 32100-2015), docs/spec.md §4: 18 characters
 * whose last is a check character over the first 17.
 */
export type UnifiedSocialCreditCode = string & { readonly __brand: 'UnifiedSocialCreditCode' };

/** The 31 characters a code may use; a character's value is its index here. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters of a code (all of them in {@link USCC_ALPHABET}). */
export const usccCheckCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
};

/** Checks length, alphabet and check character of a unified social credit code. Left: the first thing wrong. */
export const parseUnifiedSocialCreditCode = (text: string): E.Either<string, UnifiedSocialCreditCode> => {
  if (text.length !== 18) return E.left(`should be 18 characters, got ${text.length}`);
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(text[i]!)) return E.left(`character ${i + 1} (${JSON.stringify(text[i])}) is not allowed; use 0-9 and A-Y without I, O, S, V, Z`);
  }
  const expected = usccCheckCharacter(text.slice(0, 17));
  if (text[17] !== expected) return E.left(`check character should be ${expected}, got ${text[17]}`);
  return E.right(text as UnifiedSocialCreditCode);
};
