import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { consistencyProof, verifyConsistency, type ConsistencyClaim } from './consistencyProof.js';
import { emptyRoot, leafHash, merkleRoot } from './merkle.js';
import { byteLeafHashes, consistencyVectors, referenceConsistencyProof, rootVectors, toHexes } from '../testing/merkleReference.js';

const vectors = consistencyVectors();

describe('verifyConsistency against the transparency-dev vectors', () => {
  it('finds the vector files', () => {
    expect(vectors.length).toBeGreaterThan(80);
    expect(vectors.filter((v) => !v.wantErr).length).toBeGreaterThanOrEqual(6);
  });

  it.each(vectors)('$file', (vector) => {
    const result = verifyConsistency({ size1: vector.size1, size2: vector.size2, root1: vector.root1, root2: vector.root2, proof: vector.proof });
    expect(E.isRight(result), JSON.stringify(result)).toBe(!vector.wantErr);
  });

  // The numbered folders' honest proofs are over the roots.json leaves, so our generator must reproduce them.
  it('generates exactly the happy-path proofs over the roots.json leaves', () => {
    const hashes = rootVectors().leaves.map(leafHash);
    const happy = vectors.filter((v) => /^consistency\/\d+\/happy-path\.json$/.test(v.file));
    expect(happy.length).toBe(5);
    for (const vector of happy) {
      expect(merkleRoot(hashes.slice(0, vector.size1)), vector.file).toEqual(vector.root1);
      expect(merkleRoot(hashes.slice(0, vector.size2)), vector.file).toEqual(vector.root2);
      expect(toHexes(consistencyProof(hashes, vector.size1, vector.size2)), vector.file).toEqual(toHexes(vector.proof));
    }
  });
});

describe('consistencyProof', () => {
  const hashes = byteLeafHashes(64);
  const roots = Array.from({ length: 65 }, (_, size) => merkleRoot(hashes.slice(0, size)));

  it('proves every pair of tree sizes 0 ≤ size1 ≤ size2 ≤ 64, as the RFC defines the proof, and verifies', () => {
    for (let size2 = 0; size2 <= 64; size2++) {
      for (let size1 = 0; size1 <= size2; size1++) {
        const proof = consistencyProof(hashes, size1, size2);
        const expected = size1 === 0 ? [] : referenceConsistencyProof(size1, hashes.slice(0, size2));
        expect(toHexes(proof), `${size1} → ${size2}`).toEqual(toHexes(expected));
        const result = verifyConsistency({ size1, size2, root1: roots[size1] as Uint8Array, root2: roots[size2] as Uint8Array, proof });
        expect(result, `${size1} → ${size2}`).toEqual(E.right(undefined));
      }
    }
  });

  it('refuses sizes it cannot prove', () => {
    expect(() => consistencyProof(hashes, 5, 4)).toThrow(RangeError);
    expect(() => consistencyProof(hashes, 1, 65)).toThrow(RangeError);
    expect(() => consistencyProof(hashes, -1, 4)).toThrow(RangeError);
    expect(() => consistencyProof(hashes, 1, 4.5)).toThrow(RangeError);
  });
});

describe('verifyConsistency', () => {
  const hashes = byteLeafHashes(8);
  const root = (size: number): Uint8Array => merkleRoot(hashes.slice(0, size));
  const claim = (size1: number, size2: number): ConsistencyClaim => ({
    size1,
    size2,
    root1: root(size1),
    root2: root(size2),
    proof: consistencyProof(hashes, size1, size2),
  });

  it('says in plain words what is wrong', () => {
    const reason = (c: ConsistencyClaim): string | undefined => {
      const result = verifyConsistency(c);
      return E.isRight(result) ? undefined : result.left.reason;
    };
    expect(reason({ ...claim(3, 7), size1: 8 })).toBe('size1 8 is larger than size2 7, but a log only grows');
    expect(reason({ ...claim(3, 7), proof: claim(3, 7).proof.slice(1) })).toBe('proof has 3 hashes, consistency from size 3 to size 7 needs 4');
    expect(reason({ ...claim(5, 5), proof: [root(5)] })).toBe('both sizes are 5, so the proof must be empty, but it has 1 hash');
    expect(reason({ ...claim(5, 5), root2: root(4) })).toBe('both sizes are 5, but root1 and root2 differ');
    expect(reason({ ...claim(0, 5), proof: [root(5)] })).toBe('every tree extends the empty tree, so the proof must be empty, but it has 1 hash');
    expect(reason({ ...claim(0, 5), root1: root(5) })).toBe('root1 is for a tree of size 0, so it must be SHA-256(""), and it is not');
    expect(reason({ ...claim(3, 7), root2: new Uint8Array(9) })).toBe('root2 is 9 bytes, not 32');
    expect(reason({ ...claim(3, 7), root1: root(2) })).toBe('proof does not lead to root1 of the tree of size 3');
    expect(reason({ ...claim(4, 7), root2: root(6) })).toBe('proof does not lead to root2 of the tree of size 7');
  });

  it('treats the empty tree strictly: its only root is SHA-256("")', () => {
    expect(verifyConsistency({ size1: 0, size2: 0, root1: emptyRoot(), root2: emptyRoot(), proof: [] })).toEqual(E.right(undefined));
    expect(E.isRight(verifyConsistency({ size1: 0, size2: 0, root1: root(1), root2: root(1), proof: [] }))).toBe(false);
    expect(verifyConsistency({ size1: 0, size2: 3, root1: emptyRoot(), root2: root(3), proof: [] })).toEqual(E.right(undefined));
    expect(E.isRight(verifyConsistency({ size1: 0, size2: 3, root1: emptyRoot(), root2: new Uint8Array(31), proof: [] }))).toBe(false);
  });

  it('rejects sizes that are not whole numbers', () => {
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 64]) {
      expect(E.isRight(verifyConsistency({ ...claim(3, 7), size1: bad }))).toBe(false);
      expect(E.isRight(verifyConsistency({ ...claim(3, 7), size2: bad }))).toBe(false);
    }
  });
});

