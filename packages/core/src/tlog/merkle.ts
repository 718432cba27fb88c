/**
 * The Merkle Tree Hash of RFC 6962 §2.1 (RFC 9162 §2.1.1) with SHA-256, over entries that are already
 * leaf-hashed: the ledger stores leaf hashes, never rebuilds them.
 */
import { sha256 } from './crypto.js';

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

// Domain-separation prefixes: without them a leaf could be passed off as an inner node (second preimage).
/** The byte before a leaf's input in its hash (RFC 6962 §2.1); inner nodes have 0x01. */
export const LEAF_PREFIX = 0x00;
const LEAF_PREFIX_BYTES = Uint8Array.of(LEAF_PREFIX);
const NODE_PREFIX_BYTES = Uint8Array.of(0x01);
const NODE_INPUT = new Uint8Array(1 + 2 * HASH_SIZE);
NODE_INPUT[0] = 0x01;

/** Hash of a leaf entry: SHA-256(0x00 ‖ leaf). */
export const leafHash = (leaf: Uint8Array): Uint8Array => sha256(LEAF_PREFIX_BYTES, leaf);

/**
 * Hash of an inner node: SHA-256(0x01 ‖ left ‖ right). The 65 input bytes are written into one array and
 * hashed at once: a verifier makes one of these per record, and a hash object fed three parts costs about
 * three times a one-shot digest of the same bytes.
 */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256(NODE_PREFIX_BYTES, left, right);
  // One scratch array, reused: the digest is taken before this returns, and a fresh 65-byte array would
  // live outside V8's heap (larger than 64 bytes), which costs more to allocate than the hash itself.
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return sha256(NODE_INPUT);
};

/** Root of the empty tree: SHA-256 of the empty string. */
export const emptyRoot = (): Uint8Array => sha256();

/** True when `n` can be a tree size or a leaf index: a non-negative safe integer. */
export const isTreeSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * Largest power of two strictly below `n` (n ≥ 2): where RFC 6962 splits a tree of n leaves.
 * Multiplies instead of shifting because JavaScript shifts wrap at 2^31.
 */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/**
 * Incremental Merkle Tree Hash: leaf hashes go in one at a time, the root of everything so far comes out.
 * Memory is the right border of the tree, one hash per set bit of the size (O(log n)).
 */
export interface RootAccumulator {
  /** Number of leaf hashes appended so far. */
  readonly size: number;
  /** Appends the next leaf hash; throws `RangeError` unless it is {@link HASH_SIZE} bytes. */
  append(leafHash: Uint8Array): void;
  /** Merkle Tree Hash of the leaves appended so far ({@link emptyRoot} when none). */
  root(): Uint8Array;
}

/**
 * Creates an empty {@link RootAccumulator}. `border[i]` is the root of a perfect subtree, largest first,
 * exactly as the binary digits of `size` describe it; appending a leaf merges equal-sized neighbours the
 * way adding 1 carries through trailing one bits. Amortised O(1) hashes per append.
 */
export const createRootAccumulator = (): RootAccumulator => {
  const border: Uint8Array[] = [];
  let size = 0;
  return {
    get size() {
      return size;
    },
    append(hash) {
      if (hash.length !== HASH_SIZE) throw new RangeError(`leaf hash ${size} is ${hash.length} bytes, not ${HASH_SIZE}`);
      // A copy, so a caller reusing its buffer for the next record cannot rewrite history.
      let merged: Uint8Array = Uint8Array.from(hash);
      for (let carry = size; carry % 2 === 1; carry = Math.floor(carry / 2)) {
        // The border is non-empty while a carry remains: each odd bit of the size owns one entry.
        merged = nodeHash(border.pop() as Uint8Array, merged);
      }
      border.push(merged);
      size += 1;
    },
    root() {
      const last = border[border.length - 1];
      if (last === undefined) return emptyRoot();
      let root = last;
      // Smaller subtrees hang off the right of larger ones (RFC 6962's split at the largest power of two).
      for (let i = border.length - 2; i >= 0; i--) root = nodeHash(border[i] as Uint8Array, root);
      // Never hand out the border's own array: a caller writing into it would corrupt later roots.
      return root === last ? Uint8Array.from(last) : root;
    },
  };
};

/**
 * Merkle Tree Hash of `leafHashes[start..end)` taken as a tree of its own (RFC 9162 §2.1.1's MTH(D[start:end])).
 * O(end − start) hashes, O(log n) memory, no recursion.
 */
export const rangeRoot = (leafHashes: readonly Uint8Array[], start: number, end: number): Uint8Array => {
  if (!(isTreeSize(start) && isTreeSize(end) && start <= end && end <= leafHashes.length)) {
    throw new RangeError(`range [${start}, ${end}) is not inside ${leafHashes.length} leaf hashes`);
  }
  const accumulator = createRootAccumulator();
  for (let i = start; i < end; i++) accumulator.append(leafHashes[i] as Uint8Array);
  return accumulator.root();
};

/** Merkle Tree Hash of a whole list of leaf hashes (MTH(D[n]) of RFC 9162 §2.1.1). O(n) hashes, no recursion. */
export const merkleRoot = (leafHashes: readonly Uint8Array[]): Uint8Array => rangeRoot(leafHashes, 0, leafHashes.length);
