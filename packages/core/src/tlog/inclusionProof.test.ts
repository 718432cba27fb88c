import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { inclusionProof, verifyInclusion, type InclusionClaim } from './inclusionProof.js';
import { emptyRoot, leafHash, merkleRoot } from './merkle.js';
import { byteLeafHashes, inclusionVectors, referenceInclusionProof, rootVectors, toHexes } from '../testing/merkleReference.js';

const vectors = inclusionVectors();

describe('verifyInclusion against the transparency-dev vectors', () => {
  it('finds the vector files', () => {
    expect(vectors.length).toBeGreaterThan(80);
    expect(vectors.filter((v) => !v.wantErr).length).toBeGreaterThanOrEqual(6);
  });

  it.each(vectors)('$file', (vector) => {
    const result = verifyInclusion({ index: vector.index, size: vector.size, leafHash: vector.leafHash, proof: vector.proof, root: vector.root });
    expect(E.isRight(result), JSON.stringify(result)).toBe(!vector.wantErr);
  });

  // The numbered folders' honest proofs are over the roots.json leaves, so our generator must reproduce them.
  it('generates exactly the happy-path proofs over the roots.json leaves', () => {
    const hashes = rootVectors().leaves.map(leafHash);
    const happy = vectors.filter((v) => /^inclusion\/\d+\/happy-path\.json$/.test(v.file));
    expect(happy.length).toBe(5);
    for (const vector of happy) {
      expect(vector.leafHash, vector.file).toEqual(hashes[vector.index]);
      expect(merkleRoot(hashes.slice(0, vector.size)), vector.file).toEqual(vector.root);
      expect(toHexes(inclusionProof(hashes, vector.index, vector.size)), vector.file).toEqual(toHexes(vector.proof));
    }
  });
});

describe('inclusionProof', () => {
  const hashes = byteLeafHashes(64);

  it('proves every leaf of every tree of size 1..64, as the RFC defines the path, and verifies', () => {
    for (let size = 1; size <= 64; size++) {
      const root = merkleRoot(hashes.slice(0, size));
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(hashes, index, size);
        expect(toHexes(proof)).toEqual(toHexes(referenceInclusionProof(index, hashes.slice(0, size))));
        expect(verifyInclusion({ index, size, leafHash: hashes[index] as Uint8Array, proof, root })).toEqual(E.right(undefined));
      }
    }
  });

  it('refuses indices and sizes it cannot prove', () => {
    expect(() => inclusionProof(hashes, 0, 0)).toThrow(RangeError);
    expect(() => inclusionProof(hashes, 5, 5)).toThrow(RangeError);
    expect(() => inclusionProof(hashes, -1, 5)).toThrow(RangeError);
    expect(() => inclusionProof(hashes, 0, 65)).toThrow(RangeError);
    expect(() => inclusionProof(hashes, 1.5, 5)).toThrow(RangeError);
  });
});

describe('verifyInclusion', () => {
  const hashes = byteLeafHashes(8);
  const claim = (index: number, size: number): InclusionClaim => ({
    index,
    size,
    leafHash: hashes[index] as Uint8Array,
    proof: inclusionProof(hashes, index, size),
    root: merkleRoot(hashes.slice(0, size)),
  });

  it('says in plain words what is wrong', () => {
    expect(verifyInclusion({ ...claim(4, 5), proof: [...claim(4, 5).proof, emptyRoot(), emptyRoot()] })).toEqual(E.left({ reason: 'proof has 3 hashes, a tree of size 5 needs 1 for index 4' }));
    expect(verifyInclusion({ ...claim(4, 5), index: 5 })).toEqual(E.left({ reason: 'index 5 is not inside a tree of size 5' }));
    expect(verifyInclusion({ ...claim(4, 5), leafHash: new Uint8Array(9) })).toEqual(E.left({ reason: 'leaf hash is 9 bytes, not 32' }));
    expect(verifyInclusion({ ...claim(4, 5), root: new Uint8Array(0) })).toEqual(E.left({ reason: 'root is 0 bytes, not 32' }));
    expect(verifyInclusion({ ...claim(1, 5), proof: [new Uint8Array(32), new Uint8Array(31), new Uint8Array(32)] })).toEqual(E.left({ reason: 'proof hash 1 is 31 bytes, not 32' }));
    expect(verifyInclusion({ ...claim(1, 5), root: emptyRoot() })).toEqual(E.left({ reason: 'proof does not lead to the given root of the tree of size 5' }));
  });

  it('rejects sizes and indices that are not whole numbers', () => {
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 64]) {
      expect(E.isRight(verifyInclusion({ ...claim(0, 1), index: bad }))).toBe(false);
      expect(E.isRight(verifyInclusion({ ...claim(0, 1), size: bad }))).toBe(false);
    }
  });

  it('rejects every tree of size 0', () => {
    expect(E.isRight(verifyInclusion({ index: 0, size: 0, leafHash: emptyRoot(), proof: [], root: emptyRoot() }))).toBe(false);
  });
});

