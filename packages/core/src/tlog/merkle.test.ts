import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRootAccumulator, emptyRoot, leafHash, merkleRoot, nodeHash, rangeRoot, splitPoint } from './merkle.js';
import { byteLeafHashes, referenceRoot, rootVectors } from '../testing/merkleReference.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree, a leaf and a node with their domain prefixes', () => {
    const sha256 = (...bytes: number[]): string => createHash('sha256').update(Uint8Array.from(bytes)).digest('hex');
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // SHA-256(0x00): the root of a one-leaf tree over the empty leaf, as roots.json says.
    expect(hex(leafHash(new Uint8Array()))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(hex(leafHash(Uint8Array.of(7, 8)))).toBe(sha256(0x00, 7, 8));
    const l = leafHash(Uint8Array.of(0));
    const r = leafHash(Uint8Array.of(1));
    expect(hex(nodeHash(l, r))).toBe(sha256(0x01, ...l, ...r));
    expect(hex(nodeHash(l, r))).not.toBe(hex(nodeHash(r, l)));
    // Domain separation: two children taken as one leaf do not hash like their parent node.
    expect(hex(leafHash(Uint8Array.of(...l, ...r)))).not.toBe(hex(nodeHash(l, r)));
  });

  it('hashes any two children as SHA-256(0x01 ‖ left ‖ right), whatever their lengths, and no result changes with the next', () => {
    const reference = (l: Uint8Array, r: Uint8Array): string => createHash('sha256').update(Uint8Array.of(0x01)).update(l).update(r).digest('hex');
    fc.assert(
      fc.property(fc.oneof(hash32, fc.uint8Array({ maxLength: 70 })), fc.oneof(hash32, fc.uint8Array({ maxLength: 70 })), hash32, hash32, (l, r, l2, r2) => {
        const first = nodeHash(l, r);
        const firstHex = hex(first);
        expect(firstHex).toBe(reference(l, r));
        // The 65 input bytes go through one reused array: a later call must not reach an earlier result.
        expect(hex(nodeHash(l2, r2))).toBe(reference(l2, r2));
        expect(hex(first)).toBe(firstHex);
        expect(Object.getPrototypeOf(first)).toBe(Uint8Array.prototype);
      }),
      { numRuns: 500 },
    );
  });

  it('returns plain Uint8Arrays, not Buffers', () => {
    expect(Object.getPrototypeOf(leafHash(new Uint8Array()))).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf(emptyRoot())).toBe(Uint8Array.prototype);
  });

  it('splits a tree at the largest power of two below its size, beyond 32-bit shifts', () => {
    expect([2, 3, 4, 5, 8, 9, 1000].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 512]);
    expect(splitPoint(2 ** 40 + 1)).toBe(2 ** 40);
    expect(splitPoint(2 ** 40)).toBe(2 ** 39);
    expect(splitPoint(Number.MAX_SAFE_INTEGER)).toBe(2 ** 52);
  });
});

