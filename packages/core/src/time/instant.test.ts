import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { civilDateInChina, instantOf, laterInstant, parseInstant, readInstant } from './instant.js';
import type { Instant } from './instant.js';
import { arbInstantText, arbInstantWriting, writtenInstant } from '../testing/arbitraries.js';

const instant = (text: string): Instant => {
  const r = parseInstant(text);
  if (E.isLeft(r)) throw new Error(r.left);
  return r.right;
};

describe('instants (docs/spec.md §1 recordedAt)', () => {
  it('normalises an offset to UTC with milliseconds', () => {
    expect(parseInstant('2021-01-01T00:30+08:00')).toEqual(E.right('2020-12-31T16:30:00.000Z'));
    expect(parseInstant('2021-01-15T10:00:00+08:00')).toEqual(E.right('2021-01-15T02:00:00.000Z'));
    expect(parseInstant('2021-01-15T02:00:00.000Z')).toEqual(E.right('2021-01-15T02:00:00.000Z'));
    expect(parseInstant('2021-01-15T10:00:00+0800')).toEqual(E.right('2021-01-15T02:00:00.000Z'));
    expect(parseInstant('2021-01-14T21:00:00-05:00')).toEqual(E.right('2021-01-15T02:00:00.000Z'));
    expect(parseInstant('2021-01-15T07:45:00+05:45')).toEqual(E.right('2021-01-15T02:00:00.000Z'));
    expect(parseInstant('2021-01-15T02:00:00+00:00')).toEqual(E.right('2021-01-15T02:00:00.000Z'));
  });

  it('keeps milliseconds and drops what is finer (truncated, so an instant never moves into the next second)', () => {
    expect(parseInstant('2021-01-15T02:00:00.5Z')).toEqual(E.right('2021-01-15T02:00:00.500Z'));
    expect(parseInstant('2021-01-15T02:00:00.123456789Z')).toEqual(E.right('2021-01-15T02:00:00.123Z'));
    expect(parseInstant('2021-01-15T02:00:59.999999Z')).toEqual(E.right('2021-01-15T02:00:59.999Z'));
  });

  it('refuses a time without an offset, since it would be read in the host zone', () => {
    for (const text of ['2021-01-15T10:00:00', '2021-01-15T10:00', '2021-01-15']) {
      const r = parseInstant(text);
      expect(E.isRight(r), text).toBe(false);
      if (E.isLeft(r)) expect(r.left).toContain('should be an ISO-8601 instant with an offset');
    }
  });

  it('refuses impossible dates and times', () => {
    expect(parseInstant('2021-02-29T00:00Z')).toEqual(E.left('2021-02-29T00:00Z does not name a calendar date'));
    expect(E.isRight(parseInstant('2021-13-01T00:00Z'))).toBe(false);
    expect(parseInstant('2021-01-01T24:00Z')).toEqual(E.left('2021-01-01T24:00Z does not name a time of day'));
    expect(E.isRight(parseInstant('2021-01-01T23:60Z'))).toBe(false);
    expect(E.isRight(parseInstant('2021-01-01T23:59:60Z'))).toBe(false);
    expect(E.isRight(parseInstant('not a time'))).toBe(false);
    expect(E.isRight(parseInstant('2021-01-01 10:00Z'))).toBe(false);
  });

  it('reads any offset and style a clerk may write as the same UTC instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1970-01-02T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }), arbInstantWriting(), (ms, writing) => {
        const text = writtenInstant(ms, writing);
        expect(parseInstant(text), text).toEqual(E.right(new Date(ms).toISOString()));
      }),
      { numRuns: 1000 },
    );
  });

  it('orders normalised instants as strings in time order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 4_102_444_800_000 }), (a, b) => {
        const x = instant(new Date(a).toISOString());
        const y = instant(new Date(b).toISOString());
        expect(x < y).toBe(a < b);
        expect(laterInstant(x, y)).toBe(a >= b ? x : y);
      }),
    );
  });

  it('normalises a clock reading', () => {
    expect(instantOf(new Date(Date.UTC(2021, 0, 15, 2)))).toBe('2021-01-15T02:00:00.000Z');
  });
});

describe('civilDateInChina (docs/spec.md §1: the civil date is China Standard Time, never the UTC day)', () => {
  it('puts 2021-01-01T00:30+08:00 on 2021-01-01', () => {
    expect(civilDateInChina(instant('2021-01-01T00:30+08:00'))).toBe('2021-01-01');
    expect(civilDateInChina(instant('2020-12-31T16:30:00.000Z'))).toBe('2021-01-01');
  });

  it('changes day at 16:00 UTC', () => {
    expect(civilDateInChina(instant('2020-12-31T15:59:59.999Z'))).toBe('2020-12-31');
    expect(civilDateInChina(instant('2020-12-31T16:00:00.000Z'))).toBe('2021-01-01');
    expect(civilDateInChina(instant('2020-02-28T16:00:00.000Z'))).toBe('2020-02-29');
  });

  it('is the date a clerk in China writes with +08:00', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1980-01-01T00:00:00Z'), max: Date.parse('2100-12-31T00:00:00Z') }), (ms) => {
        const text = writtenInstant(ms, { offsetMinutes: 480 });
        expect(civilDateInChina(instant(text))).toBe(text.slice(0, 10));
      }),
    );
  });
});

describe('parseInstant: the shortcut for normal text', () => {
  // Normal instants (any year a Date holds, so extended years too), and each with one character changed.
  const normalText = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  const nearlyNormal = fc
    .tuple(normalText, fc.nat(), fc.constantFrom(...'0123456789:-.TZ+ x'.split(''), '٣', '\u0000'))
    .map(([text, at, c]) => text.slice(0, at % text.length) + c + text.slice((at % text.length) + 1));

  it('answers as the full reading does: the same instant, or the same reason', () => {
    fc.assert(
      fc.property(fc.oneof(normalText, nearlyNormal, arbInstantText(), fc.string({ minLength: 24, maxLength: 24 })), (text) => {
        expect(parseInstant(text)).toEqual(readInstant(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the leap days of the proleptic Gregorian calendar as the full reading does', () => {
    for (const text of ['2020-02-29T00:00:00.000Z', '2000-02-29T12:00:00.000Z', '0000-02-29T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(parseInstant(text)).toEqual(E.right(text));
      expect(readInstant(text)).toEqual(E.right(text));
    }
    for (const text of ['1900-02-29T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '2021-04-31T00:00:00.000Z']) {
      expect(parseInstant(text)).toEqual(readInstant(text));
      expect(E.isLeft(parseInstant(text))).toBe(true);
    }
  });

  it('refuses normal-looking text that names no instant', () => {
    for (const text of ['2021-02-29T00:00:00.000Z', '2021-01-15T24:00:00.000Z', '2021-01-15T02:60:00.000Z', '2021-13-01T00:00:00.000Z']) {
      expect(parseInstant(text)).toEqual(readInstant(text));
      expect(E.isLeft(parseInstant(text))).toBe(true);
    }
  });
});
