import * as t from 'io-ts/lib/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { InexactNumber } from './jsonLine.js';
import { findControlCharacter } from './controlCharacters.js';

/**
 * io-ts building blocks that fail with words a clerk can act on. Every failure carries a message,
 * so no caller ever has to render io-ts's internal type names.
 */

/** Said of a whole number a JavaScript number does not hold exactly. */
const BEYOND_EXACT = ` (beyond ±${Number.MAX_SAFE_INTEGER}, the whole numbers held exactly)`;

/** A domain parser: a normalised value (Right), or (Left) a reason in plain words. */
export type Parser<A> = (text: string) => E.Either<string, A>;

/**
 * Describes a rejected value briefly for a message: `got 42`, `got "abc"`, `got an object`. A number read
 * from JSON that a JavaScript number cannot hold exactly is quoted as written (`9007199254740993`, not the
 * rounded `…992`); a whole number beyond ±9007199254740991 says so (docs/spec.md §8.2).
 */
export const describeValue = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  if (u === null) return 'null';
  if (u instanceof InexactNumber) return Math.abs(u.value) <= Number.MAX_SAFE_INTEGER ? u.literal : `${u.literal}${BEYOND_EXACT}`;
  if (typeof u === 'number' && Number.isInteger(u) && !Number.isSafeInteger(u)) return `${u}${BEYOND_EXACT}`;
  if (Array.isArray(u)) return 'a list';
  if (typeof u === 'object') return 'an object';
  if (typeof u === 'string') return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u);
  return String(u);
};

/** A string checked (and possibly normalised) by a domain parser from `ids/` or `time/`. */
export const parsedString = <A extends string>(name: string, parse: Parser<A>): t.Type<A, string, unknown> =>
  new t.Type<A, string, unknown>(
    name,
    (u): u is A => typeof u === 'string' && E.isRight(parse(u)),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, `should be text, got ${describeValue(u)}`);
      const r = parse(u);
      return E.isRight(r) ? t.success(r.right) : t.failure(u, c, r.left);
    },
    (a) => a,
  );

/**
 * Checks text as docs/spec.md §3 asks of names, titles, reasons and users: non-blank, at most `max`
 * characters (code points), and — docs/spec.md §8.2 — free of control characters (terminal escapes,
 * bidirectional overrides, line breaks; see `findControlCharacter`).
 */
export const parseBoundedText =
  (max: number): Parser<string> =>
  (s) => {
    if (s.trim() === '') return E.left('should not be empty');
    // Text of at most `max` UTF-16 units has at most `max` code points: only longer text is counted.
    const length = s.length <= max ? s.length : [...s].length;
    if (length > max) return E.left(`should be at most ${max} characters, got ${length}`);
    const control = findControlCharacter(s);
    if (control !== undefined) {
      return E.left(`should not contain control characters (terminal escapes, bidirectional overrides, line breaks); found ${control.codePoint} at character ${control.position}`);
    }
    return E.right(s);
  };

/** Non-blank text of at most `max` characters without control characters ({@link parseBoundedText}). */
export const boundedText = (max: number): t.Type<string, string, unknown> => parsedString(`text(1..${max})`, parseBoundedText(max));

/** One of a closed list of words. */
export const oneOf = <const V extends readonly string[]>(name: string, values: V): t.Type<V[number], string, unknown> => {
  const allowed: ReadonlySet<string> = new Set(values);
  return new t.Type<V[number], string, unknown>(
    name,
    (u): u is V[number] => typeof u === 'string' && allowed.has(u),
    (u, c) =>
      typeof u === 'string' && allowed.has(u)
        ? t.success(u as V[number])
        : t.failure(u, c, `should be one of ${values.join(', ')}; got ${describeValue(u)}`),
    (a) => a,
  );
};

/**
 * A number satisfying `accept`, with `expectation` naming the rule in the failure message. `-0` becomes
 * `0`: JSON writes both as `0`, so a record read back from any store holds `0`, and the one the ledger
 * keeps in memory must hold the same. For fields of measured or target values: a number JSON wrote more
 * precisely than a double holds ({@link InexactNumber}) is taken as the nearest double.
 */
