import type { CivilDate } from '../time/civilDate.js';

/**
 * A civil date as the integer YYYYMMDD (2020-12-31 → 20201231). Integers of this form order like the
 * dates, and comparing them costs one instruction, which the folds' inner loops rely on.
 */
export type DateKey = number;

/** The {@link DateKey} of a civil date. */
export const dateKeyOf = (date: CivilDate): DateKey =>
  Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));

/** The year of a {@link DateKey}. */
export const yearOfKey = (key: DateKey): number => Math.floor(key / 10000);

/** The civil date of a {@link DateKey}. */
export const civilDateOfKey = (key: DateKey): CivilDate => {
  const y = Math.floor(key / 10000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as CivilDate;
};
