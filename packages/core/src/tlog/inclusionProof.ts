/**
 * Merkle inclusion proofs (audit paths): that a leaf hash sits at a given index of a tree with a given
 * root, RFC 9162 §2.1.3.
 */
import { bytesEqual } from './bytes.js';
import { isTreeSize, nodeHash, rangeRoot } from './merkle.js';
import { hashCount, inclusionPath, wrongHashLength } from './proofShape.js';
import { ACCEPTED, reject, type Verification } from './verification.js';

/**
 * Inclusion proof for leaf `index` in the tree of the first `size` of `leafHashes`, leaf end first.
 * Throws `RangeError` unless 0 ≤ index < size ≤ leafHashes.length. O(size) hashes.
 */
export const inclusionProof = (leafHashes: readonly Uint8Array[], index: number, size: number): Uint8Array[] => {
  if (!(isTreeSize(index) && isTreeSize(size) && index < size && size <= leafHashes.length)) {
    throw new RangeError(`no inclusion proof for index ${index} in a tree of size ${size} built from ${leafHashes.length} leaf hashes`);
  }
  return inclusionPath(index, size).map((range) => rangeRoot(leafHashes, range.start, range.end));
};

/** What {@link verifyInclusion} checks: `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`. */
export interface InclusionClaim {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

/**
 * Checks an inclusion proof. Rejects unless the index lies inside the tree, the proof has exactly the
 * length the tree's shape demands (no leading or trailing extras), every hash is exactly 32 bytes, and
 * folding the proof up from the leaf gives `root`. O(log size).
 */
export const verifyInclusion = ({ index, size, leafHash, proof, root }: InclusionClaim): Verification => {
  if (!isTreeSize(size)) return reject(`tree size ${size} is not a non-negative whole number`);
  if (!isTreeSize(index)) return reject(`index ${index} is not a non-negative whole number`);
  if (index >= size) return reject(`index ${index} is not inside a tree of size ${size}`);
  const path = inclusionPath(index, size);
  if (proof.length !== path.length) {
    return reject(`proof has ${hashCount(proof.length)}, a tree of size ${size} needs ${path.length} for index ${index}`);
  }
  const lengthProblem = wrongHashLength({ 'leaf hash': leafHash, root }, proof);
  if (lengthProblem !== undefined) return reject(lengthProblem);
  let computed = leafHash;
  path.forEach((sibling, i) => {
    const hash = proof[i] as Uint8Array;
    computed = sibling.start > index ? nodeHash(computed, hash) : nodeHash(hash, computed);
  });
  return bytesEqual(computed, root) ? ACCEPTED : reject(`proof does not lead to the given root of the tree of size ${size}`);
};
