import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../record/record.js';
import type { EventStore } from '../store/port.js';
import { DISTRICT, LEDGER_NAME, ServedStore, arbHistory, flipByte, ledgerWith, recordsOf, rechained, signer, storeWith, verifier, verifierKey } from '../testing/auditFixtures.js';
import { openSignedCheckpoint } from '../tlog/checkpoint.js';
import { CHECKPOINT_HISTORY_PROJECTION, checkpoint, checkpointOfNote, signedCheckpoints } from './ledgerCheckpoint.js';
import { verifyConsistencyAgainstCheckpoints } from './ledgerProofs.js';
import { signersAtOnce } from '../testing/checkpointRace.js';
import { merkleRoot } from '../tlog/merkle.js';
import { recordLeafHash } from './recordLeaf.js';

const dr = { unit: 'development-reform', user: 'wang.wei' } as const;
const project = (n: number) => ({
  type: 'ProjectApproved',
  district: DISTRICT,
  effectiveDate: '2022-03-01',
  recordedAt: '2022-03-02T09:00:00+08:00',
  actor: dr,
  data: { projectId: `XM-2022-${n}`, title: `项目${n}`, level: 'municipal' },
});
const projects = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => project(from + i));
const options = { ledgerName: LEDGER_NAME };

const rootOf = (records: readonly StoredRecord[]) => merkleRoot(records.map((r) => recordLeafHash(r.hash)));

// A store serving `records` that holds the checkpoint history `from` has.
const servedWithHistoryOf = async (from: EventStore, records: readonly unknown[]): Promise<ServedStore> => {
  const served = new ServedStore(records);
  const saved = await from.checkpoints?.loadCheckpoint(DISTRICT, CHECKPOINT_HISTORY_PROJECTION);
  if (saved !== undefined) await served.checkpoints.saveCheckpoint(saved);
  return served;
};

