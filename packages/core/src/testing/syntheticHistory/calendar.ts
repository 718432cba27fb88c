/**
 * Days of the synthetic history as integers (days since 1970-01-01), so stepping and comparing days is
 * integer arithmetic and the host's time zone never enters (docs/spec.md §1: civil dates carry no zone).
 */
import type { Random } from './random.js';

const MS_PER_DAY = 86_400_000;

/** The day number of a civil date. */
export const dayOf = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / MS_PER_DAY;

const civilDates = new Map<number, string>();

/** The civil date `YYYY-MM-DD` of a day number (memoised: a history spans a few thousand days). */
export const civilOf = (day: number): string => {
  let text = civilDates.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    civilDates.set(day, text);
  }
  return text;
};

/** The calendar year of a day number. */
export const yearOfDay = (day: number): number => Number(civilOf(day).slice(0, 4));

/** Monday to Friday (day 0, 1970-01-01, was a Thursday). Public holidays are not modelled. */
export const isWorkingDay = (day: number): boolean => {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
};

/** The day itself if it is a working day, else the next Monday. */
export const workingDayOnOrAfter = (day: number): number => {
  let d = day;
  while (!isWorkingDay(d)) d++;
  return d;
};

/** A random working day in [from, to]; a weekend draw moves to the nearest working day inside the range. */
export const workingDayBetween = (random: Random, from: number, to: number): number => {
  const d = random.int(from, to);
  if (isWorkingDay(d)) return d;
  for (let k = 1; k <= 3; k++) {
    if (d - k >= from && isWorkingDay(d - k)) return d - k;
    if (d + k <= to && isWorkingDay(d + k)) return d + k;
  }
  return d;
};

/** A random working day of `year` between two month-days. */
export const dayIn = (random: Random, year: number, fromMonth: number, fromDay: number, toMonth: number, toDay: number): number =>
  workingDayBetween(random, dayOf(year, fromMonth, fromDay), dayOf(year, toMonth, toDay));

/** `n` written with at least `width` digits. */
export const zeroPadded = (n: number, width: number): string => String(n).padStart(width, '0');
