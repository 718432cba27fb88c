import * as E from 'fp-ts/lib/Either.js';

/**
 * A district's 6-digit administrative division code (GB/T 2260), docs/spec.md §2. It keys the district's stream.
 */
export type DistrictCode = string & { readonly __brand: 'DistrictCode' };

/** Province-level prefixes docs/spec.md §2 accepts. */
const PROVINCE_PREFIXES: ReadonlySet<number> = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

/** Checks shape and province prefix of a district code: the code, or (Left) why it is not one. */
export const parseDistrictCode = (text: string): E.Either<string, DistrictCode> => {
  if (!/^\d{6}$/.test(text)) return E.left(`should be a 6-digit administrative division code, got ${JSON.stringify(text)}`);
  const province = Number(text.slice(0, 2));
  if (!PROVINCE_PREFIXES.has(province)) return E.left(`${text.slice(0, 2)} is not a province-level code (first two digits of ${text})`);
  return E.right(text as DistrictCode);
};
