/**
 * Reading one JSON text (an NDJSON line, docs/spec.md §3) with the two things `JSON.parse` hides:
 * a key given twice in one object (JSON.parse keeps the last silently) and a number that a JavaScript
 * number cannot hold exactly (JSON.parse rounds `9007199254740993` to `…992`). docs/spec.md §8.2.
 *
 * `JSON.parse` still does the parsing (it is native and fast, and its syntax errors are the messages
 * users already see); a single linear pass over the text that `JSON.parse` accepted then finds repeated
 * keys and inexact numbers. The pass keeps its own stack (no recursion), so any nesting depth is safe.
 */

/**
 * A number as written in JSON whose value a JavaScript number does not hold exactly: an integer beyond
 * ±9007199254740991, a literal like `100.0000000000000001` that rounds to a whole number, or one too large
 * for a double (`1e999`). The line reader puts one in place of the rounded number, so that codecs can refuse
 * it where a whole number is expected and quote what was written (docs/spec.md §8.2). `value` is the
 * nearest double, which fields holding measured or target values take.
 */
export class InexactNumber {
  constructor(
    /** The literal text of the number in the line. */
    readonly literal: string,
    /** What `JSON.parse` made of it. */
    readonly value: number,
  ) {}
}

/** A key given more than once in one object: the dotted path of the repeated key (`data.name`). */
export interface RepeatedKey {
  readonly path: string;
  readonly key: string;
}

/** The outcome of {@link readJsonLine}. */
export type JsonLineReading =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: 'syntax'; readonly reason: string }
  | { readonly ok: false; readonly kind: 'repeated-keys'; readonly repeated: readonly RepeatedKey[] };

/**
 * Parses one JSON text. Refuses what `JSON.parse` refuses, and any object that gives a key twice (every
 * such key is listed with its path); puts an {@link InexactNumber} in place of every number `JSON.parse`
 * would have rounded to a whole number or to infinity.
 */
export const readJsonLine = (text: string): JsonLineReading => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, kind: 'syntax', reason: (err as Error).message };
  }
  // Only objects hold keys and only containers hold numbers worth a second look at a path.
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'number' && isInexact(text.trim(), value) ? { ok: true, value: new InexactNumber(text.trim(), value) } : { ok: true, value };
  }
  const scan = scanJsonText(text);
  if (scan.repeated.length > 0) return { ok: false, kind: 'repeated-keys', repeated: scan.repeated };
  for (const n of scan.inexact) placeAt(value, n.path, new InexactNumber(n.literal, n.value));
  return { ok: true, value };
};

interface InexactAt {
  readonly path: readonly (string | number)[];
  readonly literal: string;
  readonly value: number;
}

/**
 * The keys of one object seen so far. Event objects have a handful of keys, where a list searched from
 * the start is faster than a Set; a large object moves to a Set, so the pass stays linear.
 */
class KeySet {
  #list: string[] = [];
  #set: Set<string> | null = null;

  has(key: string): boolean {
    return this.#set !== null ? this.#set.has(key) : this.#list.includes(key);
  }

