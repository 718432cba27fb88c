/**
 * Re-checking, record after record, that each was admissible when the ledger recorded it: a well-formed
 * docs/spec.md §3–4 event, its `eventId` new to the stream (docs/spec.md §2), and — by the very rules the
 * ledger's append applies (`admissionViolations`) — the authorization policy of docs/spec.md §5 when one
 * is named, and the stream rules of docs/spec.md §4 against the records before it. The hash chain proves
 * records were not changed since; this proves the ledger was right in accepting each of them, and catches
 * records written into the store around the ledger. Memory grows with the stream, as the ledger's own
 * facts do.
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeEventInput, type EventInput } from '../events/envelope.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../record/record.js';
import { judgeAdmission, policyContextOf, positionOfEventId } from '../rules/admission.js';
import type { AdmissionRules } from '../rules/admission.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import { addEventFacts, emptyStreamFacts } from '../rules/streamFacts.js';

/** Checks records in position order; `next` gives why one was not admissible, or `undefined`. */
export interface AdmissionCheck {
  next(record: StoredRecord): string | undefined;
}

// Admits anything: the policy of a check that names none (the stream rules still apply).
const everyone: AuthorizationPolicy = () => undefined;

// The event a stored record was appended as: its envelope fields, decoded as an input would be.
const eventOf = (record: StoredRecord): E.Either<string, EventInput> => {
  const { type, eventId, district, effectiveDate, recordedAt, actor, source, schemaVersion, data } = record;
  const decoded = decodeEventInput(source === undefined ? { type, eventId, district, effectiveDate, recordedAt, actor, schemaVersion, data } : { type, eventId, district, effectiveDate, recordedAt, actor, source, schemaVersion, data });
  if (E.isRight(decoded)) return decoded;
  const [first] = decoded.left;
  return E.left(first === undefined ? 'is not a valid event (docs/spec.md §3–4)' : `${first.path}: ${first.reason}`);
};

const usedEventId = (record: StoredRecord, position: number): string => `eventId ${record.eventId} is already used at position ${position} (docs/spec.md §2)`;

/** An {@link AdmissionCheck} for `district`'s stream from position 1, with `policy` when given. */
export const createAdmissionCheck = (district: DistrictCode, policy: AuthorizationPolicy = everyone): AdmissionCheck => {
  const facts = emptyStreamFacts();
  // No clock bound (docs/spec.md §8.2): a stored record's recordedAt was judged against the clock of its day.
  const rules: AdmissionRules = { district, policy, context: policyContextOf(facts) };
  const ignored: (() => void)[] = [];
  return {
    next(record) {
      // The id is looked at before the record is decoded, so a repeated id is named even on a malformed record.
      const earlier = positionOfEventId(facts, record.eventId);
      if (earlier !== undefined) return usedEventId(record, earlier);
      const event = eventOf(record);
      if (E.isLeft(event)) return event.left;
      const verdict = judgeAdmission(event.right, facts, rules);
      if (E.isLeft(verdict)) {
        if (verdict.left.kind === 'known-event-id') return usedEventId(record, verdict.left.position);
        const [violation] = verdict.left.violations;
        return `${violation!.path}: ${violation!.reason}`;
      }
      addEventFacts(facts, record, record.position, record.hash, ignored);
      ignored.length = 0;
      return undefined;
    },
  };
};
