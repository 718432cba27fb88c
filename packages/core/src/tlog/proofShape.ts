/**
 * The shape of a proof: which subtree each hash stands for, and how many bytes each must have. The
 * generators hash these subtrees and the verifiers fold them in, so both sides agree on the shape of a
 * proof by construction (RFC 9162 §2.1.3.1, §2.1.4.1).
 */
import { HASH_SIZE, splitPoint } from './merkle.js';

/** The leaves `[start, end)` of a tree; a proof hash is the Merkle Tree Hash of one such range. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Siblings on the path from leaf `index` to the root of a tree of `size` leaves, leaf first: the ranges an
 * inclusion proof hashes, in proof order. Requires 0 ≤ index < size. O(log size).
 */
export const inclusionPath = (index: number, size: number): LeafRange[] => {
  const siblings: LeafRange[] = [];
  let start = 0;
  let end = size;
  // Walk down RFC 9162's PATH(m, D[n]): keep the half holding the leaf, record the other half.
  while (end - start > 1) {
    const middle = start + splitPoint(end - start);
    if (index < middle) {
      siblings.push({ start: middle, end });
      end = middle;
    } else {
      siblings.push({ start, end: middle });
      start = middle;
    }
  }
  return siblings.reverse();
};

/** The ranges of a consistency proof in proof order, and whether the proof leaves out the old root. */
export interface ConsistencyShape {
  /**
   * True when the old tree is itself a subtree of the new one, so the proof omits its hash: the verifier
   * already holds it as root1. Otherwise `ranges[0]` is the part of the old tree that the walk ends on.
   */
  readonly startsFromOldRoot: boolean;
  readonly ranges: readonly LeafRange[];
}

/**
 * Shape of the consistency proof between trees of `size1` and `size2` leaves. Requires 0 < size1 < size2.
 * Every range lies wholly inside the old tree or wholly after it, which is what lets a verifier rebuild
 * both roots from one list. O(log size2).
 */
export const consistencyShape = (size1: number, size2: number): ConsistencyShape => {
  const siblings: LeafRange[] = [];
  let start = 0;
  let end = size2;
  // Walk down RFC 9162's SUBPROOF(m, D[n], b) until the remaining node is exactly the old tree's end.
  while (end !== size1) {
    const middle = start + splitPoint(end - start);
    if (size1 <= middle) {
      siblings.push({ start: middle, end });
      end = middle;
    } else {
      siblings.push({ start, end: middle });
      start = middle;
    }
  }
  siblings.reverse();
  // start === 0 is RFC 9162's b = true: the walk never went right, so [0, size1) is a node of the new tree.
  if (start === 0) return { startsFromOldRoot: true, ranges: siblings };
  return { startsFromOldRoot: false, ranges: [{ start, end }, ...siblings] };
};

/**
 * Plain-words problem with the first hash that is not {@link HASH_SIZE} bytes, or `undefined` when all are.
 * Checked before any hashing: a short hash would otherwise just hash to a mismatch, hiding the real fault.
 */
export const wrongHashLength = (named: Readonly<Record<string, Uint8Array>>, proof: readonly Uint8Array[]): string | undefined => {
  for (const [name, hash] of Object.entries(named)) {
    if (hash.length !== HASH_SIZE) return `${name} is ${hash.length} bytes, not ${HASH_SIZE}`;
  }
  const bad = proof.findIndex((hash) => hash.length !== HASH_SIZE);
  if (bad >= 0) return `proof hash ${bad} is ${(proof[bad] as Uint8Array).length} bytes, not ${HASH_SIZE}`;
  return undefined;
};

/** "1 hash", "3 hashes": proof lengths in rejection reasons. */
export const hashCount = (n: number): string => (n === 1 ? '1 hash' : `${n} hashes`);
