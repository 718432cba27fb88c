import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createAdmissionCheck } from '../audit/admissionCheck.js';
import { createLedger } from './ledger.js';
import type { StoredRecord } from '../record/record.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { EXAMPLE_DISTRICT, exampleEvent } from '../testing/exampleEvents.js';

const district = EXAMPLE_DISTRICT as DistrictCode;

const readAll = async (store: EventStore): Promise<StoredRecord[]> => {
  const out: StoredRecord[] = [];
  for await (const r of store.read(district)) out.push(r);
  return out;
};

/** A clock that reads whatever the test last set it to. */
const settableClock = (start: string) => {
  let now = new Date(start);
  return { clock: () => now, set: (text: string) => (now = new Date(text)) };
};

const target = (value: number, recordedAt?: string) => exampleEvent('TargetSet', { data: { value }, ...(recordedAt !== undefined ? { recordedAt } : {}) });

describe('recordedAt (docs/spec.md §1)', () => {
  it('is stored normalised to UTC with milliseconds', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store, clock: () => new Date('2021-02-01T00:00:00Z') });
    const r = await ledger.append(EXAMPLE_DISTRICT, [target(1, '2021-01-01T00:30+08:00'), target(2, '2021-01-15T10:00:00.5+0800')]);
    expect(E.isRight(r)).toBe(true);
    expect((await readAll(store)).map((x) => x.recordedAt)).toEqual(['2020-12-31T16:30:00.000Z', '2021-01-15T02:00:00.500Z']);
    expect((await store.head(district)).recordedAt).toBe('2021-01-15T02:00:00.500Z');
  });

  it('rejects an input earlier than the stream’s last, in a later batch', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2021-02-01T00:00:00Z')]))).toBe(true);
    const r = await ledger.append(EXAMPLE_DISTRICT, [target(2, '2021-01-31T23:59:59.999Z')]);
    expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems).toEqual([
      {
        index: 0,
        path: 'recordedAt',
        reason: "2021-01-31T23:59:59.999Z is earlier than the stream's last recordedAt 2021-02-01T00:00:00.000Z; historical imports must be in order",
      },
    ]);
  });

  it('rejects an input earlier than an earlier event of the same batch', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    const r = await ledger.append(EXAMPLE_DISTRICT, [target(1, '2021-02-01T00:00:00Z'), target(2, '2021-01-01T00:00:00Z')]);
    expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems.map((p) => [p.index, p.path])).toEqual([[1, 'recordedAt']]);
  });

  it('accepts an input equal to the stream’s last', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2021-02-01T08:00+08:00')]))).toBe(true);
    expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(2, '2021-02-01T00:00:00.000Z')]))).toBe(true);
  });

  it('compares instants, not their texts', async () => {
    // 01:00Z sorts before 08:30+08:00 as text, but is later in time (08:30+08:00 is 00:30Z).
    const ledger = createLedger({ store: createMemoryStore() });
    expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2021-01-01T08:30+08:00'), target(2, '2021-01-01T01:00Z')]))).toBe(true);
    const other = createLedger({ store: createMemoryStore() });
    const r = await other.append(EXAMPLE_DISTRICT, [target(1, '2021-01-01T01:00Z'), target(2, '2021-01-01T08:30+08:00')]);
    expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems.map((p) => [p.index, p.path])).toEqual([[1, 'recordedAt']]);
  });

  it('takes the clock when the input gives none', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store, clock: () => new Date('2021-03-01T08:00:00+08:00') });
    const r = await ledger.append(EXAMPLE_DISTRICT, [target(1)]);
    expect(E.isRight(r) && r.right.appended.map((x) => x.recordedAt)).toEqual(['2021-03-01T00:00:00.000Z']);
  });

  it('never takes a clock reading earlier than the stream’s last recordedAt', async () => {
    const store = createMemoryStore();
    // The input is ahead of the clock by less than the allowed skew (docs/spec.md §8.2).
    const time = settableClock('2030-05-31T23:56:00Z');
    const ledger = createLedger({ store, clock: time.clock });
    expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2030-06-01T00:00:00Z')]))).toBe(true);
    const r = await ledger.append(EXAMPLE_DISTRICT, [target(2), target(3)]);
    expect(E.isRight(r) && r.right.appended.map((x) => x.recordedAt)).toEqual(['2030-06-01T00:00:00.000Z', '2030-06-01T00:00:00.000Z']);
    // A clock that went backwards between appends does not make the stream go backwards either.
    time.set('2030-07-01T00:00:00Z');
    await ledger.append(EXAMPLE_DISTRICT, [target(4)]);
    time.set('2030-06-15T00:00:00Z');
    await ledger.append(EXAMPLE_DISTRICT, [target(5)]);
    const stamps = (await readAll(store)).map((x) => x.recordedAt);
    expect(stamps).toEqual([...stamps].sort());
    expect(stamps.at(-1)).toBe('2030-07-01T00:00:00.000Z');
  });

  it('after a clock-stamped event, an explicit earlier recordedAt is rejected', async () => {
    const ledger = createLedger({ store: createMemoryStore(), clock: () => new Date('2021-06-01T00:00:00Z') });
    const r = await ledger.append(EXAMPLE_DISTRICT, [target(1), target(2, '2021-05-01T00:00:00Z')]);
    expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems.map((p) => [p.index, p.path])).toEqual([[1, 'recordedAt']]);
  });

  describe('is never later than the ledger’s clock plus the allowed skew (docs/spec.md §8.2)', () => {
    const NOW = '2024-06-01T00:00:00.000Z';
    const clock = () => new Date(NOW);

    it('refuses a recordedAt beyond the skew, naming the clock and the skew, and appends nothing of the batch', async () => {
      const store = createMemoryStore();
      const ledger = createLedger({ store, clock });
      const r = await ledger.append(EXAMPLE_DISTRICT, [target(1, '2024-06-01T00:00:00Z'), target(2, '9999-12-31T00:00:00Z')]);
      expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems).toEqual([
        {
          index: 1,
          path: 'recordedAt',
          reason: "9999-12-31T00:00:00.000Z is later than the ledger's clock (2024-06-01T00:00:00.000Z) plus the allowed skew of 5 minutes; a fact cannot be recorded before it is learned",
        },
      ]);
      expect(await readAll(store)).toEqual([]);
    });

    it('so one far-future input cannot poison the stream: real-time and clock-stamped events still go in', async () => {
      const store = createMemoryStore();
      const ledger = createLedger({ store, clock });
      expect(E.isLeft(await ledger.append(EXAMPLE_DISTRICT, [target(1, '9999-12-31T00:00:00Z')]))).toBe(true);
      const r = await ledger.append(EXAMPLE_DISTRICT, [target(2, '2024-05-31T23:00:00Z'), target(3)]);
      expect(E.isRight(r) && r.right.appended.map((x) => x.recordedAt)).toEqual(['2024-05-31T23:00:00.000Z', NOW]);
    });

    it('accepts up to exactly the clock plus the skew, refuses a millisecond more', async () => {
      fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 24 * 60 * 60 * 1000 }), fc.integer({ min: -60_000, max: 60_000 }), async (skew, offset) => {
          const ledger = createLedger({ store: createMemoryStore(), clock, clockSkewMs: skew });
          const at = new Date(Date.parse(NOW) + skew + offset).toISOString();
          const r = await ledger.append(EXAMPLE_DISTRICT, [target(1, at)]);
          expect(E.isRight(r)).toBe(offset <= 0);
        }),
        { numRuns: 40 },
      );
    });

    it('defaults to 5 minutes', async () => {
      const ledger = createLedger({ store: createMemoryStore(), clock });
      expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2024-06-01T00:05:00.000Z')]))).toBe(true);
      expect(E.isLeft(await ledger.append(EXAMPLE_DISTRICT, [target(2, '2024-06-01T00:05:00.001Z')]))).toBe(true);
    });

    it('reads the clock at append time: an event once in the future may be appended when its time has come', async () => {
      const time = settableClock('2024-06-01T00:00:00Z');
      const ledger = createLedger({ store: createMemoryStore(), clock: time.clock });
      expect(E.isLeft(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2024-06-02T00:00:00Z')]))).toBe(true);
      time.set('2024-06-02T00:00:00Z');
      expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2024-06-02T00:00:00Z')]))).toBe(true);
    });

    it('does not apply to an identical retry of an event already recorded (docs/spec.md §2)', async () => {
      const store = createMemoryStore();
      const event = { ...target(1, '2024-06-01T00:04:00Z'), eventId: '3f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7c' };
      expect(E.isRight(await createLedger({ store, clock }).append(EXAMPLE_DISTRICT, [event]))).toBe(true);
      const earlierClock = createLedger({ store, clock: () => new Date('2024-01-01T00:00:00Z') });
      const r = await earlierClock.append(EXAMPLE_DISTRICT, [event]);
      expect(E.isRight(r) && r.right.skipped.length).toBe(1);
    });

    it('takes a skew too large for a Date as no bound', async () => {
      const ledger = createLedger({ store: createMemoryStore(), clock, clockSkewMs: Number.MAX_SAFE_INTEGER });
      expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '9999-12-31T23:59:59.999Z')]))).toBe(true);
    });

    it('refuses a skew that is not a whole number of milliseconds ≥ 0', () => {
      for (const clockSkewMs of [-1, 0.5, Number.NaN]) expect(() => createLedger({ store: createMemoryStore(), clockSkewMs })).toThrow(RangeError);
    });

    it('is not re-applied by the audit re-check: records admitted under an earlier clock stay admissible', async () => {
      const store = createMemoryStore();
      const ledger = createLedger({ store, clock: () => new Date('2099-01-01T00:00:00Z') });
      expect(E.isRight(await ledger.append(EXAMPLE_DISTRICT, [target(1, '2098-12-31T23:59:00Z'), target(2)]))).toBe(true);
      const check = createAdmissionCheck(district);
      expect((await readAll(store)).map((record) => check.next(record))).toEqual([undefined, undefined]);
    });
  });
});
