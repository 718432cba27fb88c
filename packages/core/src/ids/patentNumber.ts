import * as E from 'fp-ts/lib/Either.js';

/**
 * A CNIPA application number with its check character, normalised (no `ZL` prefix): `201710601862.3`.
 * docs/spec.md §4.
 */
export type PatentNumber = string & { readonly __brand: 'PatentNumber' };

/** The kind of a patent, which the 5th digit of its number encodes (docs/spec.md §4). */
export type PatentKind = 'invention' | 'utility-model' | 'design';

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;
const SHAPE = /^(?:ZL)?(\d{12})\.([0-9X])$/;

/** The check character of a 12-digit application number: Σ dᵢ·wᵢ mod 11, 10 written `X`. */
export const patentCheckCharacter = (digits12: string): string => {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits12[i]) * WEIGHTS[i]!;
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
};

/** The kind encoded by the 5th digit (1, 8 invention; 2, 9 utility model; 3 design), if any. */
export const patentKindOfDigit = (digit: string): PatentKind | undefined =>
  digit === '1' || digit === '8' ? 'invention' : digit === '2' || digit === '9' ? 'utility-model' : digit === '3' ? 'design' : undefined;

/** Checks shape, kind digit and check character; strips an optional `ZL` prefix. Left: the first thing wrong. */
export const parsePatentNumber = (text: string): E.Either<string, PatentNumber> => {
  const m = SHAPE.exec(text);
  if (m === null) return E.left(`should be a 12-digit application number, a dot and a check character, such as 201710601862.3, got ${JSON.stringify(text)}`);
  const digits = m[1]!;
  if (patentKindOfDigit(digits[4]!) === undefined) return E.left(`5th digit ${digits[4]} names no patent kind (1 or 8 invention, 2 or 9 utility model, 3 design)`);
  const expected = patentCheckCharacter(digits);
  if (m[2] !== expected) return E.left(`check character should be ${expected}, got ${m[2]}`);
  return E.right(`${digits}.${expected}` as PatentNumber);
};

/** The kind a (valid) patent number encodes. */
export const patentKindOf = (patentNo: PatentNumber): PatentKind => patentKindOfDigit(patentNo[4]!)!;
