/**
 * Evidence of a fork: two checkpoints the same log key signed that cannot both be views of one append-only
 * log. Anyone holding the log's verifier key checks it offline with {@link checkForkEvidence}; no witness
 * or ledger needs to be trusted, since every claim in it is signed by the log or rebuilt from hashes.
 *
 * Two kinds are proofs: the same size with different roots; or a larger checkpoint with a consistency
 * proof, supplied by the log itself, that verifies from a prefix root other than the smaller checkpoint's
 * root — the log's own proof shows that its first records are not the ones it signed before.
 */
import * as E from 'fp-ts/lib/Either.js';
import { bytesEqual, fromBase64, toBase64 } from '../tlog/bytes.js';
import { openSignedCheckpoint, type Checkpoint } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistencyProof.js';
import { nodeHash } from '../tlog/merkle.js';
import { consistencyShape } from '../tlog/proofShape.js';
import type { NoteVerifier } from '../tlog/signedNote.js';
import type { Problem } from '../events/problem.js';

/** Two log-signed checkpoints of one origin that no append-only log could have produced, with what proves it. */
export interface ForkEvidence {
  readonly origin: string;
  /** The note the witness had cosigned (the smaller or equal size). */
  readonly cosigned: string;
  /** The log-signed note the witness refused. */
  readonly conflicting: string;
  /** The consistency proof the log sent from the cosigned size to the conflicting one, base64 (empty for equal sizes). */
  readonly proof: readonly string[];
  /** For different sizes: the root of the conflicting tree's first `size` records that the proof rebuilds, base64. */
  readonly prefixRoot?: string;
}

/** What {@link checkForkEvidence} established. */
export interface ProvenFork {
  readonly kind: 'same-size' | 'diverging-prefix';
  readonly origin: string;
  readonly cosigned: Checkpoint;
  readonly conflicting: Checkpoint;
}

/**
 * The root of the first `size1` leaves that a consistency proof from `size1` to `size2` rebuilds alongside
 * `root2`, when the proof carries it (it does unless the old tree is a whole subtree, RFC 9162 §2.1.4.2's
 * b = true, where the verifier must already hold it). `undefined` when it does not, or the proof does not
 * lead to `root2`.
 */
export const prefixRootOfProof = (size1: number, size2: number, root2: Uint8Array, proof: readonly Uint8Array[]): Uint8Array | undefined => {
  if (!(Number.isSafeInteger(size1) && size1 > 0 && size1 < size2)) return undefined;
  const shape = consistencyShape(size1, size2);
  if (shape.startsFromOldRoot || proof.length !== shape.ranges.length) return undefined;
  let oldRoot = proof[0] as Uint8Array;
  let newRoot = oldRoot;
  for (let i = 1; i < shape.ranges.length; i++) {
    const hash = proof[i] as Uint8Array;
    if ((shape.ranges[i] as { start: number }).start >= size1) newRoot = nodeHash(newRoot, hash);
    else {
      oldRoot = nodeHash(hash, oldRoot);
      newRoot = nodeHash(hash, newRoot);
    }
  }
  return bytesEqual(newRoot, root2) ? oldRoot : undefined;
};

/**
 * Evidence for a refused checkpoint, when the refusal proves a fork: equal sizes with different roots, or a
 * proof that leads to the new root from a prefix root other than the cosigned one. `undefined` otherwise
 * (a proof that leads nowhere proves only that the request was wrong, since anyone may send one).
 */
export const forkEvidenceOf = (cosigned: { note: string; checkpoint: Checkpoint }, conflicting: { note: string; checkpoint: Checkpoint }, proof: readonly Uint8Array[]): ForkEvidence | undefined => {
  const [a, b] = [cosigned.checkpoint, conflicting.checkpoint];
  const base = { origin: a.origin, cosigned: cosigned.note, conflicting: conflicting.note };
  if (a.size === b.size) return bytesEqual(a.root, b.root) ? undefined : { ...base, proof: [] };
  const prefix = prefixRootOfProof(a.size, b.size, b.root, proof);
  if (prefix === undefined || bytesEqual(prefix, a.root)) return undefined;
  return { ...base, proof: proof.map(toBase64), prefixRoot: toBase64(prefix) };
};

const problem = (path: string, reason: string): E.Either<readonly Problem[], never> => E.left([{ path, reason }]);

/**
 * Checks fork evidence offline against the log's verifier key: both notes signed by it, of one origin, and
 * either equal sizes with different roots, or a proof that verifies from `prefixRoot` (which differs from
 * the cosigned root) to the conflicting checkpoint. Left with what does not hold.
 */
export const checkForkEvidence = (evidence: ForkEvidence, logKey: NoteVerifier): E.Either<readonly Problem[], ProvenFork> => {
  const a = openSignedCheckpoint(evidence.cosigned, logKey);
  const b = openSignedCheckpoint(evidence.conflicting, logKey);
  const opened = [...(E.isLeft(a) ? [{ path: 'cosigned', reason: a.left.reason }] : []), ...(E.isLeft(b) ? [{ path: 'conflicting', reason: b.left.reason }] : [])];
  if (E.isLeft(a) || E.isLeft(b)) return E.left(opened);
  const [cosigned, conflicting] = [a.right, b.right];
  if (cosigned.origin !== conflicting.origin || cosigned.origin !== evidence.origin) return problem('origin', `the notes are of ${cosigned.origin} and ${conflicting.origin}, the evidence says ${evidence.origin}`);
  const proven = (kind: ProvenFork['kind']): E.Either<readonly Problem[], ProvenFork> => E.right({ kind, origin: cosigned.origin, cosigned, conflicting });
  if (cosigned.size === conflicting.size) {
    return bytesEqual(cosigned.root, conflicting.root) ? problem('conflicting', 'both notes commit to the same tree: no fork') : proven('same-size');
  }
  if (cosigned.size > conflicting.size) return problem('conflicting', `the conflicting checkpoint (${conflicting.size}) is smaller than the cosigned one (${cosigned.size}); such evidence needs the larger tree's proof`);
  const prefix = evidence.prefixRoot === undefined ? undefined : fromBase64(evidence.prefixRoot);
  const proof = evidence.proof.map(fromBase64);
  if (prefix === undefined) return problem('prefixRoot', 'missing or not canonical base64');
  if (!proof.every((h): h is Uint8Array => h !== undefined)) return problem('proof', 'a hash is not canonical base64');
  if (bytesEqual(prefix, cosigned.root)) return problem('prefixRoot', 'is the cosigned root: the two checkpoints agree on it');
  const consistent = verifyConsistency({ size1: cosigned.size, size2: conflicting.size, root1: prefix, root2: conflicting.root, proof });
  if (E.isLeft(consistent)) return problem('proof', consistent.left.reason);
  return proven('diverging-prefix');
};