describe('merkleRoot', () => {
  const { leaves, roots } = rootVectors();

  it.each(roots.map((root, size) => ({ size, root })))('matches roots.json for size $size', ({ size, root }) => {
    expect(hex(merkleRoot(leaves.slice(0, size).map(leafHash)))).toBe(hex(root));
  });

  it('matches the recursive RFC definition for every size 0..300', () => {
    const hashes = byteLeafHashes(300);
    for (let size = 0; size <= 300; size++) expect(hex(merkleRoot(hashes.slice(0, size)))).toBe(hex(referenceRoot(hashes.slice(0, size))));
  });

  it('hashes ranges as trees of their own', () => {
    const hashes = byteLeafHashes(20);
    expect(rangeRoot(hashes, 5, 5)).toEqual(emptyRoot());
    expect(rangeRoot(hashes, 5, 6)).toEqual(hashes[5]);
    expect(rangeRoot(hashes, 3, 17)).toEqual(referenceRoot(hashes.slice(3, 17)));
    expect(() => rangeRoot(hashes, 6, 5)).toThrow(RangeError);
    expect(() => rangeRoot(hashes, 0, 21)).toThrow(RangeError);
    expect(() => rangeRoot(hashes, -1, 2)).toThrow(RangeError);
    expect(() => rangeRoot(hashes, 0.5, 2)).toThrow(RangeError);
  });

  it('rejects leaf hashes that are not 32 bytes', () => {
    expect(() => merkleRoot([new Uint8Array(31)])).toThrow(RangeError);
    expect(() => merkleRoot([new Uint8Array(32), new Uint8Array(33)])).toThrow(/leaf hash 1 is 33 bytes/);
  });

  // Identical leaves make the expected root computable without building the tree: a perfect tree of 2^k
  // equal leaves hashes its leaf k times with itself, and any size needs only one root per distinct subtree size.
  it('handles a million leaves without recursion', () => {
    const leaf = leafHash(Uint8Array.of(42));
    let perfect = leaf;
    for (let level = 0; level < 16; level++) perfect = nodeHash(perfect, perfect);
    expect(hex(merkleRoot(new Array<Uint8Array>(2 ** 16).fill(leaf)))).toBe(hex(perfect));

    const memo = new Map<number, Uint8Array>([[1, leaf]]);
    const rootOfEqualLeaves = (n: number): Uint8Array => {
      const known = memo.get(n);
      if (known !== undefined) return known;
      const k = splitPoint(n);
      const root = nodeHash(rootOfEqualLeaves(k), rootOfEqualLeaves(n - k));
      memo.set(n, root);
      return root;
    };
    expect(hex(merkleRoot(new Array<Uint8Array>(1_000_000).fill(leaf)))).toBe(hex(rootOfEqualLeaves(1_000_000)));
  });
});

describe('createRootAccumulator', () => {
  it('starts empty, with the empty root', () => {
    const accumulator = createRootAccumulator();
    expect(accumulator.size).toBe(0);
    expect(accumulator.root()).toEqual(emptyRoot());
  });

  it('gives the same root as merkleRoot at every size 0..300 while streaming', () => {
    const hashes = byteLeafHashes(300);
    const accumulator = createRootAccumulator();
    for (let size = 0; size <= 300; size++) {
      expect(accumulator.size).toBe(size);
      expect(hex(accumulator.root())).toBe(hex(merkleRoot(hashes.slice(0, size))));
      const next = hashes[size];
      if (next !== undefined) accumulator.append(next);
    }
  });

  it('matches roots.json', () => {
    const { leaves, roots } = rootVectors();
    const accumulator = createRootAccumulator();
    roots.forEach((root, size) => {
      expect(hex(accumulator.root())).toBe(hex(root));
      const leaf = leaves[size];
      if (leaf !== undefined) accumulator.append(leafHash(leaf));
    });
  });

  it('equals the recursive definition for random leaf hashes and sizes (property)', () => {
    fc.assert(
      fc.property(fc.array(hash32, { maxLength: 600 }), (hashes) => {
        const accumulator = createRootAccumulator();
        for (const hash of hashes) accumulator.append(hash);
        expect(accumulator.size).toBe(hashes.length);
        expect(hex(accumulator.root())).toBe(hex(referenceRoot(hashes)));
        expect(hex(accumulator.root())).toBe(hex(merkleRoot(hashes)));
      }),
      { numRuns: 200 },
    );
  });

  it('is not disturbed by callers writing into arrays they passed in or got back', () => {
    const expected = hex(merkleRoot(byteLeafHashes(8)));
    const accumulator = createRootAccumulator();
    for (const hash of byteLeafHashes(8)) {
      const reused = Uint8Array.from(hash);
      accumulator.append(reused);
      reused.fill(0);
    }
    expect(hex(accumulator.root())).toBe(expected);
    accumulator.root().fill(0);
    expect(hex(accumulator.root())).toBe(expected);
  });

  it('rejects a leaf hash that is not 32 bytes, and stays usable', () => {
    const accumulator = createRootAccumulator();
    expect(() => accumulator.append(new Uint8Array(0))).toThrow(/leaf hash 0 is 0 bytes, not 32/);
    expect(accumulator.size).toBe(0);
    expect(accumulator.root()).toEqual(emptyRoot());
  });
});