describe('checkpoint', () => {
  it('signs the root of the whole stream under the district origin and keeps the note', async () => {
    const { store } = await ledgerWith(DISTRICT, projects(1, 6));
    const signed = await checkpoint(store, DISTRICT, signer, options);
    if (E.isLeft(signed)) throw new Error(signed.left.reason);
    const expected = { origin: 'indicator-ledger/130302', size: 6, root: rootOf(await recordsOf(store)) };
    expect(signed.right.checkpoint).toEqual(expected);
    expect(signed.right.previous).toBeNull();
    expect(openSignedCheckpoint(signed.right.note, verifier)).toEqual(E.right(expected));
    expect(await signedCheckpoints(store, DISTRICT)).toEqual([signed.right.note]);
  });

  it('keeps every signed checkpoint, oldest first, each extending the one before (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(0, 20), fc.array(fc.nat(), { maxLength: 3 }), async (history, cuts) => {
        const sizes = [...new Set([...cuts.map((c) => c % (history.events.length + 1)), history.events.length])].sort((a, b) => a - b);
        const { store, ledger } = await ledgerWith(history.district, []);
        const notes: string[] = [];
        let appended = 0;
        for (const size of sizes) {
          if (size > appended) expect(E.isRight(await ledger.append(history.district, history.events.slice(appended, size)))).toBe(true);
          appended = size;
          const signed = await checkpoint(store, history.district, signer, options);
          if (E.isLeft(signed)) throw new Error(signed.left.reason);
          expect(signed.right.checkpoint.size).toBe(size);
          if (notes.length > 0) {
            const proof = { size1: checkpointOfNote(notes.at(-1)!).size, size2: size, proof: signed.right.consistencyProof };
            expect(verifyConsistencyAgainstCheckpoints(notes.at(-1)!, signed.right.note, verifierKey, proof)).toMatchObject({ _tag: 'Right' });
          }
          if (notes.at(-1) !== signed.right.note) notes.push(signed.right.note);
        }
        expect(await signedCheckpoints(store, history.district)).toEqual(notes);
      }),
      { numRuns: 40 },
    );
  });

  it('returns the last note again when nothing was appended since', async () => {
    const { store } = await ledgerWith(DISTRICT, projects(1, 3));
    const first = await checkpoint(store, DISTRICT, signer, options);
    const again = await checkpoint(store, DISTRICT, signer, options);
    expect(E.isRight(again) && E.isRight(first) && again.right.note === first.right.note).toBe(true);
    expect(await signedCheckpoints(store, DISTRICT)).toHaveLength(1);
  });

  it('fails signature verification when any byte of the note is flipped (property)', async () => {
    const { store } = await ledgerWith(DISTRICT, projects(1, 5));
    const signed = await checkpoint(store, DISTRICT, signer, options);
    if (E.isLeft(signed)) throw new Error(signed.left.reason);
    const length = Buffer.byteLength(signed.right.note);
    fc.assert(
      fc.property(fc.nat({ max: length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        expect(E.isRight(openSignedCheckpoint(flipByte(signed.right.note, at, mask), verifier))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('checkpoint refuses to sign', () => {
  const signedAt = async (size: number) => {
    const { store, ledger } = await ledgerWith(DISTRICT, projects(1, size));
    const first = await checkpoint(store, DISTRICT, signer, options);
    if (E.isLeft(first)) throw new Error(first.left.reason);
    return { store, ledger, first, records: await recordsOf(store) };
  };

  it('a stream rewritten since the last checkpoint, even into a valid chain', async () => {
    const { store, records } = await signedAt(5);
    const [a, b, c, d, e] = records as [StoredRecord, StoredRecord, StoredRecord, StoredRecord, StoredRecord];
    for (const forged of [[a, c, b, d, e], [a, b, c, e, d, a], [b, c, d, e, a], [a, b, c, d, { ...e, source: 'x' }]]) {
      const served = await servedWithHistoryOf(store, rechained(forged as StoredRecord[]));
      const refused = await checkpoint(served, DISTRICT, signer, options);
      // The stream with `a` twice repeats an eventId: refused as inadmissible (docs/spec.md §8.3) before the consistency check.
      const repeats = new Set(forged.map((r) => r.eventId)).size < forged.length;
      expect(refused).toMatchObject(repeats ? E.left({ kind: 'inadmissible', failure: { position: 6 } }) : E.left({ kind: 'inconsistent', previousSize: 5, size: forged.length }));
      expect(await signedCheckpoints(served, DISTRICT)).toHaveLength(1);
    }
  });

  it('a stream smaller than at the last checkpoint', async () => {
    const { store, records } = await signedAt(5);
    const served = await servedWithHistoryOf(store, records.slice(0, 4));
    expect(await checkpoint(served, DISTRICT, signer, options)).toMatchObject(E.left({ kind: 'shrunk', previousSize: 5, size: 4 }));
  });

  it('a broken chain, naming its first bad position', async () => {
    const { store, records } = await signedAt(5);
    const served = await servedWithHistoryOf(store, records.map((r) => (r.position === 3 ? { ...r, data: { ...r.data, title: '改' } } : r)));
    expect(await checkpoint(served, DISTRICT, signer, options)).toMatchObject(E.left({ kind: 'chain-broken', failure: { position: 3, problem: 'data-hash' } }));
    const fresh = new ServedStore([records[0], records[2]]);
    expect(await checkpoint(fresh, DISTRICT, signer, options)).toMatchObject(E.left({ kind: 'chain-broken', failure: { position: 2, problem: 'position-gap' } }));
  });

  it('under another ledger name than before', async () => {
    const { store } = await signedAt(2);
    expect(await checkpoint(store, DISTRICT, signer, { ledgerName: 'another-ledger' })).toMatchObject(E.left({ kind: 'origin-changed' }));
  });

  it('without a place to keep what it signed', async () => {
    const { store } = await ledgerWith(DISTRICT, projects(1, 2));
    const forgetful = storeWith(store, { checkpoints: undefined });
    expect(await checkpoint(forgetful, DISTRICT, signer, options)).toMatchObject(E.left({ kind: 'no-checkpoint-store' }));
  });

  it('but signs again once the honest stream has grown', async () => {
    const { store, ledger, first } = await signedAt(3);
    await ledger.append(DISTRICT, projects(4, 9));
    const second = await checkpoint(store, DISTRICT, signer, options);
    expect(second).toMatchObject(E.right({ checkpoint: { size: 9 }, previous: first.right.checkpoint }));
  });
});

describe('checkpoint: signers at once', () => {
  it('loses no note: every note a signer returned is in the history, whose sizes only grow (memory store)', async () => {
    const { store } = await ledgerWith(DISTRICT, []);
    const seen = await signersAtOnce(store, DISTRICT);
    for (const note of seen.returned) expect(seen.history).toContain(note);
    expect(seen.historySizes).toEqual([...seen.historySizes].sort((a, b) => a - b));
    expect(new Set(seen.historySizes).size).toBe(seen.historySizes.length);
  });

  it('gives up, as data, when other signers keep changing the history', async () => {
    const { store } = await ledgerWith(DISTRICT, projects(1, 3));
    const checkpoints = store.checkpoints;
    // Every conditional save loses, as if another signer saved just before each one.
    const contended = storeWith(store, { checkpoints: { ...checkpoints, replaceCheckpoint: async () => false } });
    const signed = await checkpoint(contended, DISTRICT, signer, options);
    expect(E.isLeft(signed) && signed.left.kind).toBe('contended');
    expect(await signedCheckpoints(store, DISTRICT)).toEqual([]);
  });
});