export const numberWhere = (name: string, expectation: string, accept: (n: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && accept(u),
    (u, c) => {
      const n = u instanceof InexactNumber ? u.value : u;
      return typeof n === 'number' && accept(n) ? t.success(n === 0 ? 0 : n) : t.failure(u, c, `should be ${expectation}, got ${describeValue(u)}`);
    },
    (a) => a,
  );

/**
 * A whole number satisfying `accept` (amounts in fen, years, versions: docs/spec.md §8.2). Only a whole
 * number held exactly is one: anything beyond ±9007199254740991, or written so that JSON reading rounded
 * it to a whole number ({@link InexactNumber}), is refused and quoted as written, never rounded.
 */
export const wholeNumberWhere = (name: string, expectation: string, accept: (n: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && accept(u),
    (u, c) =>
      typeof u === 'number' && Number.isSafeInteger(u) && accept(u)
        ? t.success(u === 0 ? 0 : u)
        : t.failure(u, c, `should be ${expectation}, got ${describeValue(u)}`),
    (a) => a,
  );

/**
 * The context a decoder is handed when only its verdict and its value count, not where a problem lies:
 * `strictObject` then builds no context entries and stops at the first problem, and every codec here
 * passes it on unchanged. A caller that gets a failure under it runs the codec again with a real context
 * for the problems (see `decodeEventInput`), so the messages always come from the one io-ts path. Any
 * other io-ts codec treats it as an empty context, which only affects where its problems would be said to lie.
 */
export const VERDICT_ONLY: t.Context = Object.freeze([]) as unknown as t.Context;

// The one failure a decoder under VERDICT_ONLY returns: nothing is read from it but that it failed.
const VERDICT_FAILURE: t.Validation<never> = E.left([]);

type Decoded<P extends t.Props> = { [K in keyof P]: t.TypeOf<P[K]> };
type Encoded<P extends t.Props> = { [K in keyof P]: t.OutputOf<P[K]> };

/**
 * An object with exactly the given fields: unknown fields are rejected (docs/spec.md §3), every missing
 * required field and every bad field is reported, not only the first.
 */
export const strictObject = <R extends t.Props, O extends t.Props = {}>(
  name: string,
  required: R,
  optional: O = {} as O,
): t.Type<Decoded<R> & Partial<Decoded<O>>, Encoded<R> & Partial<Encoded<O>>, unknown> => {
  type A = Decoded<R> & Partial<Decoded<O>>;
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  const requiredKeys = Object.keys(required);
  const requiredTypes = requiredKeys.map((k) => required[k]!);
  const optionalKeys = Object.keys(optional);
  const optionalTypes = optionalKeys.map((k) => optional[k]!);
  // The verdict alone (VERDICT_ONLY): the same checks in the same order, with no context entries or
  // problem lists built, so a valid object costs its output object and its fields' results only.
  const verdictOnly = (input: Record<string, unknown>): t.Validation<A> => {
    for (const key in input) {
      if (Object.prototype.hasOwnProperty.call(input, key) && !known.has(key)) return VERDICT_FAILURE;
    }
    const out: Record<string, unknown> = {};
    for (let i = 0; i < requiredKeys.length; i++) {
      const key = requiredKeys[i]!;
      const value = input[key];
      if (value === undefined) return VERDICT_FAILURE;
      const r = requiredTypes[i]!.validate(value, VERDICT_ONLY);
      if (E.isLeft(r)) return VERDICT_FAILURE;
      out[key] = r.right;
    }
    for (let i = 0; i < optionalKeys.length; i++) {
      const key = optionalKeys[i]!;
      const value = input[key];
      if (value === undefined) continue;
      const r = optionalTypes[i]!.validate(value, VERDICT_ONLY);
      if (E.isLeft(r)) return VERDICT_FAILURE;
      out[key] = r.right;
    }
    return t.success(out as A);
  };
  const codec: t.Type<A, Encoded<R> & Partial<Encoded<O>>, unknown> = new t.Type(
    name,
    (u): u is A => E.isRight(codec.validate(u, VERDICT_ONLY)),
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u) || u instanceof InexactNumber) return t.failure(u, c, `should be an object, got ${describeValue(u)}`);
      const input = u as Record<string, unknown>;
      if (c === VERDICT_ONLY) return verdictOnly(input);
      const errors: t.ValidationError[] = [];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(input)) {
        if (!known.has(key)) {
          errors.push({ value: input[key], context: [...c, { key, type: t.unknown, actual: input[key] }], message: 'is not a known field' });
        }
      }
      const field = (key: string, type: t.Mixed, isRequired: boolean) => {
        const value = input[key];
        if (value === undefined) {
          if (isRequired) errors.push({ value, context: [...c, { key, type, actual: value }], message: 'is required' });
          return;
        }
        const r = type.validate(value, [...c, { key, type, actual: value }]);
        if (E.isLeft(r)) errors.push(...r.left);
        else out[key] = r.right;
      };
      for (const key of Object.keys(required)) field(key, required[key]!, true);
      for (const key of Object.keys(optional)) field(key, optional[key]!, false);
      return errors.length > 0 ? t.failures(errors) : t.success(out as A);
    },
    (a) => {
      const out: Record<string, unknown> = {};
      const all: t.Props = { ...required, ...optional };
      for (const key of Object.keys(all)) {
        const value = (a as Record<string, unknown>)[key];
        if (value !== undefined) out[key] = all[key]!.encode(value);
      }
      return out as Encoded<R> & Partial<Encoded<O>>;
    },
  );
  return codec;
};
