import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { canonicalJson, type StoredRecord } from '../record/record.js';
import { DISTRICT, arbHistory, flipByte, impostor, ledgerWith, recordsOf, signer, verifier, verifierKey } from '../testing/auditFixtures.js';
import { checkpointOrigin, signCheckpoint } from '../tlog/checkpoint.js';
import { consistencyProof } from '../tlog/consistencyProof.js';
import { inclusionProof } from '../tlog/inclusionProof.js';
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
import { merkleRoot } from '../tlog/merkle.js';
import { recordLeafHash } from './recordLeaf.js';
import { redact } from './ledgerRedaction.js';
import { REDACTION_MARKER, redactionEntryOf, redactRecord, signRedactionLog, type RedactionEntry } from './redaction.js';

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
          expect(verifyInclusionAgainstCheckpoint(note, verifierKey, subject, evidence)).toMatchObject(E.right({ size }));
        }
        const fromJson = inclusionEvidenceFromJson(JSON.parse(JSON.stringify(inclusionEvidenceToJson(evidence))));
        expect(fromJson).toEqual(E.right(evidence));
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
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, records[6]!, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, records[6]!.hash, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, { ...record, source: '伪造' }, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, { ...record, data: { ...record.data, amountFen: 1 } } as StoredRecord, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, { ...record, position: 7 }, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, record.hash.toUpperCase(), evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, new Uint8Array(31), evidence))).toBe(false);
  });

  it('a record nested 100,000 levels deep, with a reason and no stack overflow (docs/spec.md §8.3)', async () => {
    const { evidence, note, record } = await setting();
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, { ...record, data: { ...record.data, deep } } as unknown as StoredRecord, evidence)).toEqual(E.left({ reason: 'record is nested deeper than 64 levels' }));
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
    for (const [i, mutated] of mutations.entries()) expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, record, mutated)), `mutation ${i}`).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, record, evidence))).toBe(true);
  });

  it('a checkpoint not signed by the key, altered, or of another size', async () => {
    const { records, evidence, note, record } = await setting();
    expect(E.isRight(verifyInclusionAgainstCheckpoint(noteOf(records, 13, impostor), verifierKey, record, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(flipByte(note, 3, 4), verifierKey, record, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(noteOf(records, 12), verifierKey, record, evidence))).toBe(false);
    expect(E.isRight(verifyInclusionAgainstCheckpoint(note, 'not a key', record, evidence))).toBe(false);
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
        expect(verifyConsistencyAgainstCheckpoints(noteOf(records, size1), noteOf(records, size2), verifier, evidence)).toMatchObject({ _tag: 'Right' });
        expect(consistencyEvidenceFromJson(JSON.parse(JSON.stringify(consistencyEvidenceToJson(evidence))))).toEqual(E.right(evidence));
      }),
      { numRuns: 60 },
    );
  });

  it('rejects swapped, mutated, mismatched or forged checkpoints and proofs', async () => {
    const { store } = await ledgerWith(DISTRICT, allocations);
    const records = await recordsOf(store);
    const evidence = await proveConsistency(store, DISTRICT, 5, 13);
    const [old, current] = [noteOf(records, 5), noteOf(records, 13)];
    expect(E.isRight(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, evidence))).toBe(true);
    expect(E.isRight(verifyConsistencyAgainstCheckpoints(current, old, verifierKey, evidence))).toBe(false);
    expect(E.isRight(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, { ...evidence, size1: 6 }))).toBe(false);
    expect(E.isRight(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, { ...evidence, proof: evidence.proof.slice(1) }))).toBe(false);
    expect(E.isRight(verifyConsistencyAgainstCheckpoints(old, current, verifierKey, { ...evidence, proof: [...evidence.proof, evidence.proof[0]!] }))).toBe(false);
    expect(E.isRight(verifyConsistencyAgainstCheckpoints(noteOf(records, 5, impostor), current, verifierKey, evidence))).toBe(false);
    const otherLog = signCheckpoint({ origin: checkpointOrigin('other', DISTRICT), size: 5, root: merkleRoot(records.slice(0, 5).map((r) => recordLeafHash(r.hash))) }, signer);
    expect(E.isRight(verifyConsistencyAgainstCheckpoints(otherLog, current, verifierKey, evidence))).toBe(false);
    await expect(proveConsistency(store, DISTRICT, 6, 5)).rejects.toThrow(RangeError);
    await expect(proveConsistency(store, DISTRICT, 1, 14)).rejects.toThrow(RangeError);
  });
});

