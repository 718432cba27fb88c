/**
 * Exact sums of whole amounts (docs/spec.md §2 fen, §8.5). A running sum stays a plain number while it is a
 * safe integer — the common case, and the fold's hot path — and becomes a bigint only once it would pass
 * 2^53 − 1, where adding numbers would start to round (2^53 − 1 + 1 + 1 fen is 2^53 fen in floating point).
 */
export type ExactSum = number | bigint;

/** The sum of nothing. */
export const ZERO_SUM: ExactSum = 0;

/**
 * `sum + amount`, exactly, for a whole `amount` (a safe integer). The number result is checked rather than
 * trusted: a sum of two safe integers is exact exactly when it is itself a safe integer.
 */
export const addExact = (sum: ExactSum, amount: number): ExactSum => {
  if (typeof sum === 'number') {
    const next = sum + amount;
    return Number.isSafeInteger(next) ? next : BigInt(sum) + BigInt(amount);
  }
  return sum + BigInt(amount);
};

/** `a + b` of two exact sums, exactly. */
export const addSums = (a: ExactSum, b: ExactSum): ExactSum =>
  typeof a === 'number' && typeof b === 'number' ? addExact(a, b) : BigInt(a) + BigInt(b);

/** The nearest number to an exact sum (the only rounding, done once). */
export const numberOfSum = (sum: ExactSum): number => (typeof sum === 'number' ? sum : Number(sum));

/**
 * Yuan of an exact sum of fen (docs/spec.md §2 `fen / 100`), rounded once to the nearest number: a safe
 * integer divided by 100 is one correctly rounded division; a bigint is written as its decimal yuan and
 * read back, which is also correctly rounded (`Number(fen) / 100` would round twice).
 */
export const yuanOfFen = (fen: ExactSum): number => {
  if (typeof fen === 'number') return fen / 100;
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const cents = String(magnitude % 100n).padStart(2, '0');
  return Number(`${negative ? '-' : ''}${magnitude / 100n}.${cents}`);
};

/**
 * `sum + amount` for any finite `amount` (a statistic: fen, persons, counts): exact while every amount is
 * whole, as {@link addExact}; once a fraction is in, floating-point addition, the best a fraction allows.
 */
export const addAmount = (sum: ExactSum, amount: number): ExactSum =>
  Number.isSafeInteger(amount) && (typeof sum === 'bigint' || Number.isInteger(sum)) ? addExact(sum, amount) : numberOfSum(sum) + amount;
