/**
 * The fixtures every package's tests share, defined once: the districts they record in, valid identifiers
 * (unified social credit codes and patent numbers with correct check characters, docs/spec.md §4) and
 * calendar arithmetic on civil dates. Invented values, not the records of any district.
 */
import type { DistrictCode } from '../ids/districtCode.js';
import { patentCheckCharacter } from '../ids/patentNumber.js';
import { usccCheckCharacter } from '../ids/unifiedSocialCreditCode.js';

/** The district tests record in (路南区, Tangshan). */
export const FIXTURE_DISTRICT = '130302' as DistrictCode;
/** A second district of the same city, for roll-ups and rankings beside {@link FIXTURE_DISTRICT}. */
export const NEIGHBOUR_DISTRICT = '130303' as DistrictCode;
/** A district of another province, for tests that keep two streams apart. */
export const OTHER_DISTRICT = '110105' as DistrictCode;

/** The unified social credit code whose first 17 characters are `first17`, with its check character. */
export const creditCodeOf = (first17: string): string => first17 + usccCheckCharacter(first17);

/** The patent number of the 12-digit application number `digits12`, with its check character. */
export const patentNumberOf = (digits12: string): string => `${digits12}.${patentCheckCharacter(digits12)}`;

/** The `n`-th invented enterprise of {@link FIXTURE_DISTRICT}: a valid credit code, distinct per `n` below 10⁶. */
export const numberedCreditCode = (n: number): string => creditCodeOf(`91130302MA0${String(n).padStart(6, '0')}`);

/** The `n`-th invented invention patent (filed 2019, 5th digit 1): a valid number, distinct per `n` below 10⁷. */
export const numberedInventionPatent = (n: number): string => patentNumberOf(`20191${String(n).padStart(7, '0')}`);

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/**
 * The day number of a civil date `YYYY-MM-DD`: days since 1970-01-01. Civil dates are counted as whole UTC
 * days here, so the arithmetic never crosses a time zone (a civil date is never derived from an instant, docs/spec.md §1).
 */
export const dayNumberOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/** The civil date `YYYY-MM-DD` of a day number ({@link dayNumberOf}'s inverse). */
export const civilDateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The civil date `days` calendar days after `date` (before it when negative), both `YYYY-MM-DD`. */
export const civilDateAfter = (date: string, days: number): string => civilDateOfDay(dayNumberOf(date) + days);
