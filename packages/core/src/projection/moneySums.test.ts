import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { appendInBatches, fundsInput, workspace } from '../testing/projectionSupport.js';

/**
 * docs/spec.md §2 and §8.5: money is summed in fen exactly and converted to yuan once, in a district's
 * figure and in roll-ups, however large the amounts (each one a safe integer, their sum possibly not).
 */

const A = '130302';
const B = '130303';

const funds = (district: string, allocationId: string, amountFen: number) => fundsInput(district, allocationId, amountFen);

/** The nearest number to Σ fen / 100, from the exact decimal. */
const exactYuan = (amounts: readonly number[]): number => {
  const fen = amounts.reduce((sum, a) => sum + BigInt(a), 0n);
  return Number(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
};

const fundsOf = async (byDistrict: readonly (readonly number[])[]) => {
  const { ledger, projections } = workspace();
  const districts = [A, B].slice(0, byDistrict.length);
  for (const [d, amounts] of byDistrict.entries()) {
    await appendInBatches(
      ledger,
      amounts.map((a, i) => funds(districts[d]!, `F-${i}`, a)),
    );
  }
  return { projections, districts };
};

describe('money sums (docs/spec.md §8.5)', () => {
  it('2^53 − 1 + 1 + 1 fen is 2^53 + 1 fen, to the yuan the nearest number gives', async () => {
    const amounts = [Number.MAX_SAFE_INTEGER, 1, 1];
    const { projections } = await fundsOf([amounts]);
    const s = await projections.snapshot(A, { year: 2020 });
    expect(E.isRight(s) && s.right.indicators['st-funds-allocated'].value).toBe(exactYuan(amounts));
    // Floating-point addition loses the last fen: 9007199254740992 instead of …993.
    expect(exactYuan(amounts)).not.toBe((Number.MAX_SAFE_INTEGER + 1 + 1) / 100);
  });

  it('a district figure and a roll-up equal the BigInt sum for random large amounts', async () => {
    const amount = fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2 ** 50, max: Number.MAX_SAFE_INTEGER }));
    await fc.assert(
      fc.asyncProperty(fc.array(amount, { minLength: 1, maxLength: 6 }), fc.array(amount, { minLength: 0, maxLength: 6 }), async (a, b) => {
        const { projections } = await fundsOf([a, b]);
        const one = await projections.snapshot(A, { year: 2020 });
        expect(E.isRight(one) && one.right.indicators['st-funds-allocated'].value).toBe(exactYuan(a));
        const both = await projections.rollup([A, B], { year: 2020 });
        expect(E.isRight(both) && both.right.indicators['st-funds-allocated'].value).toBe(exactYuan([...a, ...b]));
      }),
      { numRuns: 40 },
    );
  });
});
