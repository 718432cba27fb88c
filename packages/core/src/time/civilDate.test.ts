import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { YEAR_RANGE_TEXT, addYearsClamped, endOfYear, isAcceptedYear, parseCivilDate, previousDay, startOfYear, yearOf } from './civilDate.js';
import type { CivilDate } from './civilDate.js';
import { arbCivilDate } from '../testing/arbitraries.js';

const date = (text: string): CivilDate => {
  const r = parseCivilDate(text);
  if (E.isLeft(r)) throw new Error(r.left);
  return r.right;
};

/** An independent reading of a calendar date: JavaScript's proleptic Gregorian UTC calendar. */
const isCalendarDate = (year: number, month: number, day: number): boolean => {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
};

const write = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

describe('civil date (docs/spec.md §1, §3)', () => {
  it('accepts Feb 29 of a leap year and rejects it otherwise', () => {
    expect(parseCivilDate('2020-02-29')).toEqual(E.right('2020-02-29'));
    expect(parseCivilDate('2000-02-29')).toEqual(E.right('2000-02-29'));
    expect(parseCivilDate('2021-02-29')).toEqual(E.left('2021-02-29 is not a calendar date (day 29)'));
    // 2100 is divisible by 100 and not by 400: no leap day.
    expect(parseCivilDate('2100-02-29')).toEqual(E.left('2100-02-29 is not a calendar date (day 29)'));
  });

  it('accepts 1980-01-01..2100-12-31 and nothing outside', () => {
    expect(E.isRight(parseCivilDate('1980-01-01'))).toBe(true);
    expect(E.isRight(parseCivilDate('2100-12-31'))).toBe(true);
    expect(parseCivilDate('1979-12-31')).toEqual(E.left('should be between 1980-01-01 and 2100-12-31, got 1979-12-31'));
    expect(parseCivilDate('2101-01-01')).toEqual(E.left('should be between 1980-01-01 and 2100-12-31, got 2101-01-01'));
  });

  it('rejects other shapes and impossible days', () => {
    for (const text of ['2020-4-01', '2020-04-1', '20200401', '2020/04/01', '2020-04-01T00:00', ' 2020-04-01', '', '２０２０-04-01']) {
      expect(parseCivilDate(text)).toEqual(E.left(`should be a date written YYYY-MM-DD, got ${JSON.stringify(text)}`));
    }
    for (const text of ['2020-00-10', '2020-13-01', '2020-04-00', '2020-04-31', '2020-06-31', '2020-01-32']) {
      const r = parseCivilDate(text);
      expect(E.isRight(r), text).toBe(false);
      if (E.isLeft(r)) expect(r.left).toContain(`${text} is not a calendar date`);
    }
  });

  it('accepts a YYYY-MM-DD text exactly when it is a calendar date within the range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 2110 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = write(y, m, d);
        const expected = isCalendarDate(y, m, d) && text >= '1980-01-01' && text <= '2100-12-31';
        expect(E.isRight(parseCivilDate(text)), text).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every date the arbitrary produces', () => {
    fc.assert(
      fc.property(arbCivilDate(), (d) => {
        expect(parseCivilDate(d)).toEqual(E.right(d));
      }),
    );
  });
});

describe('addYearsClamped (docs/spec.md §4, date-fns addYears)', () => {
  it('clamps Feb 29 to Feb 28 in a common year', () => {
    expect(addYearsClamped(date('2020-02-29'), 3)).toBe('2023-02-28');
    expect(addYearsClamped(date('2020-02-29'), 1)).toBe('2021-02-28');
  });

  it('keeps Feb 29 in a leap year and every other day as it is', () => {
    expect(addYearsClamped(date('2020-02-29'), 4)).toBe('2024-02-29');
    expect(addYearsClamped(date('2020-02-28'), 1)).toBe('2021-02-28');
    expect(addYearsClamped(date('2019-12-31'), 1)).toBe('2020-12-31');
    expect(addYearsClamped(date('2020-11-20'), 3)).toBe('2023-11-20');
    expect(addYearsClamped(date('2020-11-20'), 20)).toBe('2040-11-20');
  });

  it('moves the year only, except a leap day landing in a common year', () => {
    fc.assert(
      fc.property(arbCivilDate(), fc.integer({ min: 0, max: 30 }), (from, years) => {
        const to = addYearsClamped(from, years);
        const y = yearOf(from) + years;
        const leapDayLost = from.slice(5) === '02-29' && !isCalendarDate(y, 2, 29);
        expect(to).toBe(`${y}-${leapDayLost ? '02-28' : from.slice(5)}`);
      }),
    );
  });
});

describe('previousDay, startOfYear, endOfYear, yearOf', () => {
  it('steps back over month, leap-day and year boundaries', () => {
    expect(previousDay(date('2021-03-01'))).toBe('2021-02-28');
    expect(previousDay(date('2020-03-01'))).toBe('2020-02-29');
    expect(previousDay(date('2021-01-01'))).toBe('2020-12-31');
    expect(previousDay(date('2023-11-20'))).toBe('2023-11-19');
  });

  it('is the day whose next day is the date', () => {
    fc.assert(
      fc.property(arbCivilDate({ min: '1980-01-02' }), (d) => {
        const before = previousDay(d);
        const next = new Date(Date.parse(`${before}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(next).toBe(d);
      }),
    );
  });

  it('names the ends of a year', () => {
    expect(startOfYear(2020)).toBe('2020-01-01');
    expect(endOfYear(2020)).toBe('2020-12-31');
    expect(yearOf(date('2020-12-31'))).toBe(2020);
  });
});

describe('civil-date arithmetic does not depend on the host time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  // Zones with a UTC offset far from +8, and ones whose daylight-saving change happened at midnight.
  it.each(['UTC', 'Asia/Shanghai', 'America/Sao_Paulo', 'Pacific/Kiritimati', 'America/Havana', 'Asia/Tehran'])('in %s', (zone) => {
    process.env.TZ = zone;
    expect(addYearsClamped(date('2020-02-29'), 3)).toBe('2023-02-28');
    // Sao Paulo started daylight saving at midnight on 2018-11-04: that local midnight did not exist.
    expect(previousDay(date('2018-11-05'))).toBe('2018-11-04');
    expect(previousDay(date('2018-11-04'))).toBe('2018-11-03');
    expect(addYearsClamped(date('2015-11-04'), 3)).toBe('2018-11-04');
    fc.assert(
      fc.property(arbCivilDate({ min: '1980-01-02' }), fc.integer({ min: 0, max: 20 }), (d, years) => {
        const next = new Date(Date.parse(`${previousDay(d)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(next).toBe(d);
        expect(addYearsClamped(d, years).slice(0, 4)).toBe(String(yearOf(d) + years));
      }),
      { numRuns: 300 },
    );
  });
});

describe('isAcceptedYear (docs/spec.md §3)', () => {
  it('accepts the whole years 1980 to 2100 and nothing else', () => {
    for (const year of [1980, 2016, 2025, 2100]) expect(isAcceptedYear(year)).toBe(true);
    for (const year of [1979, 2101, 2020.5, Number.NaN, Number.POSITIVE_INFINITY, -2020]) expect(isAcceptedYear(year)).toBe(false);
    expect(YEAR_RANGE_TEXT).toBe('a whole year from 1980 to 2100');
  });
});
