import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { referenceSnapshot } from '../testing/referenceModel.js';
import { appendInBatches, recordsOf, workspace } from '../testing/projectionSupport.js';
import type { DistrictCode } from '../ids/districtCode.js';

/**
 * docs/spec.md §6 and §8.5: a ratio whose inputs are all there but whose value is not a finite number
 * (100 × (2^53 − 1) fen ÷ 5e-324 fen overflows; a tiny population divided by 10 000 underflows to 0) is
 * null, with `indicator:year=non-finite` in `missing`, so its status is `no-data` — never `∞` and `met`.
 * Statistics counted in fen or persons are valid only up to 2^53 − 1 (docs/spec.md §8.2), so the
 * overflow comes from a tiny fractional denominator, which docs/spec.md §4 allows.
 */
const MOST = Number.MAX_SAFE_INTEGER;

const A = '130302' as DistrictCode;
const B = '130303' as DistrictCode;

const stat = (district: string, statistic: string, year: number, value: number) => ({
  type: 'StatisticReported',
  district,
  effectiveDate: '2021-04-01',
  recordedAt: '2021-05-01T00:00:00Z',
  actor: { unit: 'statistics', user: 'clerk' },
  data: { statistic, year, value, status: 'final' },
});

const target = (indicator: string, year: number, value: number) => ({
  type: 'TargetSet',
  district: A,
  effectiveDate: '2020-01-01',
  recordedAt: '2020-01-02T00:00:00Z',
  actor: { unit: 'development-reform', user: 'office' },
  data: { indicator, year, comparator: 'gte', value },
});

describe('a ratio that is not a finite number (docs/spec.md §8.5)', () => {
  it('100 × (2^53 − 1) ÷ 5e-324 is null, no-data, with fiscal-st-share:2020=non-finite', async () => {
    const { ledger, store, projections } = workspace();
    await appendInBatches(ledger, [
      target('fiscal-st-share', 2020, 1),
      stat(A, 'fiscal-st-expenditure', 2020, MOST),
      stat(A, 'general-public-budget-expenditure', 2020, 5e-324),
      stat(A, 'resident-population', 2020, 5e-324),
    ]);
    const s = await projections.snapshot(A, { year: 2020 });
    if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
    expect(s.right.indicators['fiscal-st-share']).toEqual({
      value: null,
      unit: 'percent',
      target: { comparator: 'gte', value: 1 },
      status: 'no-data',
      missing: ['fiscal-st-share:2020=non-finite'],
    });
    // 0 patents ÷ (5e-324 / 10 000 = 0) would be NaN.
    expect(s.right.indicators['invention-patents-per-10k']).toMatchObject({ value: null, missing: ['invention-patents-per-10k:2020=non-finite'] });
    expect(referenceSnapshot(A, await recordsOf(store, A), { year: 2020 })).toEqual(JSON.parse(JSON.stringify(s.right)));
  });

  it('every figure of random extreme statistics is finite or null, and agrees with the reference model', async () => {
    const extreme = fc.oneof(fc.constantFrom(0, 5e-324, 1e-300, 1, 1e15, MOST), fc.double({ min: 0, max: MOST, noNaN: true }));
    await fc.assert(
      fc.asyncProperty(extreme, extreme, extreme, async (a, b, c) => {
        const { ledger, store, projections } = workspace();
        await appendInBatches(ledger, [
          stat(A, 'high-tech-industry-value-added', 2019, a),
          stat(A, 'high-tech-industry-value-added', 2020, b),
          stat(A, 'above-scale-industrial-rd-expenditure', 2020, b),
          stat(A, 'above-scale-industrial-main-revenue', 2020, a),
          stat(A, 'resident-population', 2020, c),
        ]);
        const s = await projections.snapshot(A, { year: 2020 });
        if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
        for (const [id, i] of Object.entries(s.right.indicators)) {
          expect(i.value === null || Number.isFinite(i.value), id).toBe(true);
          if (i.value === null) expect(i.missing.length, id).toBeGreaterThan(0);
        }
        expect(referenceSnapshot(A, await recordsOf(store, A), { year: 2020 })).toEqual(JSON.parse(JSON.stringify(s.right)));
      }),
      { numRuns: 60 },
    );
  });

  it('a roll-up whose summed parts overflow is null with the reason, not Infinity', async () => {
    const { ledger, projections } = workspace();
    await appendInBatches(ledger, [stat(A, 'fiscal-st-expenditure', 2020, MOST), stat(A, 'general-public-budget-expenditure', 2020, 5e-324)]);
    await appendInBatches(ledger, [stat(B, 'fiscal-st-expenditure', 2020, MOST), stat(B, 'general-public-budget-expenditure', 2020, 5e-324)]);
    const r = await projections.rollup([A, B], { year: 2020 });
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    expect(r.right.indicators['fiscal-st-share']).toEqual({ value: null, unit: 'percent', missing: ['sum of 2 districts:fiscal-st-share:2020=non-finite'] });
  });
});
