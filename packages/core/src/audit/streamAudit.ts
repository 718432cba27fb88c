/**
 * The audit of a district's stream as `verify` and `checkpoint` run it: in one pass, each record must
 * continue the hash chain (`createChainCheck`) and must be one the ledger was right to admit
 * (`createAdmissionCheck`: the same rules and policy as the ledger's append, docs/spec.md §8.3). A record
 * written into the store around the ledger, with correct hashes, fails the second.
 */
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import type { StoredRecord } from '../record/record.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import { createAdmissionCheck } from './admissionCheck.js';
import { createChainCheck, type ChainVerification, type ChainVerificationOptions } from './chainVerification.js';

/** The first record the ledger should not have admitted: where, which, and why. */
export interface AdmissionFailure {
  readonly ok: false;
  readonly position: number;
  readonly problem: 'rule-violation';
  readonly eventId: EventId;
  readonly reason: string;
}

/** Outcome of {@link auditStream}: the chain's size and head, or the first broken or inadmissible record. */
export type StreamAudit = ChainVerification | AdmissionFailure;

/** Options of {@link auditStream}. */
export interface StreamAuditOptions extends ChainVerificationOptions {
  /** Who may record what (docs/spec.md §5); the callers default it to the ledger's `defaultPolicy`. */
  readonly policy: AuthorizationPolicy;
}

/** Audits a district stream read as pages, stopping at the first bad record. O(n); memory of the stream's facts. */
export const auditStream = async (pages: AsyncIterable<readonly unknown[]>, district: DistrictCode, options: StreamAuditOptions): Promise<StreamAudit> => {
  const chain = createChainCheck(district, options.redactions);
  const admission = createAdmissionCheck(district, options.policy);
  for await (const page of pages) {
    for (const u of page) {
      const broken = chain.next(u);
      if (broken !== undefined) return broken;
      const record = u as StoredRecord;
      const inadmissible = admission.next(record);
      if (inadmissible !== undefined) {
        return { ok: false, position: record.position, problem: 'rule-violation', eventId: record.eventId, reason: `record ${record.eventId} should not have been admitted: ${inadmissible}` };
      }
      options.onRecord?.(record);
    }
  }
  return { ok: true, size: chain.size, head: chain.head };
};