describe('verifyInclusion rejects mutated proofs (property)', () => {
  const hashes = byteLeafHashes(1024);
  const otherHash = leafHash(Uint8Array.of(1, 2, 3));
  const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
    const copy = Uint8Array.from(bytes);
    copy[(bit >> 3) % copy.length] = (copy[(bit >> 3) % copy.length] as number) ^ (1 << (bit & 7));
    return copy;
  };

  const mutations = (good: InclusionClaim, at: number, bit: number): [string, InclusionClaim][] => {
    const { index, size, proof, root } = good;
    const slot = proof.length === 0 ? 0 : at % proof.length;
    const list: [string, InclusionClaim][] = [
      ['index + 1', { ...good, index: index + 1 }],
      ['index ^ 2', { ...good, index: index ^ 2 }],
      ['size * 2', { ...good, size: size * 2 }],
      ['size / 2', { ...good, size: Math.floor(size / 2) }],
      ['wrong root', { ...good, root: flipBit(root, bit) }],
      ['empty-tree root', { ...good, root: emptyRoot() }],
      ['wrong leaf', { ...good, leafHash: flipBit(good.leafHash, bit) }],
      ['other leaf', { ...good, leafHash: otherHash }],
      ['leading empty hash', { ...good, proof: [new Uint8Array(0), ...proof] }],
      ['leading root', { ...good, proof: [root, ...proof] }],
      ['trailing empty hash', { ...good, proof: [...proof, new Uint8Array(0)] }],
      ['trailing root', { ...good, proof: [...proof, root] }],
      ['hash inserted', { ...good, proof: [...proof.slice(0, slot), otherHash, ...proof.slice(slot)] }],
    ];
    if (index > 0) list.push(['index - 1', { ...good, index: index - 1 }]);
    if (proof.length > 0) {
      list.push(
        ['hash removed', { ...good, proof: proof.filter((_, i) => i !== slot) }],
        ['bit flipped', { ...good, proof: proof.map((h, i) => (i === slot ? flipBit(h, bit) : h)) }],
        ['hash truncated', { ...good, proof: proof.map((h, i) => (i === slot ? h.subarray(0, 31) : h)) }],
        ['hash extended', { ...good, proof: proof.map((h, i) => (i === slot ? Uint8Array.of(...h, 0) : h)) }],
      );
    }
    if (proof.length > 1) list.push(['hashes swapped', { ...good, proof: [proof[1] as Uint8Array, proof[0] as Uint8Array, ...proof.slice(2)] }]);
    return list;
  };

  it('accepts the honest proof and rejects each mutation', () => {
    const sizeAndIndex = fc.integer({ min: 1, max: 1024 }).chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 })));
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), fc.nat({ max: 255 }), ([size, index], at, bit) => {
        const good: InclusionClaim = {
          index,
          size,
          leafHash: hashes[index] as Uint8Array,
          proof: inclusionProof(hashes, index, size),
          root: merkleRoot(hashes.slice(0, size)),
        };
        expect(verifyInclusion(good)).toEqual(E.right(undefined));
        for (const [name, mutated] of mutations(good, at, bit)) {
          expect(E.isRight(verifyInclusion(mutated)), `${name} for index ${index} of ${size}`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
