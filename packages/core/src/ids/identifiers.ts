import * as E from 'fp-ts/lib/Either.js';

/** A platform's id (docs/spec.md §4): 1–64 of `A-Za-z0-9._-`. */
export type PlatformId = string & { readonly __brand: 'PlatformId' };

/** An event's id: a UUID, normalised to lower case (docs/spec.md §2). */
export type EventId = string & { readonly __brand: 'EventId' };

const PLATFORM_ID = /^[A-Za-z0-9._-]{1,64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Checks a platform id: the id, or (Left) a reason a clerk can act on. */
export const parsePlatformId = (text: string): E.Either<string, PlatformId> =>
  PLATFORM_ID.test(text) ? E.right(text as PlatformId) : E.left(`should be 1 to 64 of the characters A-Z a-z 0-9 . _ -, got ${JSON.stringify(text)}`);

/** Checks a UUID and normalises it to lower case, so the same id written twice is one id; Left: why not. */
export const parseEventId = (text: string): E.Either<string, EventId> =>
  UUID.test(text) ? E.right(text.toLowerCase() as EventId) : E.left(`should be a UUID such as 3f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7c, got ${JSON.stringify(text)}`);

/**
 * The normal form of a local id (allocation, project, commissioner; docs/spec.md §8.2): invisible format
 * characters (Unicode category Cf: U+200B zero-width space, U+00AD soft hyphen, U+FEFF …) removed, Unicode
 * NFKC (full-width `ＣＺ－１` is `CZ-1`, NBSP a space), white space trimmed at both ends.
 */
export const normalLocalId = (text: string): string => text.replace(/\p{Cf}/gu, '').normalize('NFKC').replace(/\p{Cf}/gu, '').trim();

/**
 * Accepts a local id only as written in its {@link normalLocalId} normal form, and refuses any other
 * spelling saying what the normal form is. Refusing, rather than normalising silently, keeps the stored
 * fact equal to what was written (the hash chain commits to it), and ids that look alike can no longer
 * name different entities (docs/spec.md §8.2). Ids in normal form are accepted unchanged.
 */
export const parseLocalId = (text: string): E.Either<string, string> => {
  const normal = normalLocalId(text);
  if (normal === text) return E.right(text);
  if (normal === '') return E.left('should not be empty once invisible characters are removed');
  return E.left(
    `should be written in its normal form ${JSON.stringify(normal)} (Unicode NFKC, no white space at either end, no invisible characters such as U+200B), so that one id always names one allocation, project or commissioner`,
  );
};
