/**
 * `verify`: checks a district's stream in a store — its hash chain, and optionally that it still holds
 * exactly what a saved signed checkpoint committed to (docs/audit.md §1, docs/spec.md §8.3). Streams the records page by page.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { Sha256Hex } from '../record/record.js';
import type { EventStore } from '../store/port.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import type { ChainFailure, ChainProblem } from './chainVerification.js';
import { bytesEqual } from '../tlog/bytes.js';
import { emptyRoot } from '../tlog/merkle.js';
import { isOriginOfDistrict, openCheckpointWith, type VerifierKey } from '../tlog/openCheckpoint.js';
import { auditStoredStream, type AdmissionFailure, type AdmissionRunner } from './streamAudit.js';
import { verifyFactsCheckpoint } from '../ledger/factsCheckpoint.js';
import { verifyProjectionCheckpoints, type ProjectionCheckpointProblem } from '../projection/projectionCheckpoint.js';

/** Why a stream does not match a saved checkpoint. */
export type CheckpointProblem =
  /** The note does not open with the key, or is not a checkpoint. */
  | 'checkpoint-unreadable'
  /** The checkpoint is of another district's stream. */
  | 'checkpoint-origin'
  /** The stream holds fewer records than the checkpoint: records were cut off. */
  | 'truncated'
  /** The first `size` records do not have the checkpoint's root: a record was changed, moved, added or removed. */
  | 'checkpoint-mismatch'
  /** A projection checkpoint stored beside the stream is not what the records fold to (docs/spec.md §8.4). */
  | 'projection-checkpoint';

/** The first problem found, and where; `position` is 0 for a problem with the checkpoint itself. */
export interface LedgerFailure {
  readonly position: number;
  readonly problem: ChainProblem | CheckpointProblem;
  readonly reason: string;
}

/** A stream that verified: its size, the hash of its last record, and the Merkle root over its records. */
export interface VerifiedLedger {
  readonly size: number;
  readonly head: Sha256Hex;
  readonly root: Uint8Array;
}

/** Outcome of {@link verify}: the verified stream, or its first problem. */
export type LedgerVerification = E.Either<LedgerFailure | ChainFailure | AdmissionFailure, VerifiedLedger>;

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** A checkpoint saved earlier, which the stream must still match and extend. */
  readonly against?: { readonly note: string; readonly verifierKey: VerifierKey };
  /** Who may record what, as the ledger was configured (default: docs/spec.md §5's `defaultPolicy`, as the ledger's). */
  readonly policy?: AuthorizationPolicy;
  /**
   * Where the records are re-judged against the rules while this thread checks the chain, when `policy` is
   * not given: e.g. `admissionOnSecondThread(path)` of `@indicator-ledger/store-sqlite`. The verdict is the
   * same as without it; on two cores it comes sooner. A pass lost before it answers (its thread stopped) is
   * made good on this thread. Default: on this thread, in the same pass.
   */
  readonly admission?: AdmissionRunner | undefined;
}

/**
 * Verifies `district`'s stream in `store`: the chain as `verifyChain` checks it (with the store's
 * redaction log), that every record is one the ledger's rules and `policy` admit (naming the first that
 * is not: `rule-violation`, its position and eventId; docs/spec.md §8.3), that the store's head agrees
 * with the last record — the head read when verification begins, and the records up to it: records
 * appended meanwhile are not covered, nor a failure — and, given a saved checkpoint, that
 * the root of the stream's first `size` records is the checkpoint's root; last, that the projection
 * checkpoint kept beside the stream is what the records fold to (docs/spec.md §8.4). O(n) time; O(log n)
 * memory for the chain, plus one projection's for the checkpoint check.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { verify } from '@indicator-ledger/core';
 *
 * const result = await verify(store, '130302' as DistrictCode, { against: { note: savedNote, verifierKey } });
 * if (E.isLeft(result)) console.error(`position ${result.left.position}: ${result.left.problem}: ${result.left.reason}`);
 * else console.log(`${result.right.size} records, head ${result.right.head}`);
 * ```
 */
export const verify = async (store: EventStore, district: DistrictCode, options: VerifyOptions = {}): Promise<LedgerVerification> => {
  let saved: { readonly size: number; readonly root: Uint8Array } | undefined;
  if (options.against !== undefined) {
    const opened = openCheckpointWith(options.against.note, options.against.verifierKey);
    if (E.isLeft(opened)) return E.left({ position: 0, problem: 'checkpoint-unreadable', reason: opened.left.reason });
    if (!isOriginOfDistrict(opened.right.origin, district)) {
      return E.left({ position: 0, problem: 'checkpoint-origin', reason: `checkpoint of ${opened.right.origin} is not of district ${district}` });
    }
    saved = opened.right;
  }
  let savedRoot: Uint8Array | undefined;
  // The stream as it stands now, head and records alike: what another writer appends while this runs is left
  // to the next verify, instead of reading as a head that ran past the records (docs/spec.md §8.3).
  const head = await store.head(district);
  const { audit, tree } = await auditStoredStream(store, district, {
    policy: options.policy,
    admission: options.admission,
    to: head.position,
    onLeaf: (_, tree) => {
      if (tree.size === saved?.size) savedRoot = tree.root();
    },
  });
  if (saved?.size === 0) savedRoot = emptyRoot();
  if (E.isLeft(audit)) return audit;
  const chain = audit.right;
  if (head.position !== chain.size || head.hash !== chain.head) {
    return E.left({
      position: Math.min(head.position, chain.size) + 1,
      problem: 'position-gap',
      reason: `the store's head is position ${head.position} (hash ${head.hash}), but its records end at position ${chain.size} (hash ${chain.head})`,
    });
  }
  if (saved !== undefined) {
    if (savedRoot === undefined) {
      return E.left({ position: chain.size + 1, problem: 'truncated', reason: `the stream ends at position ${chain.size}, but the checkpoint covers ${saved.size} records` });
    }
    if (!bytesEqual(savedRoot, saved.root)) {
      return E.left({
        position: saved.size,
        problem: 'checkpoint-mismatch',
        reason: `positions 1..${saved.size} do not have the checkpoint's root: a record among them was changed, moved, added or removed`,
      });
    }
  }
  const [badProjection] = await verifyProjectionCheckpoints(store, district);
  if (badProjection !== undefined) return E.left(projectionCheckpointFailure(badProjection));
  const [badFacts] = await verifyFactsCheckpoint(store, district);
  if (badFacts !== undefined) return E.left(projectionCheckpointFailure(badFacts));
  return E.right({ size: chain.size, head: chain.head, root: tree.root() });
};

/** A stored projection checkpoint that fails its checks, as verify reports it: district, projection, position, why. */
const projectionCheckpointFailure = (problem: ProjectionCheckpointProblem): LedgerFailure => ({
  position: problem.position,
  problem: 'projection-checkpoint',
  reason: `projection checkpoint ${JSON.stringify(problem.projection)} of ${problem.district} at position ${problem.position}: ${problem.reason}`,
});
