import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from './ledger.js';
import type { Ledger } from './ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { AFTER_EVERY_HISTORY, arbBatches, arbValidHistory } from '../testing/arbitraries.js';
import { EXAMPLE_DISTRICT, EXAMPLE_PATENT, exampleEvent } from '../testing/exampleEvents.js';

const district = EXAMPLE_DISTRICT as DistrictCode;
const ID_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const ID_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

/** Every record of a stream as canonical JSON text, and the head: what "unchanged" means. */
const snapshot = async (store: EventStore, stream: DistrictCode = district) => {
  const records: string[] = [];
  for await (const r of store.read(stream)) records.push(canonicalize(r)!);
  return { head: await store.head(stream), records };
};

// The clock is after every recordedAt the tests give: inputs ahead of it are refused (docs/spec.md §8.2).
const newLedger = (): Ledger => createLedger({ store: createMemoryStore(), clock: () => new Date('2022-06-01T00:00:00Z') });

const grantA = exampleEvent('PatentGranted', { eventId: ID_A, recordedAt: '2021-01-10T09:00:00+08:00' });

const mustAppend = async (ledger: Ledger, events: unknown[]) => {
  const r = await ledger.append(EXAMPLE_DISTRICT, events);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

describe('eventId idempotency (docs/spec.md §2)', () => {
  it('skips an identical re-append: success, nothing appended, store unchanged', async () => {
    const ledger = newLedger();
    await mustAppend(ledger, [grantA]);
    const before = await snapshot(ledger.store);
    const again = await mustAppend(ledger, [grantA]);
    expect(again.appended).toEqual([]);
    expect(again.skipped).toEqual([{ index: 0, eventId: ID_A, position: 1 }]);
    expect(again.head).toEqual(before.head);
    expect(await snapshot(ledger.store)).toEqual(before);
  });

  it('skips it even when its recordedAt is older than the stream’s last', async () => {
    const ledger = newLedger();
    await mustAppend(ledger, [grantA, exampleEvent('TargetSet', { eventId: ID_B, recordedAt: '2022-01-01T00:00:00Z' })]);
    const before = await snapshot(ledger.store);
    const again = await mustAppend(ledger, [grantA]);
    expect(again.skipped.map((s) => s.position)).toEqual([1]);
    expect(await snapshot(ledger.store)).toEqual(before);
  });

  it('skips it even when the policy would no longer let the unit record it', async () => {
    const ledger = newLedger();
    await mustAppend(ledger, [grantA]);
    const strict = createLedger({ store: ledger.store, policy: () => 'nobody may record now' });
    const r = await strict.append(EXAMPLE_DISTRICT, [grantA]);
    expect(E.isRight(r) && r.right.skipped.length).toBe(1);
  });

  it('compares after normalisation: ZL prefix, id case, offset, schemaVersion, key order', async () => {
    const ledger = newLedger();
    await mustAppend(ledger, [grantA]);
    const rewritten = {
      data: { filingDate: '2017-07-26', kind: 'invention', patentNo: `ZL${EXAMPLE_PATENT}` },
      schemaVersion: 1,
      recordedAt: '2021-01-10T01:00:00.000Z',
      actor: { user: 'zhang.san', unit: 'market-regulation' },
      effectiveDate: '2020-11-20',
      district: EXAMPLE_DISTRICT,
      eventId: ID_A.toUpperCase(),
      type: 'PatentGranted',
    };
    const r = await mustAppend(ledger, [rewritten]);
    expect(r.appended).toEqual([]);
    expect(r.skipped).toEqual([{ index: 0, eventId: ID_A, position: 1 }]);
  });

  it('skips a re-append without recordedAt of an event the clock stamped', async () => {
    const ledger = newLedger();
    const unstamped = exampleEvent('FundsAllocated', { eventId: ID_A });
    await mustAppend(ledger, [unstamped]);
    const later = createLedger({ store: ledger.store, clock: () => new Date('2025-01-01T00:00:00Z') });
    const r = await later.append(EXAMPLE_DISTRICT, [unstamped]);
    expect(E.isRight(r) && [r.right.appended.length, r.right.skipped.length]).toEqual([0, 1]);
  });

  it.each([
    ['data', exampleEvent('PatentGranted', { eventId: ID_A, recordedAt: '2021-01-10T09:00:00+08:00', data: { title: '一种陶瓷坯体的成型方法' } })],
    ['effectiveDate', exampleEvent('PatentGranted', { eventId: ID_A, recordedAt: '2021-01-10T09:00:00+08:00', effectiveDate: '2020-11-21' })],
    ['actor', exampleEvent('PatentGranted', { eventId: ID_A, recordedAt: '2021-01-10T09:00:00+08:00', user: 'li.si' })],
    ['source', exampleEvent('PatentGranted', { eventId: ID_A, recordedAt: '2021-01-10T09:00:00+08:00', source: '冀知〔2021〕1号' })],
    ['recordedAt', exampleEvent('PatentGranted', { eventId: ID_A, recordedAt: '2021-01-10T09:00:01+08:00' })],
    ['type', exampleEvent('TargetSet', { eventId: ID_A, recordedAt: '2021-01-10T09:00:00+08:00' })],
  ])('rejects the same id with a different %s, writing nothing', async (_what, changed) => {
    const ledger = newLedger();
    await mustAppend(ledger, [grantA]);
    const before = await snapshot(ledger.store);
    const r = await ledger.append(EXAMPLE_DISTRICT, [changed]);
    expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems).toEqual([
      { index: 0, path: 'eventId', reason: `${ID_A} is already used by a different event (position 1)` },
    ]);
    expect(await snapshot(ledger.store)).toEqual(before);
  });

  it('within one batch: an identical duplicate is skipped, a different one rejected', async () => {
    const ledger = newLedger();
    const r = await mustAppend(ledger, [grantA, exampleEvent('TargetSet'), grantA]);
    expect(r.appended.map((x) => x.position)).toEqual([1, 2]);
    expect(r.skipped).toEqual([{ index: 2, eventId: ID_A, position: 1 }]);

    const other = newLedger();
    const bad = await other.append(EXAMPLE_DISTRICT, [grantA, exampleEvent('TargetSet', { eventId: ID_A })]);
    expect(E.isLeft(bad) && bad.left.kind === 'invalid' && bad.left.problems).toEqual([
      { index: 1, path: 'eventId', reason: `${ID_A} is already used by a different event (position 1)` },
    ]);
    expect((await other.head(district)).position).toBe(0);
  });

  it('appends the new events of a batch that also repeats old ones', async () => {
    const ledger = newLedger();
    await mustAppend(ledger, [grantA]);
    const r = await mustAppend(ledger, [grantA, exampleEvent('TargetSet', { eventId: ID_B })]);
    expect(r.skipped.map((s) => s.index)).toEqual([0]);
    expect(r.appended.map((x) => [x.position, x.eventId])).toEqual([[2, ID_B]]);
  });

  it('re-importing a whole history appends nothing and succeeds, however the re-import is cut into batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbValidHistory({ minLength: 1, maxLength: 30 }).chain((h) => fc.tuple(fc.constant(h), arbBatches(h.events), arbBatches(h.events))),
        async ([history, firstCut, secondCut]) => {
          const ledger = createLedger({ store: createMemoryStore(), clock: AFTER_EVERY_HISTORY });
          for (const batch of firstCut) expect(E.isRight(await ledger.append(history.district, batch))).toBe(true);
          const before = await snapshot(ledger.store, history.district);
          expect(before.head.position).toBe(history.events.length);
          for (const batch of secondCut) {
            const r = await ledger.append(history.district, batch);
            expect(E.isRight(r) && [r.right.appended.length, r.right.skipped.length]).toEqual([0, batch.length]);
          }
          // A ledger that never saw the stream (facts loaded from the store) skips it all too.
          const fresh = createLedger({ store: ledger.store });
          const whole = await fresh.append(history.district, [...history.events]);
          expect(E.isRight(whole) && whole.right.appended.length).toBe(0);
          expect(await snapshot(ledger.store, history.district)).toEqual(before);
        },
      ),
      { numRuns: 60 },
    );
  });
});
