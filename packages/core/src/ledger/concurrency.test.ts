import { describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from './ledger.js';
import type { StoredRecord } from '../record/record.js';
import { GENESIS_HASH } from '../record/record.js';
import { MemoryEventStore, createMemoryStore } from '../store/memoryStore.js';
import type { EventStore, StoreAppendResult } from '../store/port.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { EXAMPLE_DISTRICT, exampleEvent } from '../testing/exampleEvents.js';

const district = EXAMPLE_DISTRICT as DistrictCode;

const readAll = async (store: EventStore): Promise<StoredRecord[]> => {
  const out: StoredRecord[] = [];
  for await (const r of store.read(district)) out.push(r);
  return out;
};

/**
 * A memory store whose first append waits until a second append has arrived, so two writers have
 * both planned their batch against the same head before either writes: a race forced every time.
 */
class RacingStore extends MemoryEventStore {
  appendCalls = 0;
  #secondArrived!: () => void;
  readonly #gate = new Promise<void>((resolve) => (this.#secondArrived = resolve));

  override async append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult> {
    this.appendCalls++;
    if (this.appendCalls === 1) await this.#gate;
    if (this.appendCalls === 2) this.#secondArrived();
    return super.append(stream, records, expectedPosition);
  }
}

describe('optimistic concurrency (docs/spec.md §2)', () => {
  it('gives a typed conflict for a stale expectedPosition, writing nothing', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [exampleEvent('TargetSet')], { expectedPosition: 0 }))).toBe(true);
    const before = (await readAll(ledger.store)).map((r) => canonicalize(r));
    const r = await ledger.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated')], { expectedPosition: 0 });
    expect(r).toEqual(E.left({ kind: 'conflict', expectedPosition: 0, actualPosition: 1 }));
    expect((await readAll(ledger.store)).map((x) => canonicalize(x))).toEqual(before);
    expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated')], { expectedPosition: 1 }))).toBe(true);
  });

  it('gives a typed conflict when another ledger on the same store moved the head', async () => {
    const store = createMemoryStore();
    const a = createLedger({ store });
    const b = createLedger({ store });
    expect(E.isRight(await b.append(EXAMPLE_DISTRICT, [exampleEvent('TargetSet')]))).toBe(true);
    expect(E.isRight(await a.append(EXAMPLE_DISTRICT, [exampleEvent('TargetSet', { data: { value: 1 } })]))).toBe(true);
    const r = await b.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated')], { expectedPosition: 1 });
    expect(r).toEqual(E.left({ kind: 'conflict', expectedPosition: 1, actualPosition: 2 }));
  });

  it('gives a typed conflict when the race is lost at the store and the caller named a position', async () => {
    const store = new RacingStore();
    const a = createLedger({ store });
    const b = createLedger({ store });
    const [ra, rb] = await Promise.all([
      a.append(EXAMPLE_DISTRICT, [exampleEvent('TargetSet')], { expectedPosition: 0 }),
      b.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated')], { expectedPosition: 0 }),
    ]);
    const outcomes = [ra, rb].map((r) => (E.isRight(r) ? 'appended' : r.left));
    expect(outcomes).toContain('appended');
    expect(outcomes).toContainEqual({ kind: 'conflict', expectedPosition: 0, actualPosition: 1 });
    expect((await store.head(district)).position).toBe(1);
  });

  it('lands two concurrent appends through two ledgers without expectedPosition: the loser retries', async () => {
    const store = new RacingStore();
    const a = createLedger({ store });
    const b = createLedger({ store });
    const [ra, rb] = await Promise.all([
      a.append(EXAMPLE_DISTRICT, [exampleEvent('TargetSet'), exampleEvent('TargetSet', { data: { year: 2025 } })]),
      b.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated')]),
    ]);
    expect(E.isRight(ra) && E.isRight(rb)).toBe(true);
    // Both planned against position 0; one store append lost and was retried: three calls in all.
    expect(store.appendCalls).toBe(3);
    const records = await readAll(store);
    expect(records.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.type).sort()).toEqual(['FundsAllocated', 'TargetSet', 'TargetSet']);
    records.forEach((r, i) => expect(r.prevHash).toBe(i === 0 ? GENESIS_HASH : records[i - 1]!.hash));
  });

  it('re-checks the rules on retry: the loser of a race for one allocation id is refused', async () => {
    const store = new RacingStore();
    const a = createLedger({ store });
    const b = createLedger({ store });
    const [ra, rb] = await Promise.all([
      a.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated')]),
      b.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated', { data: { amountFen: 1 } })]),
    ]);
    const outcomes = [ra, rb].map((r) => (E.isRight(r) ? 'appended' : r.left.kind === 'invalid' ? r.left.problems.map((p) => p.path) : r.left.kind));
    expect(outcomes.sort()).toEqual([['data.allocationId'], 'appended'].sort());
    expect((await store.head(district)).position).toBe(1);
  });

  it('serialises appends through one ledger, so concurrent calls on it all land in order of call', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ledger.append(EXAMPLE_DISTRICT, [exampleEvent('FundsAllocated', { data: { allocationId: `CZ-${i}` } })])),
    );
    expect(results.every(E.isRight)).toBe(true);
    const records = await readAll(ledger.store);
    expect(records.map((r) => r.type === 'FundsAllocated' && r.data.allocationId)).toEqual(Array.from({ length: 20 }, (_, i) => `CZ-${i}`));
  });

  it('rolls its facts back when the store throws, so the same batch can be appended afterwards', async () => {
    class FailingOnceStore extends MemoryEventStore {
      failed = false;
      override async append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult> {
        if (!this.failed) {
          this.failed = true;
          throw new Error('disk full');
        }
        return super.append(stream, records, expectedPosition);
      }
    }
    const store = new FailingOnceStore();
    const ledger = createLedger({ store });
    const batch = [exampleEvent('FundsAllocated'), exampleEvent('ProjectApproved')];
    await expect(ledger.append(EXAMPLE_DISTRICT, batch)).rejects.toThrow('disk full');
    const r = await ledger.append(EXAMPLE_DISTRICT, batch);
    expect(E.isRight(r) && r.right.appended.map((x) => x.position)).toEqual([1, 2]);
    expect((await readAll(store))[0]!.prevHash).toBe(GENESIS_HASH);
  });
});
