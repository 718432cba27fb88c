import type { CivilDate } from '../time/civilDate.js';

/**
 * A civil date as the integer YYYYMMDD (2020-12-31 → 20201231). Integers of this form order like the
 * dates, and comparing them costs one instruction, which the folds' inner loops rely on.
 */
export type DateKey = number;

const digitAt = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};

/**
 * The {@link DateKey} of a civil date. Read digit by digit (the fold calls this for every record): for a
 * `YYYY-MM-DD` text this is the number `Number(year) * 10000 + Number(month) * 100 + Number(day)`; any other
 * text is read that way itself.
 */
export const dateKeyOf = (date: CivilDate): DateKey => {
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const key =
      (digitAt(date, 0) * 1000 + digitAt(date, 1) * 100 + digitAt(date, 2) * 10 + digitAt(date, 3)) * 10000 +
      (digitAt(date, 5) * 10 + digitAt(date, 6)) * 100 +
      digitAt(date, 8) * 10 +
      digitAt(date, 9);
    if (!Number.isNaN(key)) return key;
  }
  return Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
};

/** The year of a {@link DateKey}. */
export const yearOfKey = (key: DateKey): number => Math.floor(key / 10000);
