/**
 * The one place that says whether an event may join a district's stream after what the stream holds:
 * the ledger's append applies it to every input, and the audit re-applies it to every stored record
 * (docs/spec.md §8.3), so that both judge by the same rules.
 */
import type { EventInput } from '../events/envelope.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import type { Instant } from '../time/instant.js';
import type { AuthorizationPolicy, PolicyContext } from './authorization.js';
import type { StreamFacts } from './streamFacts.js';
import { STREAM_RULES, type RuleViolation } from './streamRules.js';

/** What a policy may look up, answered from the stream's facts. */
export const policyContextOf = (facts: StreamFacts): PolicyContext => ({ recordedUnitOf: (id: EventId) => facts.events.get(id)?.unit });

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
