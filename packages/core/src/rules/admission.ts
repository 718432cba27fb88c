/**
 * The one place that says whether an event may join a district's stream after what the stream holds:
 * the ledger's append applies {@link judgeAdmission} to every input, and the audit re-applies it to every
 * stored record (docs/spec.md §8.3), so that both judge by the same rules.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventInput } from '../events/envelope.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import type { Instant } from '../time/instant.js';
import type { AuthorizationPolicy, PolicyContext } from './authorization.js';
import type { StreamFacts } from './streamFacts.js';
import { STREAM_RULES, type RuleViolation } from './streamRules.js';

/** What a policy may look up, answered from the stream's facts. */
export const policyContextOf = (facts: StreamFacts): PolicyContext => ({ recordedUnitOf: (id: EventId) => facts.events.unitOf(id) });

/**
 * Every reason `event` may not be appended to `district`'s stream after the events `facts` describe, in
 * this order: who recorded it (docs/spec.md §5, `policy`), its `recordedAt` going back (docs/spec.md §1,
 * when the event gives one) or, at append time only, past the ledger's clock (`tooLate`, docs/spec.md
 * §8.2: the audit re-check passes none, as a stored record's `recordedAt` was judged against the clock
 * of its day), then each stream rule of docs/spec.md §4. Empty when it may. Pure.
 */
export const admissionViolations = (
  event: EventInput,
  facts: StreamFacts,
  district: DistrictCode,
  policy: AuthorizationPolicy,
  context: PolicyContext = policyContextOf(facts),
  tooLate?: (recordedAt: Instant) => string | undefined,
): RuleViolation[] => {
  const violations: RuleViolation[] = [];
  const denied = policy(event, context);
  if (denied !== undefined) violations.push({ path: 'actor.unit', reason: denied });
  if (event.recordedAt !== undefined && facts.lastRecordedAt !== null && event.recordedAt < facts.lastRecordedAt) {
    violations.push({ path: 'recordedAt', reason: `${event.recordedAt} is earlier than the stream's last recordedAt ${facts.lastRecordedAt}; historical imports must be in order` });
  }
  const future = event.recordedAt !== undefined ? tooLate?.(event.recordedAt) : undefined;
  if (future !== undefined) violations.push({ path: 'recordedAt', reason: future });
  for (const rule of STREAM_RULES) violations.push(...rule(event, facts, district));
  return violations;
};

/**
 * Why {@link judgeAdmission} did not admit an event: its `eventId` is already in the stream at `position`
 * (docs/spec.md §2: the ledger then compares contents to tell an idempotent retry from a clash, the audit
 * refuses it), or the rules refuse it.
 */
export type AdmissionRefusal =
  | { readonly kind: 'known-event-id'; readonly position: number }
  | { readonly kind: 'violations'; readonly violations: readonly RuleViolation[] };

/**
 * What an admission judges by besides the stream's facts: the district, the policy (docs/spec.md §5) with
 * its view of the facts, and — at append time only — the bound the ledger's clock puts on `recordedAt`
 * (docs/spec.md §8.2; see {@link admissionViolations}).
 */
export interface AdmissionRules {
  readonly district: DistrictCode;
  readonly policy: AuthorizationPolicy;
  readonly context: PolicyContext;
  readonly tooLate?: (recordedAt: Instant) => string | undefined;
}

/** The position at which the stream already holds `eventId`, if it does (docs/spec.md §2). */
export const positionOfEventId = (facts: StreamFacts, eventId: EventId | undefined): number | undefined =>
  eventId === undefined ? undefined : facts.events.positionOf(eventId);

/**
 * Whether `event` may join the stream `facts` describe: first whether its `eventId` is new
 * (docs/spec.md §2), then {@link admissionViolations}. Right with the event when it may. Pure: the caller
 * adds an admitted event to the facts (`addEventFacts`) once it has its position and hash.
 */
export const judgeAdmission = (event: EventInput, facts: StreamFacts, rules: AdmissionRules): E.Either<AdmissionRefusal, EventInput> => {
  const known = positionOfEventId(facts, event.eventId);
  if (known !== undefined) return E.left({ kind: 'known-event-id', position: known });
  const violations = admissionViolations(event, facts, rules.district, rules.policy, rules.context, rules.tooLate);
  return violations.length > 0 ? E.left({ kind: 'violations', violations }) : E.right(event);
};
