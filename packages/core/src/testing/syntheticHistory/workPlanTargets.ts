import { INDICATORS } from '../../events/indicatorCatalog.js';
import { dayIn } from './calendar.js';
import { PLAN_ACTOR, PLAN_TARGETS } from './planTargets.js';
import { emit, recordDayFor } from './syntheticDistrict.js';
import type { SyntheticDistrict } from './syntheticDistrict.js';

/**
 * The leading group's yearly work plan (工作要点) restating the plan's targets for each year strictly
 * between 2020 and 2025, on the straight line between the two (counts rounded up, percentages to two
 * decimals), as `TargetSet` events (docs/spec.md §4). Synthetic: the plan itself sets no such yearly figures.
 */
export const workPlanTargetsYear = (d: SyntheticDistrict, year: number): void => {
  if (year <= 2020 || year >= 2025) return;
  const day = dayIn(d.random, year, 2, 1, 2, 28);
  const recordDay = recordDayFor(d, day, 1, 5);
  for (const target of PLAN_TARGETS) {
    const at2020 = target.values.find((v) => v.year === 2020)?.value;
    const at2025 = target.values.find((v) => v.year === 2025)?.value;
    if (at2020 === undefined || at2025 === undefined) continue;
    const linear = at2020 + ((at2025 - at2020) * (year - 2020)) / 5;
    const value = INDICATORS[target.indicator].unit === 'count' ? Math.ceil(linear) : Math.round(linear * 100) / 100;
    emit(d, 'TargetSet', day, recordDay, PLAN_ACTOR.unit, `区科技创新跃升行动${year}年工作要点`, { indicator: target.indicator, year, comparator: 'gte', value }, PLAN_ACTOR.user);
  }
};
