import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../ledger/record.js';
import { DISTRICT, arbHistory, flipByte, impostor, ledgerWith, recordsOf, signer, verifier, verifierKey } from './auditFixtures.js';
import { checkpointOrigin, signCheckpoint } from './checkpoint.js';
import { consistencyProof } from './consistencyProof.js';
import { inclusionProof } from './inclusionProof.js';
import {
  consistencyEvidenceFromJson,
  consistencyEvidenceToJson,
  inclusionEvidenceFromJson,
  inclusionEvidenceToJson,
  proveConsistency,
  proveInclusion,
  verifyConsistencyAgainstCheckpoints,
  verifyInclusionAgainstCheckpoint,
  type InclusionEvidence,
} from './ledgerProofs.js';
import { merkleRoot } from './merkle.js';
import { recordLeafHash } from './recordLeaf.js';

const origin = checkpointOrigin('indicator-ledger', DISTRICT);
const noteOf = (records: readonly StoredRecord[], size: number, by = signer) =>
  signCheckpoint({ origin, size, root: merkleRoot(records.slice(0, size).map((r) => recordLeafHash(r.hash))) }, by);

const finance = { unit: 'finance', user: 'li.na' } as const;
const allocations = Array.from({ length: 13 }, (_, i) => ({
  type: 'FundsAllocated',
  district: DISTRICT,
  effectiveDate: '2023-05-01',
  recordedAt: `2023-05-${String(i + 1).padStart(2, '0')}T10:00:00+08:00`,
  actor: finance,
  source: `路南财〔2023〕${i + 1}号`,
  data: { allocationId: `CZ-2023-${i + 1}`, amountFen: 100_000 * (i + 1), purpose: 'st-project', recipient: `企业${i + 1}` },
}));

describe('proveInclusion', () => {
  it('gives the RFC 9162 audit path of the record, which verifies offline against the signed checkpoint (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(1, 25), fc.nat(), fc.nat(), async (history, a, b) => {
        const { store } = await ledgerWith(history.district, history.events);
        const records = await recordsOf(store);
        const size = 1 + (a % records.length);
        const position = 1 + (b % size);
        const evidence = await proveInclusion(store, DISTRICT, position, size);
        const leaves = records.map((r) => recordLeafHash(r.hash));
        expect(evidence).toEqual({ index: position - 1, size, leafHash: leaves[position - 1], proof: inclusionProof(leaves, position - 1, size) });
        const note = noteOf(records, size);
        const record = records[position - 1]!;
        for (const subject of [record, record.hash, Uint8Array.from(Buffer.from(record.hash, 'hex'))]) {
          expect(verifyInclusionAgainstCheckpoint(note, verifierKey, subject, evidence)).toMatchObject({ ok: true, checkpoint: { size } });
        }
        const fromJson = inclusionEvidenceFromJson(JSON.parse(JSON.stringify(inclusionEvidenceToJson(evidence))));
        expect(fromJson).toEqual({ ok: true, evidence });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses positions and sizes the stream has not had', async () => {
    const { store } = await ledgerWith(DISTRICT, allocations.slice(0, 4));
    for (const [position, size] of [[0, 4], [5, 4], [3, 2], [1, 5], [1.5, 4], [1, -1]] as const) {
      await expect(proveInclusion(store, DISTRICT, position, size), `${position}/${size}`).rejects.toThrow(RangeError);
    }
  });
});

