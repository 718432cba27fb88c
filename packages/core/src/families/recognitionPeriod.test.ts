import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recognitionValidFrom, recognitionValidUntil } from './recognitionPeriod.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Designation } from '../events/vocabulary.js';
import { arbCivilDate } from '../testing/arbitraries.js';

const recognition = (effectiveDate: string, designation: Designation, validFrom?: string, validUntil?: string) => ({
  effectiveDate: effectiveDate as CivilDate,
  data: {
    designation,
    ...(validFrom !== undefined ? { validFrom: validFrom as CivilDate } : {}),
    ...(validUntil !== undefined ? { validUntil: validUntil as CivilDate } : {}),
  },
});

describe('recognition period (docs/spec.md §4 EnterpriseRecognized)', () => {
  it('starts on the effective date unless validFrom says otherwise', () => {
    expect(recognitionValidFrom(recognition('2020-11-20', 'high-tech'))).toBe('2020-11-20');
    expect(recognitionValidFrom(recognition('2020-11-20', 'high-tech', '2020-01-01'))).toBe('2020-01-01');
  });

  it('high-tech: addYears(validFrom, 3) − 1 day by default', () => {
    expect(recognitionValidUntil(recognition('2020-11-20', 'high-tech'))).toBe('2023-11-19');
    expect(recognitionValidUntil(recognition('2020-11-20', 'high-tech', '2021-01-01'))).toBe('2023-12-31');
    // Feb 29 clamps to Feb 28 first, then one day back.
    expect(recognitionValidUntil(recognition('2020-02-29', 'high-tech'))).toBe('2023-02-27');
    expect(recognitionValidUntil(recognition('2021-03-01', 'high-tech'))).toBe('2024-02-29');
  });

  it('tech-SME: December 31 of validFrom’s year by default', () => {
    expect(recognitionValidUntil(recognition('2020-11-20', 'tech-sme'))).toBe('2020-12-31');
    expect(recognitionValidUntil(recognition('2020-11-20', 'tech-sme', '2019-05-01'))).toBe('2019-12-31');
    expect(recognitionValidUntil(recognition('2020-12-31', 'tech-sme'))).toBe('2020-12-31');
  });

  it('an explicit validUntil wins for either designation', () => {
    expect(recognitionValidUntil(recognition('2020-11-20', 'high-tech', undefined, '2021-06-30'))).toBe('2021-06-30');
    expect(recognitionValidUntil(recognition('2020-11-20', 'tech-sme', undefined, '2021-06-30'))).toBe('2021-06-30');
  });

  it('the default period never ends before it starts', () => {
    fc.assert(
      fc.property(arbCivilDate(), fc.constantFrom<Designation>('high-tech', 'tech-sme'), (from, designation) => {
        const r = recognition(from, designation);
        expect(recognitionValidUntil(r) >= recognitionValidFrom(r)).toBe(true);
      }),
    );
  });
});
