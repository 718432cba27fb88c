import type { CivilDate } from '../time/civilDate.js';
import { addYearsClamped, endOfYear, previousDay, yearOf } from '../time/civilDate.js';
import type { Designation } from '../events/vocabulary.js';

interface RecognitionLike {
  readonly effectiveDate: CivilDate;
  readonly data: { readonly designation: Designation; readonly validFrom?: CivilDate; readonly validUntil?: CivilDate };
}

/** docs/spec.md §4: a recognition is valid from `validFrom`, which defaults to its effectiveDate. */
export const recognitionValidFrom = (r: RecognitionLike): CivilDate => r.data.validFrom ?? r.effectiveDate;

/**
 * docs/spec.md §4: a recognition's last valid day. Defaults: high-tech, addYears(validFrom, 3) − 1 day (Feb 29
 * clamps to Feb 28 first); tech-SME, December 31 of validFrom's year.
 */
export const recognitionValidUntil = (r: RecognitionLike): CivilDate => {
  if (r.data.validUntil !== undefined) return r.data.validUntil;
  const from = recognitionValidFrom(r);
  return r.data.designation === 'high-tech' ? previousDay(addYearsClamped(from, 3)) : endOfYear(yearOf(from));
};
