import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from '../ledger/ledger.js';
import { dataHashOf, type StoredRecord } from '../record/record.js';
import { DISTRICT, LEDGER_NAME, ServedStore, arbHistory, flipByte, impostor, ledgerWith, recordsOf, signer, storeWith, verifier, verifierKey } from '../testing/auditFixtures.js';
import { history } from './entityHistory.js';
import { checkpoint } from './ledgerCheckpoint.js';
import { proveInclusion, redactionProof, verifyInclusionAgainstCheckpoint } from './ledgerProofs.js';
import { REDACTION_LOG_PROJECTION, loadRedactions, redact } from './ledgerRedaction.js';
import { verify } from './ledgerVerification.js';
import {
  REDACTION_MARKER,
  encodeRedactionState,
  formatRedactionLog,
  openRedactionLog,
  parseRedactionLog,
  redactRecord,
  redactionEntryOf,
  signRedactionLog,
  type RedactionEntry,
} from './redaction.js';

const hr = { unit: 'human-resources', user: 'chen.jie' } as const;
const dr = { unit: 'development-reform', user: 'zhang.san' } as const;
const finance = { unit: 'finance', user: 'li.na' } as const;
const events = [
  { type: 'CommissionerDispatched', district: DISTRICT, effectiveDate: '2021-04-01', recordedAt: '2021-04-02T08:00:00+08:00', actor: hr, data: { commissionerId: 'TP-001', name: '王芳' } },
  { type: 'FundsAllocated', district: DISTRICT, effectiveDate: '2021-04-03', recordedAt: '2021-04-03T08:00:00+08:00', actor: finance, data: { allocationId: 'CZ-1', amountFen: 500_000, purpose: 'talent', recipient: '刘伟' } },
  { type: 'CommissionerDispatched', district: DISTRICT, effectiveDate: '2021-04-05', recordedAt: '2021-04-05T08:00:00+08:00', actor: dr, data: { commissionerId: 'TP-002', name: '赵磊' } },
  { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2021-04-06', recordedAt: '2021-04-06T08:00:00+08:00', actor: dr, data: { projectId: 'XM-1', title: '项目', level: 'municipal' } },
];
const clock = () => new Date('2024-06-01T02:00:00Z');
const request = (position: number, extra: Partial<Parameters<typeof redact>[2]> = {}) => ({ position, reason: '个人信息保护', actor: dr, clock, ...extra });

describe('redact', () => {
  it("replaces a commissioner's name, keeps every hash, and logs who, why and when", async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    const before = await recordsOf(store);
    const done = await redact(store, DISTRICT, request(1, { actor: hr }));
    if (E.isLeft(done)) throw new Error(done.left.reason);
    const after = await recordsOf(store);
    expect(after[0]).toEqual({ ...before[0], data: { commissionerId: 'TP-001', name: REDACTION_MARKER }, redacted: true });
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(done.right.entry).toEqual({
      position: 1,
      eventId: before[0]!.eventId,
      hash: before[0]!.hash,
      dataHash: before[0]!.dataHash,
      redactedDataHash: dataHashOf({ commissionerId: 'TP-001', name: REDACTION_MARKER }),
      fields: ['name'],
      reason: '个人信息保护',
      actor: hr,
      redactedAt: '2024-06-01T02:00:00.000Z',
    });
    expect(await loadRedactions(store, DISTRICT)).toEqual([done.right.entry]);
    expect(await history(store, DISTRICT, 'TP-001')).toMatchObject([{ position: 1, redacted: true, data: { name: REDACTION_MARKER } }]);
  });

  it('keeps verify(), signed checkpoints and inclusion proofs valid', async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    const signed = await checkpoint(store, DISTRICT, signer, { ledgerName: LEDGER_NAME });
    if (E.isLeft(signed)) throw new Error(signed.left.reason);
    expect(E.isRight((await redact(store, DISTRICT, request(3))))).toBe(true);
    expect(E.isRight((await redact(store, DISTRICT, request(2, { fields: ['recipient'], actor: finance }))))).toBe(true);
    expect(await verify(store, DISTRICT, { against: { note: signed.right.note, verifierKey } })).toMatchObject(E.right({ size: 4, root: signed.right.checkpoint.root }));
    const [, recipient, commissioner] = await recordsOf(store);
    for (const record of [recipient!, commissioner!]) {
      const evidence = await proveInclusion(store, DISTRICT, record.position, 4);
      // A redacted record is proven with the redaction the ledger signed (docs/spec.md §8.3), and only so.
      const redactionLog = await redactionProof(store, DISTRICT, record.position, signed.right.checkpoint.origin, signer);
      expect(E.isRight(verifyInclusionAgainstCheckpoint(signed.right.note, verifierKey, record, evidence, { redactionLog: redactionLog! }))).toBe(true);
      expect(E.isRight(verifyInclusionAgainstCheckpoint(signed.right.note, verifierKey, record, evidence))).toBe(false);
    }
    // Nothing changed the tree, so the next checkpoint is the one already signed.
    expect(await checkpoint(store, DISTRICT, signer, { ledgerName: LEDGER_NAME })).toMatchObject(E.right({ note: signed.right.note }));
  });

  it('keeps every valid history verifiable with its checkpoint root when all commissioners are redacted (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(1, 30), async (history) => {
        const { store } = await ledgerWith(history.district, history.events);
        const before = await verify(store, history.district);
        for (const r of await recordsOf(store, history.district)) {
          if (r.type === 'CommissionerDispatched') expect(E.isRight((await redact(store, history.district, request(r.position))))).toBe(true);
        }
        const after = await verify(store, history.district);
        expect(after).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses what it may not do, changing nothing', async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    const before = await recordsOf(store);
    expect(await redact(store, DISTRICT, request(4))).toMatchObject(E.left({ kind: 'not-redactable' }));
    expect(await redact(store, DISTRICT, request(2))).toMatchObject(E.left({ kind: 'not-redactable' }));
    expect(await redact(store, DISTRICT, request(1, { fields: ['commissionerId'] }))).toMatchObject(E.left({ kind: 'not-redactable' }));
    expect(await redact(store, DISTRICT, request(1, { actor: finance }))).toMatchObject(E.left({ kind: 'not-authorized' }));
    expect(await redact(store, DISTRICT, request(9))).toMatchObject(E.left({ kind: 'no-such-record' }));
    expect(await redact(store, DISTRICT, request(0))).toMatchObject(E.left({ kind: 'no-such-record' }));
    for (const reason of ['', '   ', 'a\u0007b', 'x'.repeat(201)]) expect(await redact(store, DISTRICT, request(1, { reason }))).toMatchObject(E.left({ kind: 'invalid' }));
    expect(await redact(store, DISTRICT, request(1, { actor: { unit: 'nobody', user: 'x' } as never }))).toMatchObject(E.left({ kind: 'invalid' }));
    const withoutRedact = storeWith(store, { redact: undefined });
    expect(await redact(withoutRedact, DISTRICT, request(1))).toMatchObject(E.left({ kind: 'unsupported' }));
    expect(await recordsOf(store)).toEqual(before);
    expect(await loadRedactions(store, DISTRICT)).toEqual([]);
  });
});

