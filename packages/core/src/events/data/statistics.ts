import * as t from 'io-ts/lib/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { describeValue, numberWhere, oneOf, strictObject } from '../codecs.js';
import { YearCodec } from '../fieldCodecs.js';
import { STATISTICS, STATISTIC_STATUSES } from '../vocabulary.js';

/**
 * A statistic counted in persons, enterprises or fen is a whole number, so its value may not lie beyond
 * ±9007199254740991, where numbers are no longer held exactly (docs/spec.md §8.2): it is refused, quoted as
 * written, rather than rounded. Percentages are measured values and keep the bounds of docs/spec.md §4.
 */
const countsHeldExactly = <A extends { readonly statistic: keyof typeof STATISTICS; readonly value: number }, O>(
  codec: t.Type<A, O, unknown>,
): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(
    codec.name,
    (u): u is A => codec.is(u) && !beyondWholeNumbers(u),
    (u, c) => {
      const decoded = codec.validate(u, c);
      if (E.isLeft(decoded) || !beyondWholeNumbers(decoded.right)) return decoded;
      const written = (u as { readonly value: unknown }).value;
      const unit = STATISTICS[decoded.right.statistic];
      return t.failure(written, [...c, { key: 'value', type: t.number, actual: written }], `should be at most ${Number.MAX_SAFE_INTEGER} (${unit} are whole numbers), got ${describeValue(written)}`);
    },
    codec.encode,
  );

const beyondWholeNumbers = (d: { readonly statistic: keyof typeof STATISTICS; readonly value: number }): boolean =>
  STATISTICS[d.statistic] !== 'percent' && d.value > Number.MAX_SAFE_INTEGER;

/** The data codec of the statistics family (docs/spec.md §4): one reported yearly statistic. */
export const STATISTIC_DATA_CODECS = {
  StatisticReported: countsHeldExactly(
    strictObject('StatisticReported', {
      statistic: oneOf('Statistic', Object.keys(STATISTICS) as (keyof typeof STATISTICS)[]),
      year: YearCodec,
      value: numberWhere('StatisticValue', 'a finite number ≥ 0', (n) => Number.isFinite(n) && n >= 0),
      status: oneOf('StatisticStatus', STATISTIC_STATUSES),
    }),
  ),
} as const;
