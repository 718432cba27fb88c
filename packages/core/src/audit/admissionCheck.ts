/**
 * Re-checking, record after record, that each was admissible when the ledger recorded it: its `eventId`
 * new to the stream (docs/spec.md §2), the stream rules of docs/spec.md §4 against the records before it, and — when the
 * auditor names one — an authorization policy (docs/spec.md §5; embedders may configure their own, so none is
 * assumed). The hash chain proves records were not changed since; this proves the ledger was right in
 * accepting each of them. Memory grows with the stream, as the ledger's own facts do.
 */
import type { EventInput } from '../events/envelope.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../ledger/record.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import { addEventFacts, emptyStreamFacts } from '../rules/streamFacts.js';
import { STREAM_RULES } from '../rules/streamRules.js';

/** Checks records in position order; `next` gives why one was not admissible, or `undefined`. */
export interface AdmissionCheck {
  next(record: StoredRecord): string | undefined;
}

/** An {@link AdmissionCheck} for `district`'s stream from position 1, with `policy` when given. */
export const createAdmissionCheck = (district: DistrictCode, policy?: AuthorizationPolicy): AdmissionCheck => {
  const facts = emptyStreamFacts();
  const context = { recordedUnitOf: (id: StoredRecord['eventId']) => facts.events.get(id)?.unit };
  const ignored: (() => void)[] = [];
  return {
    next(record) {
      const earlier = facts.events.get(record.eventId);
      if (earlier !== undefined) return `eventId ${record.eventId} is already used at position ${earlier.position} (docs/spec.md §2)`;
      const event = record as unknown as EventInput;
      const denied = policy?.(event, context);
      if (denied !== undefined) return `actor.unit: ${denied}`;
      for (const rule of STREAM_RULES) {
        const [violation] = rule(event, facts, district);
        if (violation !== undefined) return `${violation.path}: ${violation.reason}`;
      }
      addEventFacts(facts, record, record.position, record.hash, ignored);
      ignored.length = 0;
      return undefined;
    },
  };
};
