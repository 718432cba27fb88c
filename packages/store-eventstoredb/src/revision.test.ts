import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedRevisionOf, pageRequestAt, positionOfCurrentRevision, positionOfRevision, revisionOfPosition } from './revision.js';

const position = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

describe('positions and revisions', () => {
  it('puts position 1 at revision 0 and position n at revision n − 1', () => {
    expect(revisionOfPosition(1)).toBe(0n);
    expect(revisionOfPosition(812)).toBe(811n);
    expect(revisionOfPosition(Number.MAX_SAFE_INTEGER)).toBe(BigInt(Number.MAX_SAFE_INTEGER) - 1n);
    expect(positionOfRevision(0n)).toBe(1);
    expect(positionOfRevision(811n)).toBe(812);
  });

  it('round-trips every position through its revision', () => {
    fc.assert(fc.property(position, (p) => positionOfRevision(revisionOfPosition(p)) === p));
  });

  it('has no revision for position 0, negative or fractional positions', () => {
    expect(() => revisionOfPosition(0)).toThrow(RangeError);
    expect(() => revisionOfPosition(-1)).toThrow(RangeError);
    expect(() => revisionOfPosition(1.5)).toThrow(RangeError);
    expect(() => revisionOfPosition(Number.NaN)).toThrow(RangeError);
  });

  it('refuses negative revisions and revisions beyond the positions a number holds exactly', () => {
    expect(() => positionOfRevision(-1n)).toThrow(RangeError);
    expect(positionOfRevision(BigInt(Number.MAX_SAFE_INTEGER) - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => positionOfRevision(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(RangeError);
  });
});

describe('expected revision of an expected position', () => {
  it('expects no stream at position 0 and last revision n − 1 at position n', () => {
    expect(expectedRevisionOf(0)).toBe('no-stream');
    expect(expectedRevisionOf(1)).toBe(0n);
    expect(expectedRevisionOf(5000)).toBe(4999n);
  });

  it('expects, at any head, the revision of the head record', () => {
    fc.assert(fc.property(position, (p) => expectedRevisionOf(p) === revisionOfPosition(p)));
  });

  it('never expects "any": every ledger append is checked', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (p) => expectedRevisionOf(p) !== 'any'));
  });

  it('refuses negative and fractional expected positions', () => {
    expect(() => expectedRevisionOf(-1)).toThrow(RangeError);
    expect(() => expectedRevisionOf(2.5)).toThrow(RangeError);
  });
});

describe('head position of the current revision a refusal reports', () => {
  it('is 0 for no stream and revision + 1 otherwise', () => {
    expect(positionOfCurrentRevision('no-stream')).toBe(0);
    expect(positionOfCurrentRevision(0n)).toBe(1);
    expect(positionOfCurrentRevision(41n)).toBe(42);
  });

  it('inverts the expected revision of the same position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (p) => {
        const expected = expectedRevisionOf(p);
        return positionOfCurrentRevision(expected === 'any' ? 'no-stream' : expected) === p;
      }),
    );
  });
});

describe('page requests of a range read', () => {
  it('starts at the revision of the first position and reads at most a page', () => {
    expect(pageRequestAt(1, undefined, 1000)).toEqual({ fromRevision: 0n, maxCount: 1000 });
    expect(pageRequestAt(1000, 4200, 1000)).toEqual({ fromRevision: 999n, maxCount: 1000 });
    expect(pageRequestAt(4000, 4200, 1000)).toEqual({ fromRevision: 3999n, maxCount: 201 });
    expect(pageRequestAt(7, 7, 1000)).toEqual({ fromRevision: 6n, maxCount: 1 });
  });

  it('clamps a start before position 1 and gives nothing past the end of the range', () => {
    expect(pageRequestAt(0, 3, 10)).toEqual({ fromRevision: 0n, maxCount: 3 });
    expect(pageRequestAt(-5, undefined, 10)).toEqual({ fromRevision: 0n, maxCount: 10 });
    expect(pageRequestAt(9, 8, 10)).toBeUndefined();
    expect(pageRequestAt(1, 0, 10)).toBeUndefined();
  });

  it('refuses a page size below 1', () => {
    expect(() => pageRequestAt(1, undefined, 0)).toThrow(RangeError);
    expect(() => pageRequestAt(1, undefined, 2.5)).toThrow(RangeError);
  });

  it('covers a range exactly, page by page, against a stream of any length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.option(fc.integer({ min: -3, max: 320 }), { nil: undefined }),
        fc.option(fc.integer({ min: -3, max: 320 }), { nil: undefined }),
        fc.integer({ min: 1, max: 40 }),
        (length, from, to, pageSize) => {
          // A stream of `length` events read the way the store reads it: stop at an empty or short page.
          const read: number[] = [];
          let next = from ?? 1;
          for (;;) {
            const page = pageRequestAt(next, to, pageSize);
            if (page === undefined) break;
            expect(page.maxCount).toBeGreaterThanOrEqual(1);
            expect(page.maxCount).toBeLessThanOrEqual(pageSize);
            const first = Number(page.fromRevision) + 1;
            const got = Array.from({ length: Math.max(0, Math.min(page.maxCount, length - first + 1)) }, (_, i) => first + i);
            if (got.length === 0) break;
            read.push(...got);
            if (got.length < page.maxCount) break;
            next = got[got.length - 1]! + 1;
          }
          const lo = Math.max(1, from ?? 1);
          const hi = Math.min(length, to ?? length);
          expect(read).toEqual(Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i));
        },
      ),
    );
  });
});
