import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addYearsClamped, previousDay } from '../time/civilDate.js';
import type { CivilDate } from '../time/civilDate.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import { recognitionValidUntil } from '../rules/recognitionPeriod.js';
import { arbCivilDate } from '../testing/arbitraries.js';
import { FOLD_CALENDAR_MEMO_LIMIT, epochMsOf, foldCalendarMemoSizes, patentTermEndKey, recognitionValidUntilKey, sharedEventType } from './foldCalendar.js';
import { shiftDays } from '../testing/projectionSupport.js';
import { EVENT_TYPES } from '../events/catalog.js';

const sameNumber = (a: number, b: number): boolean => Object.is(a, b);

describe('epochMsOf is Date.parse', () => {
  it('on normalised instants of any millisecond from year 100 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(epochMsOf(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('on texts of the normalised shape with any digits (impossible dates and times included)', () => {
    const d = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(fc.tuple(d(4), d(2), d(2), d(2), d(2), d(2), d(3)), ([y, mo, day, h, mi, s, ms]) => {
        const text = `${y}-${mo}-${day}T${h}:${mi}:${s}.${ms}Z`;
        expect(sameNumber(epochMsOf(text), Date.parse(text)), text).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('on other texts', () => {
    const cases = ['', '2021-01-15T02:00:00Z', '2021-01-15T10:00:00.000+08:00', '2021-01-15T02:00:00.000z', '2021-02-29T00:00:00.000Z', '2020-02-29T00:00:00.000Z', '0099-12-31T23:59:59.999Z', '2021-13-01T00:00:00.000Z', '2021-01-15T24:00:00.000Z', '2021-01-15 02:00:00.000Z', '２０２１-01-15T02:00:00.000Z'];
    for (const text of cases) expect(sameNumber(epochMsOf(text), Date.parse(text)), text).toBe(true);
    fc.assert(fc.property(fc.string({ minLength: 24, maxLength: 24 }), (text) => {
      expect(sameNumber(epochMsOf(text), Date.parse(text))).toBe(true);
    }));
  });
});

describe('dateKeyOf reads digits as Number(slice) would', () => {
  it('on civil dates and on any 10-character text', () => {
    const reference = (date: string) => Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
    fc.assert(fc.property(arbCivilDate(), (date) => {
      expect(dateKeyOf(date)).toBe(reference(date));
    }));
    fc.assert(fc.property(fc.oneof(fc.string({ minLength: 10, maxLength: 10 }), fc.stringMatching(/^[0-9 +.e-]{4}-[0-9 +.-]{2}-[0-9 .-]{2}$/)), (text) => {
      expect(sameNumber(dateKeyOf(text as CivilDate), reference(text))).toBe(true);
    }));
  });
});

describe('memoised calendar arithmetic gives what the rules give', () => {
  it('recognition validity and patent term ends, asked twice', () => {
    fc.assert(
      fc.property(arbCivilDate(), fc.option(arbCivilDate(), { nil: undefined }), fc.constantFrom('high-tech', 'tech-sme') , fc.option(arbCivilDate(), { nil: undefined }), (effectiveDate, validFrom, designation, validUntil) => {
        const r = { effectiveDate, data: { designation, ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) } } as const;
        for (let i = 0; i < 2; i++) {
          expect(recognitionValidUntilKey(r)).toBe(dateKeyOf(recognitionValidUntil(r)));
          expect(patentTermEndKey(effectiveDate)).toBe(dateKeyOf(previousDay(addYearsClamped(effectiveDate, 20))));
        }
      }),
    );
  });

  it('shares the catalog string of each event type', () => {
    for (const type of EVENT_TYPES) {
      const copy = JSON.parse(JSON.stringify(type)) as typeof type;
      expect(sharedEventType(copy)).toBe(type);
    }
  });
});

describe('the memos of the fold calendar stay bounded (a long-lived process folds many streams)', () => {
  it('every date from 1980 to 2100, twice over, leaves each memo within its limit and every answer right', () => {
    // 44,195 distinct civil dates: more than any limit that keeps the memo small, fewer than a stream's records.
    const days = 44_195;
    expect(shiftDays('1980-01-01', days - 1)).toBe('2100-12-31');
    const wrong: string[] = [];
    let largest = 0;
    for (let round = 0; round < 2; round++) {
      for (let day = 0; day < days; day += 1) {
        const date = shiftDays('1980-01-01', day) as CivilDate;
        const r = { effectiveDate: date, data: { designation: day % 2 === 0 ? 'high-tech' : 'tech-sme' } } as const;
        if (recognitionValidUntilKey(r) !== dateKeyOf(recognitionValidUntil(r))) wrong.push(`recognition ${date}`);
        if (patentTermEndKey(date) !== dateKeyOf(previousDay(addYearsClamped(date, 20)))) wrong.push(`patent ${date}`);
        const sizes = foldCalendarMemoSizes();
        largest = Math.max(largest, sizes.recognitionValidUntil, sizes.patentTermEnd);
      }
    }
    expect(wrong).toEqual([]);
    expect(largest).toBe(FOLD_CALENDAR_MEMO_LIMIT);
    expect(FOLD_CALENDAR_MEMO_LIMIT).toBeLessThan(days);
    // A stream's few thousand dates stay memoised: the limit is not so small that the fold recomputes them.
    expect(FOLD_CALENDAR_MEMO_LIMIT).toBeGreaterThanOrEqual(8192);
  });
});
