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
import { recordShapeProblem } from './recordShape.js';
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
  /** False: the chain alone, the admission being judged elsewhere ({@link AdmissionRunner}); default true. */
  readonly admission?: boolean;
}

const admissionFailure = (record: StoredRecord, reason: string): AdmissionFailure => ({
  position: record.position,
  problem: 'rule-violation',
  eventId: record.eventId,
  reason: `record ${record.eventId} should not have been admitted: ${reason}`,
});

/** Audits a district stream read as pages, stopping at the first bad record. O(n); memory of the stream's facts. */
export const auditStream = async (pages: AsyncIterable<readonly unknown[]>, district: DistrictCode, options: StreamAuditOptions): Promise<StreamAudit> => {
  const chain = createChainCheck(district, options.redactions);
  const admission = options.admission === false ? undefined : createAdmissionCheck(district, options.policy);
  for await (const page of pages) {
    for (const u of page) {
      const broken = chain.next(u);
      if (broken !== undefined) return E.left(broken);
      const record = u as StoredRecord;
      const inadmissible = admission?.next(record);
      if (inadmissible !== undefined) return E.left(admissionFailure(record, inadmissible));
      options.onRecord?.(record);
    }
  }
  return E.right({ size: chain.size, head: chain.head });
};

/**
 * The admission half of {@link auditStream} on its own, for another thread: the first record of `pages` the
 * ledger should not have admitted, judged exactly as `auditStream` judges it, or `undefined`. It judges a
 * record only while every record so far sits at the position it was read at and is shaped as a stored record,
 * and stops without a verdict at the first that is not (the chain check names that one), and after the
 * position `limit()` returns, read before each page. So any failure it returns is at a position where the
 * chain held up to there, which is where `auditStream` would have returned it.
 */
export const auditAdmission = async (
  pages: AsyncIterable<readonly unknown[]>,
  district: DistrictCode,
  policy: AuthorizationPolicy,
  limit: () => number = () => Number.POSITIVE_INFINITY,
): Promise<AdmissionFailure | undefined> => {
  const admission = createAdmissionCheck(district, policy);
  let position = 0;
  for await (const page of pages) {
    const last = limit();
    for (const u of page) {
      position += 1;
      if (position > last || recordShapeProblem(u) !== undefined) return undefined;
      const record = u as StoredRecord;
      if (record.position !== position) return undefined;
      const inadmissible = admission.next(record);
      if (inadmissible !== undefined) return admissionFailure(record, inadmissible);
    }
  }
  return undefined;
};

/** One admission pass started by an {@link AdmissionRunner}. */
export interface AdmissionPass {
  /**
   * The first inadmissible record among positions 1..`to` (or up to the limit `stopAfter` set), or none.
   * Rejected when the pass was lost (its thread stopped): the records are then judged on the calling thread.
   */
  readonly outcome: Promise<AdmissionFailure | undefined>;
  /** Records after `position` need no verdict (the chain broke just after it): the pass may stop there. */
  stopAfter(position: number): void;
  /** Stops the pass; its outcome is then no longer awaited. */
  cancel(): void;
}

/**
 * Runs {@link auditAdmission} over positions 1..`to` of `district`'s stream somewhere else — another
 * thread reading the same store with the default policy of docs/spec.md §5 — while `verify` checks the chain
 * (`@indicator-ledger/store-sqlite`'s `admissionOnSecondThread`). The verdict is the one-thread verdict.
 */
export type AdmissionRunner = (district: DistrictCode, to: number) => AdmissionPass;

/** Options of {@link auditStoredStream}. */
export interface StoredStreamAuditOptions {
  /** Who may record what (default: docs/spec.md §5's `defaultPolicy`, as the ledger's). */
  readonly policy?: AuthorizationPolicy | undefined;
  /** Audit positions 1..to only (default: the whole stream). */
  readonly to?: number;
  /** Called with each accepted record's Merkle leaf hash, after it went into `tree`. */
  readonly onLeaf?: (leaf: Uint8Array, tree: RootAccumulator) => void;
  /**
   * Judges admission elsewhere while this pass checks the chain: the same verdict, the two halves overlapping
   * in time. Used only with `to` (both halves must read the same records) and the default policy (a policy
   * is a function and cannot travel); otherwise admission is judged in this pass.
   */
  readonly admission?: AdmissionRunner | undefined;
}

/**
 * {@link auditStream} over `district`'s stream in `store`, with the store's redaction log, building the
 * Merkle tree of the accepted records (RFC 6962 leaves of their hashes) in the same pass: what `verify` and
 * `checkpoint` both start from. The tree holds the records accepted before any failure (with an
 * {@link AdmissionRunner}, those the chain accepted): read it only when the audit passed.
 */
export const auditStoredStream = async (
  store: EventStore,
  district: DistrictCode,
  options: StoredStreamAuditOptions = {},
): Promise<{ readonly audit: StreamAudit; readonly tree: RootAccumulator }> => {
  const tree = createRootAccumulator();
  const redactions = redactionsByPosition(await loadRedactions(store, district));
  const to = options.to;
  const pass = options.policy === undefined && to !== undefined ? options.admission?.(district, to) : undefined;
  // Awaited below unless this pass throws first; then its rejection (the thread stopped) is of no interest.
  pass?.outcome.catch(() => undefined);
  try {
    const pages = to === undefined ? store.readPages(district) : store.readPages(district, { to });
    const audit = await auditStream(pages, district, {
      redactions,
      policy: options.policy ?? defaultPolicy,
      admission: pass === undefined,
      onRecord: (record) => {
        const leaf = recordLeafHash(record.hash);
        tree.append(leaf);
        options.onLeaf?.(leaf, tree);
      },
    });
    if (pass === undefined) return { audit, tree };
    // The first problem in position order; at one position the chain's, as on one thread.
    const last = E.isLeft(audit) ? audit.left.position - 1 : audit.right.size;
    pass.stopAfter(last);
    // A pass lost before it answered (its thread stopped: out of memory, terminated) is judged again here.
    const inadmissible = await pass.outcome.catch(() => auditAdmission(store.readPages(district, { to: last }), district, defaultPolicy));
    if (inadmissible !== undefined && (E.isRight(audit) || inadmissible.position < audit.left.position)) return { audit: E.left(inadmissible), tree };
    return { audit, tree };
  } finally {
    pass?.cancel();
  }
};
