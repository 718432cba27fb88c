/**
 * The audit of a district's stream as `verify` and `checkpoint` run it: in one pass, each record must
 * continue the hash chain (`createChainCheck`) and must be one the ledger was right to admit
 * (`createAdmissionCheck`: the same rules and policy as the ledger's append, docs/spec.md §8.3). A record
 * written into the store around the ledger, with correct hashes, fails the second.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import type { StoredRecord } from '../record/record.js';
import { defaultPolicy, type AuthorizationPolicy } from '../rules/authorization.js';
import type { EventStore } from '../store/port.js';
import { createRootAccumulator, type RootAccumulator } from '../tlog/merkle.js';
import { createAdmissionCheck } from './admissionCheck.js';
import { createChainCheck, type ChainFailure, type ChainHead, type ChainVerificationOptions } from './chainVerification.js';
import { loadRedactions } from './ledgerRedaction.js';
import { recordLeafHash } from './recordLeaf.js';
import { redactionsByPosition } from './redaction.js';

/** The first record the ledger should not have admitted: where, which, and why. */
export interface AdmissionFailure {
  readonly position: number;
  readonly problem: 'rule-violation';
  readonly eventId: EventId;
  readonly reason: string;
}

/** Outcome of {@link auditStream}: the chain's size and head, or the first broken or inadmissible record. */
export type StreamAudit = E.Either<ChainFailure | AdmissionFailure, ChainHead>;

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
      if (broken !== undefined) return E.left(broken);
      const record = u as StoredRecord;
      const inadmissible = admission.next(record);
      if (inadmissible !== undefined) {
        return E.left({ position: record.position, problem: 'rule-violation', eventId: record.eventId, reason: `record ${record.eventId} should not have been admitted: ${inadmissible}` });
      }
      options.onRecord?.(record);
    }
  }
  return E.right({ size: chain.size, head: chain.head });
};

/** Options of {@link auditStoredStream}. */
export interface StoredStreamAuditOptions {
  /** Who may record what (default: docs/spec.md §5's `defaultPolicy`, as the ledger's). */
  readonly policy?: AuthorizationPolicy | undefined;
  /** Audit positions 1..to only (default: the whole stream). */
  readonly to?: number;
  /** Called with each accepted record's Merkle leaf hash, after it went into `tree`. */
  readonly onLeaf?: (leaf: Uint8Array, tree: RootAccumulator) => void;
}

/**
 * {@link auditStream} over `district`'s stream in `store`, with the store's redaction log, building the
 * Merkle tree of the accepted records (RFC 6962 leaves of their hashes) in the same pass: what `verify` and
 * `checkpoint` both start from. The tree holds the records accepted before any failure.
 */
export const auditStoredStream = async (
  store: EventStore,
  district: DistrictCode,
  options: StoredStreamAuditOptions = {},
): Promise<{ readonly audit: StreamAudit; readonly tree: RootAccumulator }> => {
  const tree = createRootAccumulator();
  const redactions = redactionsByPosition(await loadRedactions(store, district));
  const pages = options.to === undefined ? store.readPages(district) : store.readPages(district, { to: options.to });
  const audit = await auditStream(pages, district, {
    redactions,
    policy: options.policy ?? defaultPolicy,
    onRecord: (record) => {
      const leaf = recordLeafHash(record.hash);
      tree.append(leaf);
      options.onLeaf?.(leaf, tree);
    },
  });
  return { audit, tree };
};
