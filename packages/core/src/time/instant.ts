import * as E from 'fp-ts/lib/Either.js';
import { daysInMonth } from './civilDate.js';
import type { CivilDate } from './civilDate.js';

/**
 * An instant normalised to UTC with milliseconds, `2021-01-15T02:00:00.000Z` (docs/spec.md §1 `recordedAt`).
 * Normalised instants order correctly as strings, which the as-of queries rely on.
 */
export type Instant = string & { readonly __brand: 'Instant' };

const INSTANT_SHAPE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

// `2021-01-15T02:00:00.000Z`: the length of a normalised instant, and the char codes its fixed places hold.
const NORMAL_LENGTH = 24;
const ZERO = 0x30;
const HYPHEN = 0x2d;
const COLON = 0x3a;
const T = 0x54;
const DOT = 0x2e;
const Z = 0x5a;

// The number written by the ASCII digits text[from..from + width), or -1 when one of them is not a digit.
const digitsAt = (text: string, from: number, width: number): number => {
  let n = 0;
  for (let i = from; i < from + width; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
};

/**
 * True when `text` is already a normalised instant: `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real day and time
 * (what the ledger writes, and what most inputs carry). Read by char codes, since every record decoded and
 * every record verified passes through here (a `Date` round trip cost ~5 % of a verify).
 */
const isNormalInstant = (text: string): boolean => {
  if (text.length !== NORMAL_LENGTH) return false;
  if (
    text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN || text.charCodeAt(10) !== T || text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON || text.charCodeAt(19) !== DOT || text.charCodeAt(23) !== Z
  ) {
    return false;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  return (
    year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour >= 0 && hour <= 23 &&
    minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && digitsAt(text, 20, 3) >= 0
  );
};

/**
 * Reads an ISO-8601 instant with a date, a time and an offset (`Z` or `±HH:MM`) and normalises it to
 * UTC with milliseconds (Right); Left: why not. A time without an offset is refused: it would be read in the
 * host's zone.
 */
export const parseInstant = (text: string): E.Either<string, Instant> =>
  // Already normal: the text is its own reading. Any other text takes the full path below.
  isNormalInstant(text) ? E.right(text as Instant) : readInstant(text);

/**
 * {@link parseInstant} without its shortcut for text already normal: every text read by its shape, its
 * calendar and its offset. Exported for the test that holds the two to the same answers.
 */
export const readInstant = (text: string): E.Either<string, Instant> => {
  const m = INSTANT_SHAPE.exec(text);
  if (m === null) return E.left(`should be an ISO-8601 instant with an offset, such as 2021-01-15T10:00:00+08:00, got ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return E.left(`${text} does not name a calendar date`);
  }
  if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) {
    return E.left(`${text} does not name a time of day`);
  }
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const offset = m[8] === 'Z' ? 'Z' : `${m[8]!.slice(0, 3)}:${m[8]!.slice(-2)}`;
  // Rebuilt in the exact ECMAScript date-time format so Date.parse has one defined reading.
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${fraction}${offset}`);
  if (!Number.isFinite(ms)) return E.left(`${text} is not a valid instant`);
  const normal = new Date(ms).toISOString();
  if (!/^\d{4}-/.test(normal)) return E.left(`${text} is outside the years 0000–9999`);
  return E.right(normal as Instant);
};

/** Normalises a JavaScript Date (from a clock) to an {@link Instant}. */
export const instantOf = (date: Date): Instant => date.toISOString() as Instant;

/** The later of two instants. */
export const laterInstant = (a: Instant, b: Instant): Instant => (a >= b ? a : b);

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The civil date in China Standard Time (UTC+8) at an instant: 2020-12-31T16:30:00.000Z is 2021-01-01.
 * docs/spec.md §1 forbids deriving an effective date from the UTC calendar day.
 */
export const civilDateInChina = (instant: Instant): CivilDate =>
  new Date(Date.parse(instant) + CST_OFFSET_MS).toISOString().slice(0, 10) as CivilDate;
