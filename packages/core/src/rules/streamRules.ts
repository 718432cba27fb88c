import type { EventType } from '../events/catalog.js';
import type { EventInput } from '../events/envelope.js';
import type { DistrictCode } from '../ids/districtCode.js';
import * as enterprises from '../families/enterprises.js';
import * as flows from '../families/flows.js';
import * as patents from '../families/patents.js';
import * as platforms from '../families/platforms.js';
import * as retractions from '../families/retractions.js';
import type { EventRule, RuleViolation } from '../families/family.js';
import { EVENT_DEFINITIONS } from '../families/registry.js';
import type { StreamFacts } from './streamFacts.js';

export type { RuleViolation } from '../families/family.js';

/** A stream rule of docs/spec.md §4: the problems an event has against what the stream already holds. */
export type StreamRule = (event: EventInput, facts: StreamFacts, stream: DistrictCode) => readonly RuleViolation[];

const ok: readonly RuleViolation[] = [];

/** docs/spec.md §2: an event belongs to the stream of its own district. */
export const districtMatchesStream: StreamRule = (e, _facts, stream) =>
  e.district === stream ? ok : [{ path: 'district', reason: `is ${e.district}, but the batch is for district ${stream}` }];

/** A family's rule for events of `type` as a stream rule: it finds nothing in events of other types. */
export const ruleFor =
  <T extends EventType>(type: T, rule: EventRule<T>): StreamRule =>
  (e, facts) =>
    e.type === type ? rule(e as EventInput<T>, facts) : ok;

/**
 * The stream rules of a list of event type definitions: the district's first, then each type's own rules in
 * the order its family states them. An event finds only its own type's, so the order between types changes
 * nothing a batch is told.
 */
export const streamRulesOf = (definitions: readonly { readonly type: EventType; readonly rules: readonly EventRule<never>[] }[]): readonly StreamRule[] => [
  districtMatchesStream,
  ...definitions.flatMap((d) => d.rules.map((rule) => ruleFor(d.type, rule as EventRule<EventType>))),
];

/** Every stream rule, in the order their findings are reported. */
export const STREAM_RULES: readonly StreamRule[] = streamRulesOf(EVENT_DEFINITIONS);

// The rules by name, as this module has always exported them; a new event type's rules need not be added here.
/** docs/spec.md §4 EnterpriseRecognized: validFrom ≤ validUntil (after defaults). */
export const recognitionPeriodIsOrdered = ruleFor('EnterpriseRecognized', enterprises.recognitionPeriodIsOrdered);
/** docs/spec.md §4 EnterpriseRecognitionRevoked: a recognition of that enterprise and designation is in the stream. */
export const revocationFollowsRecognition = ruleFor('EnterpriseRecognitionRevoked', enterprises.revocationFollowsRecognition);
/** docs/spec.md §4 EnterpriseRecognitionRevoked: revokedFrom is never later than the decision date. */
export const revokedFromNotAfterDecision = ruleFor('EnterpriseRecognitionRevoked', enterprises.revokedFromNotAfterDecision);
/** docs/spec.md §4 PlatformDecertified: the platform has been certified in this stream. */
export const decertificationFollowsCertification = ruleFor('PlatformDecertified', platforms.decertificationFollowsCertification);
/** docs/spec.md §4 FundsAllocated: allocationId unique in the stream. */
export const allocationIdIsNew = ruleFor('FundsAllocated', flows.allocationIdIsNew);
/** docs/spec.md §4 PatentGranted: the kind agrees with the 5th digit of the number. */
export const patentKindMatchesNumber = ruleFor('PatentGranted', patents.patentKindMatchesNumber);
/** docs/spec.md §4 PatentGranted: filingDate ≤ grant date (the effectiveDate). */
export const filingPrecedesGrant = ruleFor('PatentGranted', patents.filingPrecedesGrant);
/** docs/spec.md §4 PatentGranted: one grant per patent number. */
export const patentGrantedOnce = ruleFor('PatentGranted', patents.patentGrantedOnce);
/** docs/spec.md §4 PatentLapsed: the patent is granted, on or before the lapse date. */
export const lapseFollowsGrant = ruleFor('PatentLapsed', patents.lapseFollowsGrant);
/** docs/spec.md §4 ProjectApproved: projectId unique. */
export const projectIdIsNew = ruleFor('ProjectApproved', flows.projectIdIsNew);
/** docs/spec.md §4 CommissionerDispatched: one dispatch per commissioner and year. */
export const commissionerOncePerYear = ruleFor('CommissionerDispatched', flows.commissionerOncePerYear);
/** docs/spec.md §4 EventRetracted: the target is in the stream, is not a retraction and is not yet retracted. */
export const retractionTargetsRetractableEvent = ruleFor('EventRetracted', retractions.retractionTargetsRetractableEvent);
