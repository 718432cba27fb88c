/**
 * Merkle consistency proofs: that the tree of `size2` leaves extends the tree of `size1` leaves without
 * changing any of them, RFC 9162 §2.1.4.
 */
import { bytesEqual } from './bytes.js';
import { HASH_SIZE, emptyRoot, isTreeSize, nodeHash, rangeRoot } from './merkle.js';
import { consistencyShape, hashCount, wrongHashLength } from './proofShape.js';
import { ACCEPTED, reject, type Verification } from './verification.js';

/**
 * Consistency proof from the tree of the first `size1` of `leafHashes` to the tree of the first `size2`.
 * Empty when size1 is 0 or equals size2, since then there is nothing to prove. Throws `RangeError` unless
 * 0 ≤ size1 ≤ size2 ≤ leafHashes.length. O(size2) hashes.
 */
export const consistencyProof = (leafHashes: readonly Uint8Array[], size1: number, size2: number): Uint8Array[] => {
  if (!(isTreeSize(size1) && isTreeSize(size2) && size1 <= size2 && size2 <= leafHashes.length)) {
    throw new RangeError(`no consistency proof from size ${size1} to size ${size2} built from ${leafHashes.length} leaf hashes`);
  }
  if (size1 === 0 || size1 === size2) return [];
  return consistencyShape(size1, size2).ranges.map((range) => rangeRoot(leafHashes, range.start, range.end));
};

/** What {@link verifyConsistency} checks: the tree with `root2` of `size2` leaves extends the tree with `root1` of `size1`. */
export interface ConsistencyClaim {
  readonly size1: number;
  readonly size2: number;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/**
 * Checks a consistency proof (RFC 9162 §2.1.4.2). Rejects a shrinking log (size1 > size2); for equal sizes
 * demands an empty proof and equal roots; from size 0 demands an empty proof; otherwise demands exactly the
 * proof length the two sizes imply, 32-byte hashes throughout, and that the proof rebuilds both roots.
 *
 * Stricter than transparency-dev/merkle for the empty tree, whose only root is SHA-256(""): a root given
 * for size 0 must be that hash, and a size-0 to size-n claim needs a well-formed 32-byte root2. For equal
 * non-zero sizes only byte equality of the roots is checked, as there: that is all the claim says.
 */
export const verifyConsistency = ({ size1, size2, root1, root2, proof }: ConsistencyClaim): Verification => {
  if (!isTreeSize(size1)) return reject(`size1 ${size1} is not a non-negative whole number`);
  if (!isTreeSize(size2)) return reject(`size2 ${size2} is not a non-negative whole number`);
  if (size1 > size2) return reject(`size1 ${size1} is larger than size2 ${size2}, but a log only grows`);
  if (size1 === size2) return verifySameSize(size1, root1, root2, proof);
  if (size1 === 0) return verifyFromEmpty(root1, root2, proof);

  const shape = consistencyShape(size1, size2);
  const expected = shape.ranges.length;
  if (proof.length !== expected) {
    return reject(`proof has ${hashCount(proof.length)}, consistency from size ${size1} to size ${size2} needs ${expected}`);
  }
  const lengthProblem = wrongHashLength({ root1, root2 }, proof);
  if (lengthProblem !== undefined) return reject(lengthProblem);

  const seed = shape.startsFromOldRoot ? root1 : (proof[0] as Uint8Array);
  const firstSibling = shape.startsFromOldRoot ? 0 : 1;
  let oldRoot = seed;
  let newRoot = seed;
  for (let i = firstSibling; i < shape.ranges.length; i++) {
    const range = shape.ranges[i] as (typeof shape.ranges)[number];
    const hash = proof[i] as Uint8Array;
    if (range.start >= size1) {
      // Leaves appended after the old tree: part of the new root only.
      newRoot = nodeHash(newRoot, hash);
    } else {
      // Leaves on the left are shared, so both trees hash them in the same place.
      oldRoot = nodeHash(hash, oldRoot);
      newRoot = nodeHash(hash, newRoot);
    }
  }
  if (!bytesEqual(oldRoot, root1)) return reject(`proof does not lead to root1 of the tree of size ${size1}`);
  if (!bytesEqual(newRoot, root2)) return reject(`proof does not lead to root2 of the tree of size ${size2}`);
  return ACCEPTED;
};

const verifySameSize = (size: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): Verification => {
  if (proof.length > 0) return reject(`both sizes are ${size}, so the proof must be empty, but it has ${hashCount(proof.length)}`);
  if (size === 0) return requireEmptyRoots({ root1, root2 });
  return bytesEqual(root1, root2) ? ACCEPTED : reject(`both sizes are ${size}, but root1 and root2 differ`);
};

const verifyFromEmpty = (root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): Verification => {
  if (proof.length > 0) return reject(`every tree extends the empty tree, so the proof must be empty, but it has ${hashCount(proof.length)}`);
  if (root2.length !== HASH_SIZE) return reject(`root2 is ${root2.length} bytes, not ${HASH_SIZE}`);
  return requireEmptyRoots({ root1 });
};

// The empty tree has exactly one root, so a claimed root for size 0 is checkable without any proof.
const requireEmptyRoots = (roots: Readonly<Record<string, Uint8Array>>): Verification => {
  const empty = emptyRoot();
  for (const [name, root] of Object.entries(roots)) {
    if (!bytesEqual(root, empty)) return reject(`${name} is for a tree of size 0, so it must be SHA-256(""), and it is not`);
  }
  return ACCEPTED;
};