describe('concurrent redactions (docs/spec.md §8.4)', () => {
  it('both succeed, both are logged, and verify and checkpoint still pass', async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    const [first, second] = await Promise.all([redact(store, DISTRICT, request(1, { actor: hr })), redact(store, DISTRICT, request(3))]);
    expect(E.isRight(first) && E.isRight(second)).toBe(true);
    expect((await loadRedactions(store, DISTRICT)).map((e) => e.position).sort()).toEqual([1, 3]);
    expect(await verify(store, DISTRICT)).toMatchObject(E.right({ size: 4 }));
    expect(await checkpoint(store, DISTRICT, signer, { ledgerName: LEDGER_NAME })).toMatchObject({ _tag: 'Right' });
  });

  it('keeps every redaction of any set of them, run all at once, accounted for (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(1, 30), async (history) => {
        const { store } = await ledgerWith(history.district, history.events);
        const commissioners = (await recordsOf(store, history.district)).filter((r) => r.type === 'CommissionerDispatched');
        // Each position twice: a repeated redaction of the same record, at the same time, is logged too.
        const outcomes = await Promise.all([...commissioners, ...commissioners].map((r) => redact(store, history.district, request(r.position))));
        expect(outcomes.every((o) => E.isRight(o))).toBe(true);
        expect((await loadRedactions(store, history.district)).length).toBe(2 * commissioners.length);
        expect(await verify(store, history.district)).toMatchObject({ _tag: 'Right' });
      }),
      { numRuns: 30 },
    );
  });

  it('writes neither the record nor the log when the log cannot be read', async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    await store.checkpoints.saveCheckpoint({ stream: DISTRICT, projection: REDACTION_LOG_PROJECTION, version: '1', position: 0, state: '{"entries":[{}]}' });
    const before = await recordsOf(store);
    expect(await redact(store, DISTRICT, request(1, { actor: hr }))).toMatchObject(E.left({ kind: 'log-unreadable' }));
    expect(await recordsOf(store)).toEqual(before);
  });
});

describe('a redacted stream and the ledger', () => {
  it('still skips a re-import of the original events as idempotent retries (docs/spec.md §2)', async () => {
    const withIds = events.map((e, i) => ({ ...e, eventId: `00000000-0000-4000-8000-00000000000${i + 1}` }));
    const { store, ledger } = await ledgerWith(DISTRICT, withIds);
    expect(E.isRight((await redact(store, DISTRICT, request(1, { actor: hr }))))).toBe(true);
    const again = await ledger.append(DISTRICT, withIds);
    expect(E.isRight(again) && again.right).toMatchObject({ appended: [], skipped: [{ position: 1 }, { position: 2 }, { position: 3 }, { position: 4 }] });
    const fresh = createLedger({ store });
    const changed = await fresh.append(DISTRICT, [{ ...withIds[0]!, data: { commissionerId: 'TP-001', name: '别人' } }]);
    expect(E.isLeft(changed) && changed.left).toMatchObject({ kind: 'invalid', problems: [{ path: 'eventId' }] });
  });
});

