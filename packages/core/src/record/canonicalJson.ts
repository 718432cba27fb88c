/**
 * RFC 8785 (JSON Canonicalization Scheme) text, fast. Every record is hashed twice on append and twice
 * again on verify, so this sits on both hot paths.
 *
 * The reference is the `canonicalize` package (RFC 8785's own JavaScript implementation, which
 * `canonicalJson.test.ts` holds this module to, byte for byte, on random values and records). This module
 * writes the same text for the values records are made of — plain objects, arrays, strings, finite
 * numbers, booleans, null — and hands anything else back to the reference, whole:
 *
 * - a string (value or key) that is not well-formed UTF-16 (a lone surrogate), which the reference refuses;
 * - a non-finite number, which it refuses;
 * - an object with `toJSON`, a function, symbol, bigint, an array hole or an `undefined` array element,
 *   and nesting deeper than {@link MAX_DEPTH} (where a cycle would be), whose handling is the reference's.
 *
 * Why the fast path gives the reference's bytes: the reference writes a primitive as `JSON.stringify` does,
 * which for a finite number is ES Number::toString (= `String(n)`; −0 gives "0" either way) and for a
 * well-formed string is exactly `JSON.stringify(s)`; it sorts an object's own enumerable string keys with
 * the default `Array.prototype.sort` (UTF-16 code units, as RFC 8785 §3.2.3 asks) and skips keys whose value
 * is `undefined` or a symbol; it joins arrays and members with commas. This module does the same steps, with
 * fewer intermediate arrays and no per-value `Set` of ancestors.
 */
import canonicalize from 'canonicalize';

/** Nesting deeper than this goes to the reference, which detects cycles; ledger values nest 2 or 3 deep. */
const MAX_DEPTH = 64;

/** Thrown inside the fast path when a value needs the reference; never escapes this module. */
const NEEDS_REFERENCE = Symbol('needs the reference implementation');

// ES2024's String.prototype.isWellFormed (Node ≥ 20), not yet in this project's ES2023 lib typings.
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

const stringText = (s: string): string => {
  if (!isWellFormed(s)) throw NEEDS_REFERENCE;
  return JSON.stringify(s);
};

const valueText = (value: unknown, depth: number): string => {
  switch (typeof value) {
    case 'string':
      return stringText(value);
    case 'number':
      if (!Number.isFinite(value)) throw NEEDS_REFERENCE;
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NEEDS_REFERENCE;
      return Array.isArray(value) ? arrayText(value, depth + 1) : objectText(value as Record<string, unknown>, depth + 1);
    default:
      throw NEEDS_REFERENCE;
  }
};

const arrayText = (items: readonly unknown[], depth: number): string => {
  let text = '[';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // The reference writes undefined (and holes, which `map` skips) its own way.
    if (item === undefined || !(i in items)) throw NEEDS_REFERENCE;
    if (i > 0) text += ',';
    text += valueText(item, depth);
  }
  return `${text}]`;
};

const objectText = (object: Record<string, unknown>, depth: number): string => {
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = object[key];
    if (value === undefined || typeof value === 'symbol') continue;
    if (!first) text += ',';
    first = false;
    text += `${stringText(key)}:${valueText(value, depth)}`;
  }
  return `${text}}`;
};

/**
 * The RFC 8785 text of `value` when it is a well-formed string (what the reference writes for it), else
 * `undefined`: for writers of fixed shapes that fall back to {@link canonicalJson} on anything unusual.
 */
export const canonicalStringText = (value: unknown): string | undefined =>
  typeof value === 'string' && isWellFormed(value) ? JSON.stringify(value) : undefined;

/**
 * RFC 8785 canonical JSON of a JSON value, identical to the `canonicalize` package's output; throws
 * where it throws (NaN, Infinity, lone surrogates, cycles) and `TypeError` for a value with no JSON form.
 * O(size of the value), plus sorting each object's keys.
 */
export const canonicalJson = (value: unknown): string => {
  try {
    return valueText(value, 0);
  } catch (err) {
    if (err !== NEEDS_REFERENCE) throw err;
  }
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
};

/** The reference implementation itself (the `canonicalize` package), for tests and for anyone who doubts the fast path. */
export const referenceCanonicalJson = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
};