describe('a redacted record is proven only with the redaction the ledger signed (docs/spec.md §8.3)', () => {
  const dr = { unit: 'development-reform', user: 'zhang.san' } as const;
  const commissioner = {
    type: 'CommissionerDispatched',
    district: DISTRICT,
    effectiveDate: '2021-04-01',
    recordedAt: '2021-04-02T08:00:00+08:00',
    actor: dr,
    data: { commissionerId: 'TP-001', name: '王芳' },
  };
  const clock = () => new Date('2024-06-01T02:00:00Z');
  // Position 1 a commissioner (redacted), 2..14 allocations (6 redacted: its recipient), all in a checkpoint of 14.
  const setting = async () => {
    const { store } = await ledgerWith(DISTRICT, [commissioner, ...allocations]);
    for (const [position, fields, actor] of [[1, ['name'], dr], [6, ['recipient'], finance]] as const) {
      const done = await redact(store, DISTRICT, { position, fields, reason: '个人信息保护', actor, clock });
      if (E.isLeft(done)) throw new Error(done.left.reason);
    }
    const records = await recordsOf(store);
    const note = noteOf(records, 14);
    const proofOf = async (position: number) => ({ record: records[position - 1]!, evidence: await proveInclusion(store, DISTRICT, position, 14) });
    const entries = new Map<number, RedactionEntry>();
    for (const position of [1, 6]) {
      const r = records[position - 1]!;
      const original = { ...r, data: position === 1 ? commissioner.data : { ...r.data, recipient: '企业5' } } as StoredRecord;
      entries.set(position, redactionEntryOf(original, r, position === 1 ? ['name'] : ['recipient'], '个人信息保护', dr, '2024-06-01T02:00:00.000Z' as never));
    }
    return { store, records, note, proofOf, entries, log: (list: readonly RedactionEntry[], by = signer) => signRedactionLog(origin, list, by) };
  };

  it('accepts a redacted record with the signed redaction of its position', async () => {
    const { proofOf, note, log, store } = await setting();
    const { redactionProof } = await import('./ledgerProofs.js');
    for (const position of [1, 6]) {
      const { record, evidence } = await proofOf(position);
      expect(record.redacted).toBe(true);
      const signed = await redactionProof(store, DISTRICT, position, origin, signer);
      expect(signed).toBeDefined();
      expect(verifyInclusionAgainstCheckpoint(note, verifierKey, record, evidence, { redactionLog: signed! })).toMatchObject({ _tag: 'Right' });
    }
    const { record, evidence } = await proofOf(6);
    const redactions = await (await import('./ledgerRedaction.js')).loadRedactions(store, DISTRICT);
    expect(verifyInclusionAgainstCheckpoint(note, verifierKey, record, evidence, { redactionLog: log(redactions) })).toMatchObject({ _tag: 'Right' });
    // An unredacted record needs no redaction log, and the prover gives none for it.
    expect(await redactionProof(store, DISTRICT, 2, origin, signer)).toBeUndefined();
  });

  it('refuses every forgery of a redaction, each with its reason', async () => {
    const { proofOf, note, log, entries, records } = await setting();
    const p1 = await proofOf(1);
    const p2 = await proofOf(2);
    const p6 = await proofOf(6);
    const genuine6 = log([entries.get(6)!]);
    const data6 = p6.record.data as Record<string, unknown>;
    const data2 = p2.record.data as Record<string, unknown>;
    const otherDistrictLog = signRedactionLog(checkpointOrigin('indicator-ledger', '130303' as never), [entries.get(6)!], signer);
    const forgeries: [string, StoredRecord, string | undefined, RegExp][] = [
      // The attack as reported: the flag added, the amount ×1000, no evidence of a redaction.
      ['flag added, amount ×1000', { ...p2.record, data: { ...data2, amountFen: (data2.amountFen as number) * 1000 }, redacted: true } as StoredRecord, undefined, /no redaction.*signed/],
      ['flag added, name changed', { ...p1.record, data: { ...p1.record.data, name: '李四' }, redacted: true } as StoredRecord, undefined, /no redaction.*signed/],
      ['flag added to an unredacted record, with the log of another position', redactRecord({ ...p2.record, data: { ...data2, amountFen: 1 } } as StoredRecord, ['recipient']), genuine6, /no redaction of position 2/],
      ['redacted record with data changed, genuine log', { ...p6.record, data: { ...data6, amountFen: (data6.amountFen as number) * 1000 } } as StoredRecord, genuine6, /digest differs/],
      ['redacted record with the marker replaced by another name', { ...p6.record, data: { ...data6, recipient: '张三' } } as StoredRecord, genuine6, /should read \[redacted\]/],
      ['genuine redacted record without its log', p6.record, undefined, /no redaction.*signed/],
      ['entry for another position', p6.record, log([entries.get(1)!]), /no redaction of position 6/],
      ['entry moved to this position', p6.record, log([{ ...entries.get(1)!, position: 6 }]), /names another record/],
      ['entry of another district', p6.record, otherDistrictLog, /redaction log/],
      ['entry signed by another key', p6.record, log([entries.get(6)!], impostor), /redaction log/],
      ['a redaction log that is not a note', p6.record, 'not a note', /redaction log/],
    ];
    for (const [name, record, redactionLog, reason] of forgeries) {
      const evidence = record.position === 1 ? p1.evidence : record.position === 2 ? p2.evidence : p6.evidence;
      const result = verifyInclusionAgainstCheckpoint(note, verifierKey, record, evidence, redactionLog !== undefined ? { redactionLog } : {});
      expect(E.isRight(result), name).toBe(false);
      if (E.isLeft(result)) expect(result.left.reason, name).toMatch(reason);
    }
    expect(records.length).toBe(14);
  });

  it('never proves a record whose data is not what the chain or a signed redaction commits to (property)', async () => {
    const { proofOf, note, log, entries } = await setting();
    const p2 = await proofOf(2);
    const p6 = await proofOf(6);
    await fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), fc.string({ minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), (amountFen, recipient, flag, withLog) => {
        for (const { record, evidence } of [p2, p6]) {
          const data = { ...(record.data as Record<string, unknown>), amountFen, recipient };
          if (canonicalJson(data) === canonicalJson(record.data)) continue;
          const forged = { ...record, data, ...(flag ? { redacted: true } : {}) } as StoredRecord;
          if (!flag) delete (forged as { redacted?: true }).redacted;
          const options = withLog ? { redactionLog: log([...entries.values()]) } : {};
          expect(E.isRight(verifyInclusionAgainstCheckpoint(note, verifierKey, forged, evidence, options))).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
