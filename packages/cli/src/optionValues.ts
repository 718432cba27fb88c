import { InvalidArgumentError } from 'commander';
import { INDICATOR_IDS, isAcceptedYear, parseCivilDate, parseDistrictCode, parseInstant, YEAR_RANGE_TEXT } from '@indicator-ledger/core';
import type { CivilDate, DistrictCode, IndicatorId, Instant } from '@indicator-ledger/core';

/**
 * Parsers of option values, for commander: each returns the typed value or throws commander's
 * InvalidArgumentError, which commander reports as wrong usage (exit 2, with help). The checks are the
 * library's own parsers, so the command accepts exactly what the library does.
 */

/** `--district`: a GB/T 2260 district code (docs/spec.md §2). */
export const districtOption = (text: string): DistrictCode => {
  const r = parseDistrictCode(text);
  // The CLI does not depend on fp-ts itself: the Either's own tag tells a refusal.
  if (r._tag === 'Left') throw new InvalidArgumentError(r.left);
  return r.right;
};

/** `--year`, `--from`, `--to`: a whole year in the ledger's range (docs/spec.md §3). */
export const yearOption = (text: string): number => {
  const n = Number(text);
  if (!/^\d{4}$/.test(text) || !isAcceptedYear(n)) {
    throw new InvalidArgumentError(`should be ${YEAR_RANGE_TEXT}`);
  }
  return n;
};

/** `--date`: a civil date `YYYY-MM-DD` (docs/spec.md §1). */
export const dateOption = (text: string): CivilDate => {
  const r = parseCivilDate(text);
  // The CLI does not depend on fp-ts itself: the Either's own tag tells a refusal.
  if (r._tag === 'Left') throw new InvalidArgumentError(r.left);
  return r.right;
};

/** `--as-of`: an ISO-8601 instant with an offset or `Z` (docs/spec.md §1), echoed normalised to UTC. */
export const instantOption = (text: string): Instant => {
  const r = parseInstant(text);
  // The CLI does not depend on fp-ts itself: the Either's own tag tells a refusal.
  if (r._tag === 'Left') throw new InvalidArgumentError(r.left);
  return r.right;
};

/** `--indicator`: an indicator id of docs/spec.md §6. */
export const indicatorOption = (text: string): IndicatorId => {
  if (!(INDICATOR_IDS as readonly string[]).includes(text)) throw new InvalidArgumentError(`should be one of ${INDICATOR_IDS.join(', ')}`);
  return text as IndicatorId;
};

/** `--position`, `--size`: a whole number ≥ `least`. */
export const wholeNumberOption =
  (least: number) =>
  (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < least) throw new InvalidArgumentError(`should be a whole number ≥ ${least}`);
    return n;
  };