describe('verifyInclusionAgainstCheckpoint rejects', () => {
  const setting = async () => {
    const { store } = await ledgerWith(DISTRICT, allocations);
    const records = await recordsOf(store);
    const evidence = await proveInclusion(store, DISTRICT, 6, 13);
    return { records, evidence, note: noteOf(records, 13), record: records[5]! };
  };

  it('another record, or this one altered', async () => {
    const { records, evidence, note, record } = await setting();
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, records[6]!, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, records[6]!.hash, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, { ...record, source: '伪造' }, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, { ...record, data: { ...record.data, amountFen: 1 } } as StoredRecord, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, { ...record, position: 7 }, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, record.hash.toUpperCase(), evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, new Uint8Array(31), evidence).ok).toBe(false);
  });

  it('every mutation of the proof', async () => {
    const { evidence, note, record } = await setting();
    const flipped = (hashes: readonly Uint8Array[], i: number) => hashes.map((h, j) => (j === i ? Uint8Array.from(h, (x, k) => (k === 0 ? x ^ 1 : x)) : h));
    const mutations: InclusionEvidence[] = [
      { ...evidence, index: evidence.index + 1 },
      { ...evidence, index: evidence.index - 1 },
      { ...evidence, size: evidence.size * 2 },
      { ...evidence, size: Math.floor(evidence.size / 2) },
      { ...evidence, proof: [...evidence.proof, new Uint8Array(32)] },
      { ...evidence, proof: [new Uint8Array(32), ...evidence.proof] },
      { ...evidence, proof: evidence.proof.slice(1) },
      { ...evidence, proof: evidence.proof.slice(0, -1) },
      { ...evidence, leafHash: flipped([evidence.leafHash], 0)[0]! },
      ...evidence.proof.map((_, i) => ({ ...evidence, proof: flipped(evidence.proof, i) })),
    ];
    for (const [i, mutated] of mutations.entries()) expect(verifyInclusionAgainstCheckpoint(note, verifierKey, record, mutated).ok, `mutation ${i}`).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, record, evidence).ok).toBe(true);
  });

  it('a checkpoint not signed by the key, altered, or of another size', async () => {
    const { records, evidence, note, record } = await setting();
    expect(verifyInclusionAgainstCheckpoint(noteOf(records, 13, impostor), verifierKey, record, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(flipByte(note, 3, 4), verifierKey, record, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(noteOf(records, 12), verifierKey, record, evidence).ok).toBe(false);
    expect(verifyInclusionAgainstCheckpoint(note, 'not a key', record, evidence).ok).toBe(false);
  });
});

describe('proveConsistency', () => {
  it('gives the RFC 9162 consistency proof, which verifies offline between the two signed checkpoints (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(0, 25), fc.nat(), fc.nat(), async (history, a, b) => {
        const { store } = await ledgerWith(history.district, history.events);
        const records = await recordsOf(store);
        const size2 = a % (records.length + 1);
        const size1 = b % (size2 + 1);
        const evidence = await proveConsistency(store, DISTRICT, size1, size2);
        const leaves = records.map((r) => recordLeafHash(r.hash));
        expect(evidence).toEqual({ size1, size2, proof: consistencyProof(leaves, size1, size2) });
        expect(verifyConsistencyAgainstCheckpoints(noteOf(records, size1), noteOf(records, size2), verifier, evidence)).toMatchObject({ ok: true });
        expect(consistencyEvidenceFromJson(JSON.parse(JSON.stringify(consistencyEvidenceToJson(evidence))))).toEqual({ ok: true, evidence });
      }),
      { numRuns: 60 },
    );
  });

  it('rejects swapped, mutated, mismatched or forged checkpoints and proofs', async () => {
    const { store } = await ledgerWith(DISTRICT, allocations);
    const records = await recordsOf(store);
    const evidence = await proveConsistency(store, DISTRICT, 5, 13);
    const [old, current] = [noteOf(records, 5), noteOf(records, 13)];
    expect(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, evidence).ok).toBe(true);
    expect(verifyConsistencyAgainstCheckpoints(current, old, verifierKey, evidence).ok).toBe(false);
    expect(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, { ...evidence, size1: 6 }).ok).toBe(false);
    expect(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, { ...evidence, proof: evidence.proof.slice(1) }).ok).toBe(false);
    expect(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, { ...evidence, proof: [...evidence.proof, evidence.proof[0]!] }).ok).toBe(false);
    expect(verifyConsistencyAgainstCheckpoints(noteOf(records, 5, impostor), current, verifierKey, evidence).ok).toBe(false);
    const otherLog = signCheckpoint({ origin: checkpointOrigin('other', DISTRICT), size: 5, root: merkleRoot(records.slice(0, 5).map((r) => recordLeafHash(r.hash))) }, signer);
    expect(verifyConsistencyAgainstCheckpoints(otherLog, current, verifierKey, evidence).ok).toBe(false);
    await expect(proveConsistency(store, DISTRICT, 6, 5)).rejects.toThrow(RangeError);
    await expect(proveConsistency(store, DISTRICT, 1, 14)).rejects.toThrow(RangeError);
  });
});
