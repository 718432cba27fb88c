/**
 * Calendar arithmetic the fold repeats for every record, made cheap: `recordedAt` instants read as epoch
 * milliseconds without `Date.parse`, and the date-fns year arithmetic of docs/spec.md §4 (a high-tech
 * recognition's default validity, a patent's term) memoised by date, since a stream uses a few thousand
 * distinct dates for a million records. The memos live as long as the process, across every stream it folds,
 * so each is bounded ({@link FOLD_CALENDAR_MEMO_LIMIT}).
 */
import type { EventType } from '../events/catalog.js';
import { EVENT_TYPES } from '../events/catalog.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import type { DateKey } from '../indicators/dateKey.js';
import { recognitionValidUntil } from '../rules/recognitionPeriod.js';
import type { Designation } from '../events/vocabulary.js';
import type { CivilDate } from '../time/civilDate.js';
import { addYearsClamped, daysInMonth, previousDay } from '../time/civilDate.js';

const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;
const isDigitAt = (text: string, at: number): boolean => {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
};
const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const isNormalisedInstant = (t: string): boolean => {
  if (t.length !== 24) return false;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58) return false;
  if (t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46 || t.charCodeAt(23) !== 90) return false;
  for (let i = 0; i < DIGIT_AT.length; i++) if (!isDigitAt(t, DIGIT_AT[i]!)) return false;
  return true;
};

/**
 * Epoch milliseconds of an instant, `Date.parse(instant)`. A normalised instant (`YYYY-MM-DDTHH:MM:SS.sssZ`,
 * docs/spec.md §1, as every stored record has) with a real date and time of day is computed field by field with
 * `Date.UTC`, which for such a text is the same number; anything else goes to `Date.parse` itself.
 */
export const epochMsOf = (instant: string): number => {
  if (!isNormalisedInstant(instant)) return Date.parse(instant);
  const year = digit(instant, 0) * 1000 + digit(instant, 1) * 100 + digit(instant, 2) * 10 + digit(instant, 3);
  const month = digit(instant, 5) * 10 + digit(instant, 6);
  const day = digit(instant, 8) * 10 + digit(instant, 9);
  const hour = digit(instant, 11) * 10 + digit(instant, 12);
  const minute = digit(instant, 14) * 10 + digit(instant, 15);
  const second = digit(instant, 17) * 10 + digit(instant, 18);
  const ms = digit(instant, 20) * 100 + digit(instant, 21) * 10 + digit(instant, 22);
  // Out-of-range fields (month 13, Feb 30, hour 24, …) and years Date.UTC would read as 19xx: Date.parse decides.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return Date.parse(instant);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
};

const EVENT_TYPE_BY_NAME: ReadonlyMap<string, EventType> = new Map(EVENT_TYPES.map((t) => [t, t]));

/**
 * The catalog's own string for an event type: a record parsed from JSON carries its own copy of the
 * name, and the projection keeps one per position, so a million records would keep a million copies.
 */
export const sharedEventType = (type: EventType): EventType => EVENT_TYPE_BY_NAME.get(type) ?? type;

/**
 * The most entries each memo of this module keeps: 16,384 dates, some 45 years of days — more than a stream
 * uses, a fraction of the 1980–2100 range a date may take (docs/spec.md §3), about a megabyte a memo.
 */
export const FOLD_CALENDAR_MEMO_LIMIT = 16_384;

/**
 * Remembers `value` under `key` in a memo of this module, emptying the memo first when it holds
 * {@link FOLD_CALENDAR_MEMO_LIMIT} entries: it refills with the dates then in use. A hit stays one plain `Map`
 * lookup (an LRU would reorder on every hit of this hot path), and a process that meets more dates than the
 * limit recomputes each at most once per refill, never holding more.
 */
const remember = (memo: Map<string, DateKey>, key: string, value: DateKey): DateKey => {
  if (memo.size >= FOLD_CALENDAR_MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
};

const highTechUntil = new Map<string, DateKey>();

/** {@link recognitionValidUntil} as a DateKey; the default of a recognition without `validUntil` is memoised by (validFrom, designation). */
export const recognitionValidUntilKey = (r: {
  readonly effectiveDate: CivilDate;
  readonly data: { readonly designation: Designation; readonly validFrom?: CivilDate; readonly validUntil?: CivilDate };
}): DateKey => {
  if (r.data.validUntil !== undefined) return dateKeyOf(r.data.validUntil);
  const memoKey = `${r.data.validFrom ?? r.effectiveDate}|${r.data.designation}`;
  return highTechUntil.get(memoKey) ?? remember(highTechUntil, memoKey, dateKeyOf(recognitionValidUntil(r)));
};

const termEnds = new Map<string, DateKey>();

/** docs/spec.md §6: the last day of a patent's term, addYears(filingDate, 20) − 1 day, memoised by filing date. */
export const patentTermEndKey = (filingDate: CivilDate): DateKey => {
  return termEnds.get(filingDate) ?? remember(termEnds, filingDate, dateKeyOf(previousDay(addYearsClamped(filingDate, 20))));
};

/** How many entries each memo holds now (for tests of the bound; not exported by the package). */
export const foldCalendarMemoSizes = (): { readonly recognitionValidUntil: number; readonly patentTermEnd: number } => ({
  recognitionValidUntil: highTechUntil.size,
  patentTermEnd: termEnds.size,
});
