import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from '../ledger/ledger.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { createMemoryStore } from './memoryStore.js';

const DISTRICT = '130302' as DistrictCode;
const project = (n: number) => ({
  type: 'ProjectApproved',
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  district: DISTRICT,
  effectiveDate: '2022-04-01',
  recordedAt: `2022-04-0${n}T09:00:00Z`,
  actor: { unit: 'development-reform', user: 'zhang.san' },
  data: { projectId: `XM-${n}`, title: `项目${n}`, level: 'municipal' },
});

describe('MemoryEventStore.inOneTransaction (the port capability, emulated; docs/spec.md §2, §8.1)', () => {
  it('keeps every append of the work when keep says so', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store });
    await store.inOneTransaction(async () => {
      await ledger.append(DISTRICT, [project(1)]);
      await ledger.append(DISTRICT, [project(2)]);
    }, () => true);
    expect((await store.head(DISTRICT)).position).toBe(2);
  });

  it('removes every append of the work, ids included, when keep says no or the work throws', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store });
    await ledger.append(DISTRICT, [project(1)]);
    const before = await store.head(DISTRICT);
    await store.inOneTransaction(() => ledger.append(DISTRICT, [project(2), project(3)]), () => false);
    expect(await store.head(DISTRICT)).toEqual(before);
    // A ledger's facts describe what it appended: after a rollback, a new ledger reads the store afresh.
    await expect(store.inOneTransaction(async () => {
      await createLedger({ store }).append(DISTRICT, [project(2)]);
      throw new Error('stopped');
    }, () => true)).rejects.toThrow('stopped');
    expect(await store.head(DISTRICT)).toEqual(before);
    // The removed ids are free again: the same events append as new, not as retries.
    const again = await createLedger({ store }).append(DISTRICT, [project(2), project(3)]);
    expect(E.isRight(again) && again.right.appended.length).toBe(2);
    expect(await store.streams()).toEqual([DISTRICT]);
  });

  it('leaves no stream behind that only the work created, and refuses a second transaction inside the first', async () => {
    const store = createMemoryStore();
    await store.inOneTransaction(async () => {
      await createLedger({ store }).append(DISTRICT, [project(1)]);
      await expect(store.inOneTransaction(async () => undefined, () => true)).rejects.toThrow(/already open/);
    }, () => false);
    expect(await store.streams()).toEqual([]);
  });
});
