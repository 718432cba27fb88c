import type { EventType } from '../events/catalog.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../record/record.js';
import { recognitionValidFrom } from '../rules/recognitionPeriod.js';
import type { Instant } from '../time/instant.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import { addRecognition, addRevocation } from '../indicators/enterprises.js';
import { addFlow } from '../indicators/flows.js';
import { addInventionGrant, addLapse, markGrantRetracted } from '../indicators/patents.js';
import { addPlatformEvent } from '../indicators/platforms.js';
import { addReport } from '../indicators/reports.js';
import { emptyIndicatorTables } from '../indicators/tables.js';
import type { IndicatorTables } from '../indicators/tables.js';
import type { Knowledge } from '../indicators/knowledge.js';
import { epochMsOf, patentTermEndKey, recognitionValidUntilKey, sharedEventType } from './foldCalendar.js';

/**
 * The indicator projection of one district: every family's tables, plus per-position columns
 * (recordedAt, retraction, event id, type) that turn an `asOf` instant into a stream position by binary
 * search and tell which events are live. Built by folding records in position order; appending a record
 * costs O(1) amortised (O(events of that platform) for platform events).
 */
export interface DistrictProjection extends IndicatorTables {
  readonly district: DistrictCode;
  /** The last folded position. */
  position: number;
  /** Per position (index 0 unused): recordedAt in epoch milliseconds, non-decreasing. */
  readonly recordedAtMs: number[];
  /** Per position: the retraction's position, 0 when not retracted. */
  readonly retractedAt: number[];
  readonly eventIds: string[];
  readonly types: (EventType | undefined)[];
  readonly positionOfEvent: Map<string, number>;
  /** Positions of each event type, ascending: which events can move which figure (for vintages). */
  readonly positionsByType: Map<EventType, number[]>;
}

/** The projection of a district with no records. */
export const emptyDistrictProjection = (district: DistrictCode): DistrictProjection => ({
  ...emptyIndicatorTables(),
  district,
  position: 0,
  recordedAtMs: [Number.NEGATIVE_INFINITY],
  retractedAt: [0],
  eventIds: [''],
  types: [undefined],
  positionOfEvent: new Map(),
  positionsByType: new Map(),
});

/**
 * What one record of a store's tail did to a projection: `folded`, or `already-folded` — a record at or
 * before the projection's position, which a live append or another query's catch-up folded while this read
 * was under way (both fold the same projection; neither waits for the other).
 */
export type TailRecordOutcome = 'folded' | 'already-folded';

/**
 * Folds one record read from the store's tail after the projection's position, whoever else folds it too
 * (docs/spec.md §2, §8.4). A record already folded is passed over, and said so; a record past the next
 * position means the store's read skipped one, which a store keeping the port's contract (`readPages`: every
 * record in position order) never does — folding on would serve figures without that record, so it throws.
 */
export const foldTailRecord = (p: DistrictProjection, r: StoredRecord): TailRecordOutcome => {
  if (r.position <= p.position) return 'already-folded';
  if (r.position !== p.position + 1) {
    throw new RangeError(
      `the store read district ${p.district} out of order: position ${r.position} came after ${p.position}; a store gives every record once, in position order`,
    );
  }
  applyRecord(p, r);
  return 'folded';
};

/**
 * Folds one record into the projection (docs/spec.md §6 inputs). Records must come in position order, each
 * exactly once; anything else is a programming error and throws.
 */
export const applyRecord = (p: DistrictProjection, r: StoredRecord): void => {
  if (r.position !== p.position + 1) throw new RangeError(`projection of ${p.district} is at ${p.position}; cannot fold position ${r.position}`);
  const position = r.position;
  p.position = position;
  p.recordedAtMs.push(epochMsOf(r.recordedAt));
  p.retractedAt.push(0);
  p.eventIds.push(r.eventId);
  const type = sharedEventType(r.type);
  p.types.push(type);
  p.positionOfEvent.set(r.eventId, position);
  const ofType = p.positionsByType.get(type);
  if (ofType === undefined) p.positionsByType.set(type, [position]);
  else ofType.push(position);
  const date = dateKeyOf(r.effectiveDate);
  switch (r.type) {
    case 'EnterpriseRecognized':
      addRecognition(
        r.data.designation === 'high-tech' ? p.highTech : p.techSme,
        r.data.enterpriseId,
        dateKeyOf(recognitionValidFrom(r)),
        recognitionValidUntilKey(r),
        position,
      );
      break;
    case 'EnterpriseRecognitionRevoked':
      addRevocation(
        r.data.designation === 'high-tech' ? p.highTech : p.techSme,
        r.data.enterpriseId,
        date,
        dateKeyOf(r.data.revokedFrom ?? r.effectiveDate),
        position,
      );
      break;
    case 'PlatformCertified':
      addPlatformEvent(p.platforms, r.data.platformId, date, position, { kind: r.data.kind, level: r.data.level });
      break;
    case 'PlatformDecertified':
      addPlatformEvent(p.platforms, r.data.platformId, date, position, null);
      break;
    case 'FundsAllocated':
      addFlow(p.funds, date, position, r.data.amountFen, r.data.allocationId);
      break;
    case 'ProjectApproved':
      addFlow(p.projects, date, position, 1, r.data.projectId);
      break;
    case 'CommissionerDispatched':
      addFlow(p.commissioners, date, position, 1, r.data.commissionerId);
      break;
    case 'PatentGranted':
      if (r.data.kind === 'invention') {
        addInventionGrant(p.patents, r.data.patentNo, date, patentTermEndKey(r.data.filingDate), position);
      }
      break;
    case 'PatentLapsed':
      addLapse(p.patents, r.data.patentNo, date, position);
      break;
    case 'StatisticReported':
      addReport(p.statistics, r.data.statistic, r.data.year, position, r.data.value);
      break;
    case 'TargetSet':
      addReport(p.targets, r.data.indicator, r.data.year, position, { comparator: r.data.comparator, value: r.data.value });
      break;
    case 'EventRetracted': {
      const target = p.positionOfEvent.get(r.data.eventId);
      if (target !== undefined && p.retractedAt[target] === 0) {
        p.retractedAt[target] = position;
        if (p.types[target] === 'PatentGranted') markGrantRetracted(p.patents, target);
      }
      break;
    }
  }
};

/**
 * The last position whose recordedAt ≤ `asOfMs` (0 when none): binary search, O(log n).
 */
export const positionKnownAt = (p: DistrictProjection, asOfMs: number): number => {
  let lo = 0;
  let hi = p.position;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (p.recordedAtMs[mid]! <= asOfMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/** What the projection knew as of `asOf` (everything when undefined). */
export const knowledgeAsOf = (p: DistrictProjection, asOf?: Instant): Knowledge => ({
  position: asOf === undefined ? p.position : positionKnownAt(p, Date.parse(asOf)),
  retractedAt: p.retractedAt,
});

/** The recordedAt of a position, as an instant. */
export const recordedAtOf = (p: DistrictProjection, position: number): Instant => new Date(p.recordedAtMs[position]!).toISOString() as Instant;
