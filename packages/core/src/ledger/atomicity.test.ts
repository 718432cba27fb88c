import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from './ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventInputJson } from '../events/envelope.js';
import { AFTER_EVERY_HISTORY, arbBatches, arbDistrictCode, arbValidHistory } from '../testing/arbitraries.js';
import type { ValidHistory } from '../testing/arbitraries.js';

/** Every record of a stream as canonical JSON text, and the head: what "byte-for-byte unchanged" means. */
const snapshot = async (store: EventStore, stream: DistrictCode) => {
  const records: string[] = [];
  for await (const r of store.read(stream)) records.push(canonicalize(r)!);
  return { head: await store.head(stream), records, streams: await store.streams() };
};

/** Ways one event can be bad, each bad whatever the rest of the stream holds. */
const BAD_KINDS = [
  'unknown top-level field',
  'unknown actor field',
  'unknown data field',
  'missing data field',
  'wrong check character',
  'impossible date',
  'empty name',
  'amount of zero',
  'unknown type',
  'project level district',
  'validUntil before validFrom',
  'revokedFrom after decision',
  'patent kind against its number',
  'filing after grant',
  'retraction of an unknown event',
  'allocation id used before',
  'event id used by another event',
  'recordedAt before the stream’s last',
  'unit not allowed',
  'district of another stream',
] as const;
type BadKind = (typeof BAD_KINDS)[number];

const base = (district: string, recordedAt: string) => ({
  district,
  effectiveDate: '2021-06-01',
  recordedAt,
  actor: { unit: 'development-reform', user: 'zhang.san' },
});

/**
 * An event that must be refused after `prefix` (valid, non-empty) at a point where the stream's last
 * recordedAt is `lastRecordedAt`.
 */
const badEvent = (kind: BadKind, history: ValidHistory, prefix: readonly EventInputJson[], lastRecordedAt: string, otherDistrict: string): unknown => {
  const env = base(history.district, lastRecordedAt);
  const target = { ...env, type: 'TargetSet', data: { indicator: 'st-projects', year: 2021, comparator: 'gte', value: 30 } };
  const allocation = prefix.find((e) => e.type === 'FundsAllocated');
  const usedIds = new Set(history.events.map((e) => e.eventId!.toLowerCase()));
  switch (kind) {
    case 'unknown top-level field':
      return { ...target, comment: 'x' };
    case 'unknown actor field':
      return { ...target, actor: { ...target.actor, office: 'x' } };
    case 'unknown data field':
      return { ...target, data: { ...target.data, note: 'x' } };
    case 'missing data field':
      return { ...target, data: { indicator: 'st-projects', year: 2021, comparator: 'gte' } };
    case 'wrong check character':
      return { ...env, type: 'EnterpriseRecognized', data: { enterpriseId: '91350100M000100Y44', name: '甲', designation: 'high-tech' } };
    case 'impossible date':
      return { ...target, effectiveDate: '2021-02-29' };
    case 'empty name':
      return { ...env, type: 'CommissionerDispatched', actor: { unit: 'human-resources', user: 'li.si' }, data: { commissionerId: 'TPY-bad', name: '  ' } };
    case 'amount of zero':
      return { ...env, type: 'FundsAllocated', actor: { unit: 'finance', user: 'li.si' }, data: { allocationId: 'bad', amountFen: 0, purpose: 'talent' } };
    case 'unknown type':
      return { ...target, type: 'TargetMet' };
    case 'project level district':
      return { ...env, type: 'ProjectApproved', data: { projectId: 'bad', title: '乙', level: 'district' } };
    case 'validUntil before validFrom':
      return { ...env, type: 'EnterpriseRecognized', data: { enterpriseId: '91350100M000100Y43', name: '甲', designation: 'tech-sme', validUntil: '2021-05-31' } };
    case 'revokedFrom after decision':
      return { ...env, type: 'EnterpriseRecognitionRevoked', data: { enterpriseId: '91350100M000100Y43', designation: 'high-tech', reason: '丙', revokedFrom: '2021-06-02' } };
    case 'patent kind against its number':
      return { ...env, type: 'PatentGranted', actor: { unit: 'market-regulation', user: 'li.si' }, data: { patentNo: '201710601862.3', kind: 'design', filingDate: '2017-07-26' } };
    case 'filing after grant':
      return { ...env, type: 'PatentGranted', actor: { unit: 'market-regulation', user: 'li.si' }, effectiveDate: '2017-07-25', data: { patentNo: '201710601862.3', kind: 'invention', filingDate: '2017-07-26' } };
    case 'retraction of an unknown event': {
      let id = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
      for (let n = 0; usedIds.has(id); n++) id = `ffffffff-ffff-4fff-8fff-${String(n).padStart(12, '0')}`;
      return { ...env, type: 'EventRetracted', data: { eventId: id, reason: '丁' } };
    }
    case 'allocation id used before':
      return allocation !== undefined
        ? { ...allocation, eventId: undefined, recordedAt: lastRecordedAt }
        : { ...target, recordedAt: '2000-01-01T00:00:00Z' };
    case 'event id used by another event': {
      const used = prefix[0]!;
      return used.type === 'TargetSet'
        ? { ...env, type: 'CommissionerDispatched', eventId: used.eventId, data: { commissionerId: 'TPY-bad', name: '戊' } }
        : { ...target, eventId: used.eventId };
    }
    case 'recordedAt before the stream’s last':
      return { ...target, recordedAt: '2000-01-01T00:00:00Z' };
    case 'unit not allowed':
      return { ...target, actor: { unit: 'finance', user: 'li.si' } };
    case 'district of another stream':
      return { ...target, district: otherDistrict };
  }
};