describe('verifyConsistency rejects mutated proofs (property)', () => {
  const hashes = byteLeafHashes(1024);
  const otherHash = leafHash(Uint8Array.of(1, 2, 3));
  const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
    const copy = Uint8Array.from(bytes);
    copy[(bit >> 3) % copy.length] = (copy[(bit >> 3) % copy.length] as number) ^ (1 << (bit & 7));
    return copy;
  };

  // Only non-trivial proofs (0 < size1 < size2), as in transparency-dev: the trivial ones have nothing to mutate.
  const mutations = (good: ConsistencyClaim, at: number, bit: number): [string, ConsistencyClaim][] => {
    const { size1, size2, root1, root2, proof } = good;
    const slot = at % proof.length;
    return [
      ['size1 - 1', { ...good, size1: size1 - 1 }],
      ['size1 + 1', { ...good, size1: size1 + 1 }],
      ['size1 ^ 2', { ...good, size1: size1 ^ 2 }],
      ['size2 * 2', { ...good, size2: size2 * 2 }],
      ['size2 / 2', { ...good, size2: Math.floor(size2 / 2) }],
      ['size1 > size2', { ...good, size1: size2 + 1 + (at % 5) }],
      ['sizes swapped', { ...good, size1: size2, size2: size1 }],
      ['wrong root1', { ...good, root1: flipBit(root1, bit) }],
      ['wrong root2', { ...good, root2: flipBit(root2, bit) }],
      ['roots swapped', { ...good, root1: root2, root2: root1 }],
      ['short root1', { ...good, root1: root1.subarray(1) }],
      ['empty proof', { ...good, proof: [] }],
      ['leading empty hash', { ...good, proof: [new Uint8Array(0), ...proof] }],
      ['leading root1', { ...good, proof: [root1, ...proof] }],
      ['leading root2', { ...good, proof: [root2, ...proof] }],
      ['leading copy of proof[0]', { ...good, proof: [proof[0] as Uint8Array, ...proof] }],
      ['trailing empty hash', { ...good, proof: [...proof, new Uint8Array(0)] }],
      ['trailing root1', { ...good, proof: [...proof, root1] }],
      ['trailing root2', { ...good, proof: [...proof, root2] }],
      ['truncated', { ...good, proof: proof.slice(0, -1) }],
      ['hash inserted', { ...good, proof: [...proof.slice(0, slot), otherHash, ...proof.slice(slot)] }],
      ['hash removed', { ...good, proof: proof.filter((_, i) => i !== slot) }],
      ['bit flipped', { ...good, proof: proof.map((h, i) => (i === slot ? flipBit(h, bit) : h)) }],
      ['hash truncated', { ...good, proof: proof.map((h, i) => (i === slot ? h.subarray(0, 31) : h)) }],
      ['hash extended', { ...good, proof: proof.map((h, i) => (i === slot ? Uint8Array.of(...h, 0) : h)) }],
    ];
  };

  it('accepts the honest proof and rejects each mutation', () => {
    const sizes = fc.integer({ min: 2, max: 1024 }).chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 - 1 }), fc.constant(size2)));
    fc.assert(
      fc.property(sizes, fc.nat(), fc.nat({ max: 255 }), ([size1, size2], at, bit) => {
        const good: ConsistencyClaim = {
          size1,
          size2,
          root1: merkleRoot(hashes.slice(0, size1)),
          root2: merkleRoot(hashes.slice(0, size2)),
          proof: consistencyProof(hashes, size1, size2),
        };
        expect(verifyConsistency(good)).toEqual(E.right(undefined));
        for (const [name, mutated] of mutations(good, at, bit)) {
          expect(E.isRight(verifyConsistency(mutated)), `${name} for ${size1} → ${size2}`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
