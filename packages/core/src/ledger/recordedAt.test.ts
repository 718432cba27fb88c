import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from './ledger.js';
import type { StoredRecord } from './record.js';
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
    const ledger = createLedger({ store, clock: () => new Date(0) });
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
    const time = settableClock('2021-01-01T00:00:00Z');
    const ledger = createLedger({ store, clock: time.clock });
    await ledger.append(EXAMPLE_DISTRICT, [target(1, '2030-06-01T00:00:00Z')]);
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
});
