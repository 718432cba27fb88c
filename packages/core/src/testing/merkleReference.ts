/**
 * Test-only support for the audit tests: the RFC 6962 vector files, and the RFC's recursive definitions
 * written out literally, as an oracle independent of the iterative code under test. Not exported by the
 * package; reads files, which nothing else in core does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { leafHash, nodeHash, emptyRoot, splitPoint } from '../tlog/merkle.js';

// The transparency-dev vectors are kept in the package (testdata/rfc6962, with their LICENSE), two
// folders above this file's folder, so a clone needs nothing beside it.
const vectorsDirectory = fileURLToPath(new URL('../../testdata/rfc6962/', import.meta.url));

const readJson = (relativePath: string): unknown => JSON.parse(readFileSync(`${vectorsDirectory}${relativePath}`, 'utf8'));

const bytes = (base64: string): Uint8Array => Uint8Array.from(Buffer.from(base64, 'base64'));
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

/** `roots.json`: eight leaf inputs and the roots of the trees over the first 0..8 of them. */
export const rootVectors = (): { leaves: Uint8Array[]; roots: Uint8Array[] } => {
  const raw = readJson('roots.json') as { leafInputsHex: string[]; rootHashesHexBySize: string[] };
  return { leaves: raw.leafInputsHex.map(hex), roots: raw.rootHashesHexBySize.map(hex) };
};

/** One file of `inclusion/*\/*.json`, decoded. */
export interface InclusionVector {
  readonly file: string;
  readonly index: number;
  readonly size: number;
  readonly root: Uint8Array;
  readonly leafHash: Uint8Array;
  readonly proof: Uint8Array[];
  readonly wantErr: boolean;
}

/** One file of `consistency/*\/*.json`, decoded. */
export interface ConsistencyVector {
  readonly file: string;
  readonly size1: number;
  readonly size2: number;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: Uint8Array[];
  readonly wantErr: boolean;
}

const vectorFiles = (kind: string): string[] =>
  readdirSync(`${vectorsDirectory}${kind}`, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.json'))
    .map((path) => `${kind}/${path}`)
    .sort();

/**
 * Every inclusion vector. Indices beyond 2^53 (the Go tests' `0 - 1` wrapping to 2^64 − 1) arrive as
 * inexact JSON numbers, which the verifier must reject like any other bad index.
 */
export const inclusionVectors = (): InclusionVector[] =>
  vectorFiles('inclusion').map((file) => {
    const raw = readJson(file) as { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean };
    return {
      file,
      index: raw.leafIdx,
      size: raw.treeSize,
      root: bytes(raw.root),
      leafHash: bytes(raw.leafHash),
      proof: (raw.proof ?? []).map(bytes),
      wantErr: raw.wantErr,
    };
  });

/** Every consistency vector. */
export const consistencyVectors = (): ConsistencyVector[] =>
  vectorFiles('consistency').map((file) => {
    const raw = readJson(file) as { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean };
    return {
      file,
      size1: raw.size1,
      size2: raw.size2,
      root1: bytes(raw.root1),
      root2: bytes(raw.root2),
      proof: (raw.proof ?? []).map(bytes),
      wantErr: raw.wantErr,
    };
  });

/** Leaf hashes of `n` one-byte leaves 0, 1, 2, … (wrapping at 256). */
export const byteLeafHashes = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i % 256)));

/** MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it, recursively. */
export const referenceRoot = (hashes: readonly Uint8Array[]): Uint8Array => {
  if (hashes.length === 0) return emptyRoot();
  if (hashes.length === 1) return hashes[0] as Uint8Array;
  const k = splitPoint(hashes.length);
  return nodeHash(referenceRoot(hashes.slice(0, k)), referenceRoot(hashes.slice(k)));
};

/** PATH(m, D[n]) exactly as RFC 9162 §2.1.3.1 defines it, recursively. */
export const referenceInclusionProof = (m: number, hashes: readonly Uint8Array[]): Uint8Array[] => {
  if (hashes.length <= 1) return [];
  const k = splitPoint(hashes.length);
  return m < k
    ? [...referenceInclusionProof(m, hashes.slice(0, k)), referenceRoot(hashes.slice(k))]
    : [...referenceInclusionProof(m - k, hashes.slice(k)), referenceRoot(hashes.slice(0, k))];
};

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) exactly as RFC 9162 §2.1.4.1 defines it, recursively (0 < m ≤ n). */
export const referenceConsistencyProof = (m: number, hashes: readonly Uint8Array[]): Uint8Array[] => {
  const subproof = (m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] => {
    if (m === d.length) return b ? [] : [referenceRoot(d)];
    const k = splitPoint(d.length);
    return m <= k
      ? [...subproof(m, d.slice(0, k), b), referenceRoot(d.slice(k))]
      : [...subproof(m - k, d.slice(k), false), referenceRoot(d.slice(0, k))];
  };
  return subproof(m, hashes, true);
};

/** Lowercase hex, so failing comparisons print readably. */
export const toHexes = (hashes: readonly Uint8Array[]): string[] => hashes.map((h) => Buffer.from(h).toString('hex'));
