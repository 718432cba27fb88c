import type { EventInput } from '../events/envelope.js';
import { patentKindOf } from '../ids/patentNumber.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { commissionerYearKey, recognitionKey } from './streamFacts.js';
import type { StreamFacts } from './streamFacts.js';
import { recognitionValidFrom, recognitionValidUntil } from './recognitionPeriod.js';

/** A rule's finding: the field it concerns and why the event is refused. */
export interface RuleViolation {
  readonly path: string;
  readonly reason: string;
}

/** A stream rule of docs/spec.md §4: the problems an event has against what the stream already holds. */
export type StreamRule = (event: EventInput, facts: StreamFacts, stream: DistrictCode) => readonly RuleViolation[];

const ok: readonly RuleViolation[] = [];
const violation = (path: string, reason: string): readonly RuleViolation[] => [{ path, reason }];

/** docs/spec.md §2: an event belongs to the stream of its own district. */
export const districtMatchesStream: StreamRule = (e, _facts, stream) =>
  e.district === stream ? ok : violation('district', `is ${e.district}, but the batch is for district ${stream}`);

/** docs/spec.md §4 EnterpriseRecognized: validFrom ≤ validUntil (after defaults). */
export const recognitionPeriodIsOrdered: StreamRule = (e) => {
  if (e.type !== 'EnterpriseRecognized') return ok;
  const from = recognitionValidFrom(e);
  const until = recognitionValidUntil(e);
  return from <= until ? ok : violation('data.validUntil', `${until} is before validFrom ${from}`);
};

/** docs/spec.md §4 EnterpriseRecognitionRevoked: a recognition of that enterprise and designation is in the stream. */
export const revocationFollowsRecognition: StreamRule = (e, facts) =>
  e.type !== 'EnterpriseRecognitionRevoked' || facts.recognitions.has(recognitionKey(e.data.enterpriseId, e.data.designation))
    ? ok
    : violation('data.enterpriseId', `${e.data.enterpriseId} has no ${e.data.designation} recognition in this district to revoke`);

/** docs/spec.md §4 EnterpriseRecognitionRevoked: revokedFrom is never later than the decision date. */
export const revokedFromNotAfterDecision: StreamRule = (e) =>
  e.type !== 'EnterpriseRecognitionRevoked' || e.data.revokedFrom === undefined || e.data.revokedFrom <= e.effectiveDate
    ? ok
    : violation('data.revokedFrom', `${e.data.revokedFrom} is later than the decision date ${e.effectiveDate}`);

/** docs/spec.md §4 PlatformDecertified: the platform has been certified in this stream. */
export const decertificationFollowsCertification: StreamRule = (e, facts) =>
  e.type !== 'PlatformDecertified' || facts.certifiedPlatforms.has(e.data.platformId)
    ? ok
    : violation('data.platformId', `platform ${e.data.platformId} was never certified in this district`);

/** docs/spec.md §4 FundsAllocated: allocationId unique in the stream. */
export const allocationIdIsNew: StreamRule = (e, facts) =>
  e.type !== 'FundsAllocated' || !facts.allocationIds.has(e.data.allocationId)
    ? ok
    : violation('data.allocationId', `allocation ${e.data.allocationId} is already recorded in this district`);

/** docs/spec.md §4 PatentGranted: the kind agrees with the 5th digit of the number. */
export const patentKindMatchesNumber: StreamRule = (e) => {
  if (e.type !== 'PatentGranted') return ok;
  const encoded = patentKindOf(e.data.patentNo);
  return encoded === e.data.kind
    ? ok
    : violation('data.kind', `patent number ${e.data.patentNo} is ${encoded === 'invention' ? 'an' : 'a'} ${encoded} number, not ${e.data.kind}`);
};

/** docs/spec.md §4 PatentGranted: filingDate ≤ grant date (the effectiveDate). */
export const filingPrecedesGrant: StreamRule = (e) =>
  e.type !== 'PatentGranted' || e.data.filingDate <= e.effectiveDate
    ? ok
    : violation('data.filingDate', `${e.data.filingDate} is after the grant date ${e.effectiveDate}`);

/** docs/spec.md §4 PatentGranted: one grant per patent number. */
export const patentGrantedOnce: StreamRule = (e, facts) =>
  e.type !== 'PatentGranted' || !facts.patentGrants.has(e.data.patentNo)
    ? ok
    : violation('data.patentNo', `patent ${e.data.patentNo} is already granted in this district`);

/** docs/spec.md §4 PatentLapsed: the patent is granted, on or before the lapse date. */
export const lapseFollowsGrant: StreamRule = (e, facts) => {
  if (e.type !== 'PatentLapsed') return ok;
  const granted = facts.patentGrants.get(e.data.patentNo);
  if (granted === undefined) return violation('data.patentNo', `patent ${e.data.patentNo} has no grant in this district`);
  return granted <= e.effectiveDate ? ok : violation('effectiveDate', `lapse date ${e.effectiveDate} is before the grant date ${granted}`);
};

/** docs/spec.md §4 ProjectApproved: projectId unique. */
export const projectIdIsNew: StreamRule = (e, facts) =>
  e.type !== 'ProjectApproved' || !facts.projectIds.has(e.data.projectId)
    ? ok
    : violation('data.projectId', `project ${e.data.projectId} is already recorded in this district`);

/** docs/spec.md §4 CommissionerDispatched: one dispatch per commissioner and year. */
export const commissionerOncePerYear: StreamRule = (e, facts) =>
  e.type !== 'CommissionerDispatched' || !facts.commissionerYears.has(commissionerYearKey(e.data.commissionerId, e.effectiveDate))
    ? ok
    : violation('data.commissionerId', `commissioner ${e.data.commissionerId} is already dispatched in ${e.effectiveDate.slice(0, 4)}`);

/** docs/spec.md §4 EventRetracted: the target is in the stream, is not a retraction and is not yet retracted. */
export const retractionTargetsRetractableEvent: StreamRule = (e, facts) => {
  if (e.type !== 'EventRetracted') return ok;
  const target = facts.events.get(e.data.eventId);
  if (target === undefined) return violation('data.eventId', `event ${e.data.eventId} is not in this district's stream`);
  if (target.type === 'EventRetracted') return violation('data.eventId', `event ${e.data.eventId} is itself a retraction and cannot be retracted`);
  if (target.retracted) return violation('data.eventId', `event ${e.data.eventId} is already retracted`);
  return ok;
};

/** Every stream rule, in the order their findings are reported. */
export const STREAM_RULES: readonly StreamRule[] = [
  districtMatchesStream,
  recognitionPeriodIsOrdered,
  revocationFollowsRecognition,
  revokedFromNotAfterDecision,
  decertificationFollowsCertification,
  allocationIdIsNew,
  patentKindMatchesNumber,
  filingPrecedesGrant,
  patentGrantedOnce,
  lapseFollowsGrant,
  projectIdIsNew,
  commissionerOncePerYear,
  retractionTargetsRetractableEvent,
];