  add(key: string): void {
    if (this.#set !== null) this.#set.add(key);
    else if (this.#list.length < 16) this.#list.push(key);
    else this.#set = new Set([...this.#list, key]);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isNumberChar = (c: number): boolean => isDigit(c) || c === MINUS || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;

/**
 * One pass over a text `JSON.parse` accepted (so its syntax is known good): for each object, the set of its
 * keys (decoded, so `"\u0074ype"` and `"type"` are the same key); for each number, whether it is exact.
 * `path[d]` is the key or index at depth `d`; `keys[d]` the keys seen so far in the object at depth `d` (null in an array).
 */
const scanJsonText = (text: string): { repeated: RepeatedKey[]; inexact: InexactAt[] } => {
  const repeated: RepeatedKey[] = [];
  const inexact: InexactAt[] = [];
  const path: (string | number)[] = [];
  const keys: (KeySet | null)[] = [];
  // Whether the next string in the current object is a key (after `{` or `,`), not a value (after `:`).
  let expectKey = false;
  let nextBackslash = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const depth = keys.length - 1;
      const own = depth >= 0 ? keys[depth] : null;
      if (expectKey && own !== null && own !== undefined) {
        // The next backslash, searched again only once passed, so the searches together read the text once.
        if (nextBackslash !== -1 && nextBackslash <= i) nextBackslash = text.indexOf('\\', i + 1);
        const key = nextBackslash !== -1 && nextBackslash < end ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (own.has(key)) repeated.push({ path: dottedPath([...path.slice(0, depth), key]), key });
        else own.add(key);
        path[depth] = key;
        expectKey = false;
      }
      i = end + 1;
    } else if (c === OPEN_BRACE) {
      keys.push(new KeySet());
      path.push('');
      expectKey = true;
      i++;
    } else if (c === OPEN_BRACKET) {
      keys.push(null);
      path.push(0);
      expectKey = false;
      i++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      keys.pop();
      path.pop();
      expectKey = false;
      i++;
    } else if (c === COMMA) {
      const depth = keys.length - 1;
      if (keys[depth] === null) path[depth] = (path[depth] as number) + 1;
      else expectKey = true;
      i++;
    } else if (c === COLON) {
      expectKey = false;
      i++;
    } else if (c === MINUS || isDigit(c)) {
      let end = i + 1;
      let plainDigits = isDigit(c);
      for (let d = text.charCodeAt(end); end < n && isNumberChar(d); d = text.charCodeAt(++end)) plainDigits &&= isDigit(d);
      // Up to 15 plain digits are always exact: the common case reads no literal at all.
      if (end - i > 15 || !plainDigits) {
        const literal = text.slice(i, end);
        const value = Number(literal);
        if (isInexact(literal, value)) inexact.push({ path: [...path], literal, value });
      }
      i = end;
    } else {
      // White space, and the letters of true, false and null.
      i++;
    }
  }
  return { repeated, inexact };
};

/** The index of the quote that closes the string opening at `start` (the text is valid JSON). */
const stringEnd = (text: string, start: number): number => {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
};

/**
 * Whether `JSON.parse` rounded the literal to a whole number (or to infinity) it does not denote: only then
 * can a whole-number field be misled. Fractions that stay fractions are approximate by nature and left alone.
 */
const isInexact = (literal: string, value: number): boolean => {
  if (!Number.isFinite(value)) return true;
  if (!Number.isInteger(value)) return false;
  return integerDenotedBy(literal) !== (value === 0 ? '0' : BigInt(value).toString());
};

/**
 * The decimal integer a JSON number literal denotes exactly, or null when it denotes a fraction:
 * `1.50e2` → `150`, `-0.0` → `0`, `100.0000000000000001` → null. Linear in the literal's length plus the
 * exponent, which is small here: the literal's value is a finite double.
 */
const integerDenotedBy = (literal: string): string | null => {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (m === null) return null;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let digits = `${whole}${fraction}`.replace(/^0+/, '');
  let scale = Number(exponent) - fraction.length;
  if (digits === '') return '0';
  const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailingZeros);
  scale += trailingZeros;
  if (scale < 0) return null;
  return `${sign}${digits}${'0'.repeat(scale)}`;
};

/** Replaces the value at `path` inside `root` (the path exists: it was read from the same text). */
const placeAt = (root: unknown, path: readonly (string | number)[], value: unknown): void => {
  let node = root as Record<string | number, unknown>;
  for (let d = 0; d < path.length - 1; d++) node = node[path[d]!] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
};

/** The dotted path problems name (`data.name`), as `problemsOfValidation` writes io-ts paths. */
const dottedPath = (path: readonly (string | number)[]): string => path.join('.');
