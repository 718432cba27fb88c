import { addYears, subDays } from 'date-fns';
import * as E from 'fp-ts/lib/Either.js';
import { UTCDate } from '@date-fns/utc';
/**
 * A civil date `YYYY-MM-DD` in the district's calendar (China Standard Time, UTC+8, no DST), docs/spec.md §1.
 * Branded: a value of this type has already been checked to be a real calendar date in range,
 * so functions taking it never re-validate. Civil dates in this format order correctly as strings.
 */
export type CivilDate = string & { readonly __brand: 'CivilDate' };

/** The earliest and latest dates docs/spec.md §3 accepts. */
export const EARLIEST_CIVIL_DATE = '1980-01-01' as CivilDate;
export const LATEST_CIVIL_DATE = '2100-12-31' as CivilDate;
/** Years docs/spec.md §3 accepts for every `year` field. */
export const EARLIEST_YEAR = 1980;
export const LATEST_YEAR = 2100;
/** What {@link isAcceptedYear} accepts, in words, for the reason of a refused year. */
export const YEAR_RANGE_TEXT = `a whole year from ${EARLIEST_YEAR} to ${LATEST_YEAR}`;
/**
 * Whether `year` is one docs/spec.md §3 accepts for a `year` field or a query's year: a whole number from
 * {@link EARLIEST_YEAR} to {@link LATEST_YEAR}. The one year check the codecs, the projections, bundle
 * verification and the command line share.
 */
export const isAcceptedYear = (year: number): boolean => Number.isInteger(year) && year >= EARLIEST_YEAR && year <= LATEST_YEAR;

const CIVIL_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * Checks that `text` is a real calendar date in 1980-01-01..2100-12-31.
 * Returns the branded date (Right), or (Left) a reason a clerk can act on.
 */
export const parseCivilDate = (text: string): E.Either<string, CivilDate> => {
  const m = CIVIL_DATE_SHAPE.exec(text);
  if (m === null) return E.left(`should be a date written YYYY-MM-DD, got ${JSON.stringify(text)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return E.left(`${text} is not a calendar date (month ${m[2]})`);
  if (day < 1 || day > daysInMonth(year, month)) return E.left(`${text} is not a calendar date (day ${m[3]})`);
  if (text < EARLIEST_CIVIL_DATE || text > LATEST_CIVIL_DATE) return E.left(`should be between ${EARLIEST_CIVIL_DATE} and ${LATEST_CIVIL_DATE}, got ${text}`);
  return E.right(text as CivilDate);
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const civilDateOf = (year: number, month: number, day: number): CivilDate => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as CivilDate;

// date-fns on UTCDate: the arithmetic runs on the UTC calendar, never the host's zone. A zone that
// skipped a calendar day (Pacific/Kiritimati skipped 1994-12-31, Samoa 2011-12-30) has no local midnight
// on it, so going through local time there would shift the result by a day.
const toUtcDate = (date: CivilDate): UTCDate => new UTCDate(yearOf(date), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtcDate = (d: Date): CivilDate => civilDateOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());

/**
 * `date` plus `years` calendar years; Feb 29 becomes Feb 28 in a common year (date-fns `addYears`
 * semantics, which docs/spec.md §4 names). The result may lie outside the accepted input range (2100 + 3).
 */
export const addYearsClamped = (date: CivilDate, years: number): CivilDate => fromUtcDate(addYears(toUtcDate(date), years));

/** The day before `date`. */
export const previousDay = (date: CivilDate): CivilDate => fromUtcDate(subDays(toUtcDate(date), 1));

/** The calendar year a civil date falls in. */
export const yearOf = (date: CivilDate): number => Number(date.slice(0, 4));

/** January 1 of `year`. */
export const startOfYear = (year: number): CivilDate => `${pad(year, 4)}-01-01` as CivilDate;

/** December 31 of `year`: the date a yearly figure is valued on (docs/spec.md §1). */
export const endOfYear = (year: number): CivilDate => `${pad(year, 4)}-12-31` as CivilDate;