/** A valid history cut into a prefix (one or more batches) and a continuation, with a bad event to slip into the continuation. */
const arbScenario = fc
  .record({
    history: arbValidHistory({ minLength: 2, maxLength: 30 }),
    cutRoll: fc.nat(),
    badAtRoll: fc.nat(),
    kind: fc.constantFrom(...BAD_KINDS),
    otherDistrict: arbDistrictCode(),
  })
  .chain((s) => {
    const cut = 1 + (s.cutRoll % (s.history.events.length - 1));
    const prefix = s.history.events.slice(0, cut);
    return arbBatches(prefix).map((prefixBatches) => ({ ...s, cut, prefix, prefixBatches, continuation: s.history.events.slice(cut) }));
  });

describe('a refused batch leaves the store byte-for-byte as it was (docs/spec.md §4)', () => {
  it('random valid prefix + a batch with one bad event: head and records unchanged, and the ledger still accepts the valid batch', async () => {
    await fc.assert(
      fc.asyncProperty(arbScenario, async ({ history, prefix, prefixBatches, continuation, badAtRoll, kind, otherDistrict }) => {
        fc.pre(otherDistrict !== history.district);
        const district = history.district;
        const store = createMemoryStore();
        const ledger = createLedger({ store, clock: AFTER_EVERY_HISTORY });
        for (const batch of prefixBatches) expect(E.isRight(await ledger.append(district, batch))).toBe(true);

        const lastRecordedAt = prefix[prefix.length - 1]!.recordedAt!;
        const bad = badEvent(kind, history, prefix, lastRecordedAt, otherDistrict);
        const badAt = badAtRoll % (continuation.length + 1);
        const poisoned = [...continuation.slice(0, badAt), bad, ...continuation.slice(badAt)];

        const before = await snapshot(store, district);
        const r = await ledger.append(district, poisoned);
        expect(E.isLeft(r) && r.left.kind).toBe('invalid');
        // Every problem is the bad event's: the good events around it were judged as they would be alone.
        if (E.isLeft(r) && r.left.kind === 'invalid') expect(new Set(r.left.problems.map((p) => p.index))).toEqual(new Set([badAt]));
        expect(await snapshot(store, district)).toEqual(before);

        // The facts the refused batch added on the way were rolled back: the valid continuation is accepted
        // and gives the very records appending the whole history in one go gives.
        const good = await ledger.append(district, continuation);
        expect(E.isRight(good) && good.right.appended.length).toBe(continuation.length);
        const reference = createMemoryStore();
        await createLedger({ store: reference, clock: AFTER_EVERY_HISTORY }).append(district, [...history.events]);
        expect(await snapshot(store, district)).toEqual(await snapshot(reference, district));
      }),
      { numRuns: 200 },
    );
  });

  it('a batch refused before any rule ran (a bad district for the whole batch) writes nothing', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store });
    const r = await ledger.append('990000', [{}]);
    expect(r).toEqual(E.left({ kind: 'invalid', problems: [{ path: 'district', reason: '99 is not a province-level code (first two digits of 990000)' }] }));
    expect(await store.streams()).toEqual([]);
  });
});
