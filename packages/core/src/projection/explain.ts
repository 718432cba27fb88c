import type { IndicatorId, IndicatorUnit } from '../events/indicatorCatalog.js';
import { dateKeyOf, yearOfKey } from '../indicators/dateKey.js';
import type { Target } from '../indicators/reports.js';
import { indicatorValueAt } from '../indicators/valuation.js';
import type { StatisticInput } from '../indicators/valuation.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import type { DistrictProjection } from './districtProjection.js';
import { knowledgeAsOf } from './districtProjection.js';
import { withQueryScratch } from './queryScratch.js';
import { targetStatus } from './snapshot.js';
import { lastLiveReport } from '../indicators/reports.js';
import type { TargetStatus } from './snapshot.js';

/** One entity that a figure counted or summed, with the event that made it count. */
export interface Contribution {
  /** Enterprise id, platform id, allocation id, project id, commissioner id or patent number. */
  readonly entity: string;
  readonly eventId: string;
  readonly position: number;
}

/** A statistic report a figure used, with its event id. */
export interface UsedStatistic extends StatisticInput {
  readonly eventId: string;
}

/** Why a figure is what it is: the entities and event ids that produced it (docs/cli.md `ledger explain`). */
export interface Explanation {
  readonly district: DistrictCode;
  readonly indicator: IndicatorId;
  readonly date: CivilDate;
  readonly asOf: Instant | null;
  readonly position: number;
  readonly value: number | null;
  readonly unit: IndicatorUnit;
  readonly missing: readonly string[];
  readonly target: Target | null;
  readonly targetEventId: string | null;
  readonly status: TargetStatus;
  readonly contributions: readonly Contribution[];
  readonly statistics: readonly UsedStatistic[];
}

/**
 * Explains one figure: the same valuation as the snapshot, with a sink collecting each counted entity.
 * Cost: that of the indicator's query plus O(contributions).
 */
export const explainAt = (p: DistrictProjection, id: IndicatorId, date: CivilDate, asOf?: Instant): Explanation => {
  const k = knowledgeAsOf(p, asOf);
  const contributions: Contribution[] = [];
  const v = withQueryScratch(p, (view) =>
    indicatorValueAt(view, k, id, dateKeyOf(date), (entity, position) => {
      contributions.push({ entity, eventId: p.eventIds.at(position)!, position });
    }),
  );
  const year = yearOfKey(dateKeyOf(date));
  const targetReport = lastLiveReport(p.targets, k, id, year);
  const target = targetReport?.value ?? null;
  const targetEventId = targetReport === undefined ? null : p.eventIds.at(targetReport.position)!;
  return {
    district: p.district,
    indicator: id,
    date,
    asOf: asOf ?? null,
    position: k.position,
    value: v.value,
    unit: v.unit,
    missing: v.missing,
    target,
    targetEventId,
    status: targetStatus(v.value, target),
    contributions: contributions.sort((a, b) => a.position - b.position),
    statistics: v.inputs.map((s) => ({ ...s, eventId: p.eventIds.at(s.position)! })),
  };
};