describe('verification of redacted records', () => {
  const redacted = async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    const done = await redact(store, DISTRICT, request(3));
    if (E.isLeft(done)) throw new Error(done.left.reason);
    const log = await store.checkpoints.loadCheckpoint(DISTRICT, REDACTION_LOG_PROJECTION);
    return { records: await recordsOf(store), entry: done.right.entry, log: log! };
  };
  const servedWith = async (records: readonly unknown[], entries: readonly RedactionEntry[]) => {
    const served = new ServedStore(records);
    await served.checkpoints.saveCheckpoint({ stream: DISTRICT, projection: REDACTION_LOG_PROJECTION, version: '1', position: 0, state: encodeRedactionState(entries) });
    return served;
  };

  it('accepts the redacted stream with its log, and names the record without it', async () => {
    const { records, entry } = await redacted();
    expect(await verify(await servedWith(records, [entry]), DISTRICT)).toMatchObject({ _tag: 'Right' });
    expect(await verify(await servedWith(records, []), DISTRICT)).toMatchObject(E.left({ position: 3, problem: 'data-hash' }));
  });

  it('detects other data of a redacted record changed, the marker undone, or a log entry of another record', async () => {
    const { records, entry } = await redacted();
    const changed = (data: object) => records.map((r) => (r.position === 3 ? ({ ...r, data: { ...r.data, ...data } } as StoredRecord) : r));
    expect(await verify(await servedWith(changed({ commissionerId: 'TP-999' }), [entry]), DISTRICT)).toMatchObject(E.left({ position: 3, problem: 'data-hash' }));
    expect(await verify(await servedWith(changed({ name: '赵磊' }), [entry]), DISTRICT)).toMatchObject(E.left({ position: 3, problem: 'data-hash' }));
    const marked = records.map((r) => (r.position === 1 ? redactRecord(r) : r));
    expect(await verify(await servedWith(marked, [entry, { ...entry, position: 1 }]), DISTRICT)).toMatchObject(E.left({ position: 1, problem: 'data-hash' }));
  });

  it('uses the latest redaction of a position', async () => {
    const { records, entry } = await redacted();
    const stale = { ...entry, redactedDataHash: dataHashOf({ commissionerId: 'TP-002', name: '[x]' }) };
    expect(await verify(await servedWith(records, [stale, entry]), DISTRICT)).toMatchObject({ _tag: 'Right' });
    expect(await verify(await servedWith(records, [entry, stale]), DISTRICT)).toMatchObject(E.left({ position: 3 }));
  });
});

describe('the redaction log note', () => {
  const origin = `${LEDGER_NAME}/${DISTRICT}`;
  const entries = async (): Promise<RedactionEntry[]> => {
    const { store } = await ledgerWith(DISTRICT, events);
    const [first] = await recordsOf(store);
    return [redactionEntryOf(first!, redactRecord(first!), ['name'], '原因\u2028含特殊字符"\\', hr, '2024-01-01T00:00:00.000Z' as never)];
  };

  it('round-trips signed, and opens only with the key, for its own log', async () => {
    const log = await entries();
    const note = signRedactionLog(origin, log, signer);
    expect(openRedactionLog(note, verifier, origin)).toEqual(E.right(log));
    expect(E.isRight(openRedactionLog(note, verifier, `${LEDGER_NAME}/130303`))).toBe(false);
    expect(E.isRight(openRedactionLog(signRedactionLog(origin, log, impostor), verifier, origin))).toBe(false);
    expect(openRedactionLog(signRedactionLog(origin, [], signer), verifier, origin)).toEqual(E.right([]));
  });

  it('fails when any byte is flipped (property)', async () => {
    const note = signRedactionLog(origin, await entries(), signer);
    fc.assert(
      fc.property(fc.nat({ max: Buffer.byteLength(note) - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        expect(E.isRight(openRedactionLog(flipByte(note, at, mask), verifier, origin))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects entries that are not canonical or not well-formed', async () => {
    const [entry] = await entries();
    const text = formatRedactionLog(origin, [entry!]);
    expect(E.isRight(parseRedactionLog(text, origin))).toBe(true);
    const line = text.split('\n')[1]!;
    for (const bad of [
      `${origin} redactions\n${JSON.stringify(entry, null, 1).replaceAll('\n', '')}\n`,
      `${origin} redactions\n${line.replace('"position":1', '"position":0')}\n`,
      `${origin} redactions\n${line.replace('{', '{"extra":1,')}\n`,
      `${origin} redactions\n\n`,
      `${origin}\n${line}\n`,
      `${origin} redactions\n${line}`,
    ]) {
      expect(E.isRight(parseRedactionLog(bad, origin)), bad).toBe(false);
    }
  });
});
