/**
 * Merkle roots of several disjoint leaf ranges, computed while leaf hashes stream past in order. Every
 * hash of an inclusion or consistency proof is the root of one such range (RFC 9162 §2.1.3–2.1.4), so a
 * proof over a ledger of any size needs one pass over its records and O(log n) memory, not the list of
 * all leaf hashes that `inclusionProof` and `consistencyProof` take.
 */
import { createRootAccumulator, type RootAccumulator } from './merkle.js';
import { consistencyShape, inclusionPath, type LeafRange } from './proofShape.js';

/** Takes leaf hashes 0, 1, 2, … in order and gives the roots of its ranges once the last range is complete. */
export interface RangeRoots {
  /** Number of leaf hashes appended so far. */
  readonly size: number;
  /** Appends the next leaf hash. */
  append(leafHash: Uint8Array): void;
  /** The root of each range, in the order the ranges were given. Throws `RangeError` while one is incomplete. */
  roots(): Uint8Array[];
}

/**
 * Creates a {@link RangeRoots} for `ranges`, which must not overlap. Each leaf costs O(1) besides its share
 * of the one accumulator open at a time; leaves outside every range are skipped.
 */
export const createRangeRoots = (ranges: readonly LeafRange[]): RangeRoots => {
  const order = ranges.map((_, i) => i).sort((a, b) => (ranges[a] as LeafRange).start - (ranges[b] as LeafRange).start);
  order.forEach((at, i) => {
    const next = order[i + 1];
    if (next !== undefined && (ranges[at] as LeafRange).end > (ranges[next] as LeafRange).start) throw new RangeError('leaf ranges overlap');
  });
  const roots: (Uint8Array | undefined)[] = ranges.map(() => undefined);
  let cursor = 0;
  let open: RootAccumulator | undefined;
  let size = 0;
  return {
    get size() {
      return size;
    },
    append(hash) {
      const index = size;
      size += 1;
      const at = order[cursor];
      if (at === undefined) return;
      const range = ranges[at] as LeafRange;
      if (index < range.start) return;
      open ??= createRootAccumulator();
      open.append(hash);
      if (index + 1 === range.end) {
        roots[at] = open.root();
        open = undefined;
        cursor += 1;
      }
    },
    roots() {
      return roots.map((root, i) => {
        if (root === undefined) throw new RangeError(`range [${ranges[i]?.start}, ${ranges[i]?.end}) has not been fully appended`);
        return root;
      });
    },
  };
};

/**
 * Collects the inclusion proof of leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1),
 * leaf end first, from leaves streamed in order. Requires 0 ≤ index < size.
 */
export const inclusionProofCollector = (index: number, size: number): RangeRoots => createRangeRoots(inclusionPath(index, size));

/**
 * Collects the consistency proof from the tree of `size1` leaves to that of `size2` (RFC 9162 §2.1.4.1)
 * from leaves streamed in order; empty when size1 is 0 or equals size2. Requires 0 ≤ size1 ≤ size2.
 */
export const consistencyProofCollector = (size1: number, size2: number): RangeRoots =>
  createRangeRoots(size1 === 0 || size1 === size2 ? [] : consistencyShape(size1, size2).ranges);
