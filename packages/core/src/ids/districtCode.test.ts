import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDistrictCode } from './districtCode.js';
import { arbDistrictCode } from '../testing/arbitraries.js';

/** docs/spec.md §2's province-level codes, written out again here so the test does not read the code's own list. */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);

describe('district code (docs/spec.md §2)', () => {
  it('accepts 130302', () => {
    expect(parseDistrictCode('130302')).toEqual(E.right('130302'));
  });

  it('accepts exactly the province-level prefixes of docs/spec.md §2', () => {
    for (let prefix = 0; prefix <= 99; prefix++) {
      const code = `${String(prefix).padStart(2, '0')}0302`;
      const r = parseDistrictCode(code);
      expect(E.isRight(r), code).toBe(PROVINCES.has(prefix));
      if (E.isLeft(r)) expect(r.left).toBe(`${code.slice(0, 2)} is not a province-level code (first two digits of ${code})`);
    }
  });

  it('rejects anything but six digits', () => {
    for (const text of ['', '13030', '1303021', '13030a', ' 130302', '130302 ', '１３０３０２', '13-302', '+13030']) {
      const r = parseDistrictCode(text);
      expect(r).toEqual(E.left(`should be a 6-digit administrative division code, got ${JSON.stringify(text)}`));
    }
  });

  it('accepts every code the arbitrary produces', () => {
    fc.assert(
      fc.property(arbDistrictCode(), (code) => {
        expect(parseDistrictCode(code)).toEqual(E.right(code));
      }),
    );
  });
});
