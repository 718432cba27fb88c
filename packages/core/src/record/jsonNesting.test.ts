import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../store/memoryStore.js';
import { DISTRICT, ledgerWith, recordsOf } from '../testing/auditFixtures.js';
import { MAX_JSON_NESTING, nestedDeeperThan } from './jsonNesting.js';
import type { StoredRecord } from './record.js';

// The depth of a (small) JSON value, by the plain recursive definition.
const depthOf = (u: unknown): number => (typeof u === 'object' && u !== null ? 1 + Math.max(0, ...Object.values(u).map(depthOf)) : 0);

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
};

describe('nestedDeeperThan', () => {
  it('is true exactly when the recursive depth exceeds the limit (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        expect(nestedDeeperThan(value, limit)).toBe(depthOf(value) > limit);
      }),
    );
  });

  it(`reads ${MAX_JSON_NESTING} levels, refuses one more, and measures 1,000,000 levels and cycles without recursing`, () => {
    expect(nestedDeeperThan(nested(MAX_JSON_NESTING))).toBe(false);
    expect(nestedDeeperThan(nested(MAX_JSON_NESTING + 1))).toBe(true);
    expect(nestedDeeperThan(nested(1_000_000))).toBe(true);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(nestedDeeperThan(cycle)).toBe(true);
  });
});

describe('MemoryEventStore', () => {
  it('refuses a record nested 100,000 levels deep by its position, instead of overflowing the stack (docs/spec.md §8.3)', async () => {
    const { store: source } = await ledgerWith(DISTRICT, [
      { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2022-04-01', recordedAt: '2022-04-01T09:00:00+08:00', actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: 'XM-1', title: '项目', level: 'municipal' } },
    ]);
    const [record] = await recordsOf(source);
    const store = new MemoryEventStore();
    await expect(store.append(DISTRICT, [{ ...record!, data: { ...record!.data, deep: nested(100_000) } } as never], 0)).rejects.toThrow(new RangeError('position 1: nested deeper than 64 levels'));
    expect((await store.head(DISTRICT)).position).toBe(0);
  });

  const isDeeplyFrozen = (u: unknown): boolean =>
    typeof u !== 'object' || u === null || (Object.isFrozen(u) && Object.values(u).every(isDeeplyFrozen));

  it(`keeps a record of ${MAX_JSON_NESTING} levels and refuses one of ${MAX_JSON_NESTING + 1} or a cycle, writing none of its batch`, async () => {
    const { store: source } = await ledgerWith(DISTRICT, [
      { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2022-04-01', recordedAt: '2022-04-01T09:00:00+08:00', actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: 'XM-1', title: '项目', level: 'municipal' } },
    ]);
    const [record] = await recordsOf(source);
    // The record is level 1 and its data level 2: `deep` adds the rest.
    const withDeep = (levels: number): StoredRecord => ({ ...record!, data: { ...record!.data, deep: nested(levels) } }) as unknown as StoredRecord;
    const store = new MemoryEventStore();
    await expect(store.append(DISTRICT, [withDeep(MAX_JSON_NESTING - 2)], 0)).resolves.toMatchObject({ right: { position: 1 } });
    const second = { ...record!, position: 2, eventId: '00000000-0000-4000-8000-000000000002' };
    await expect(store.append(DISTRICT, [second, { ...withDeep(MAX_JSON_NESTING - 1), position: 3, eventId: '00000000-0000-4000-8000-000000000003' }] as never, 1)).rejects.toThrow(new RangeError('position 3: nested deeper than 64 levels'));
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expect(store.append(DISTRICT, [{ ...record!, position: 2, eventId: '00000000-0000-4000-8000-000000000002', data: { ...record!.data, cycle } }] as never, 1)).rejects.toThrow(RangeError);
    expect((await store.head(DISTRICT)).position).toBe(1);
  });

  it('keeps a key named __proto__ as data, as JSON.parse gives it (found by the property below, seed 2100909630)', async () => {
    const { store: source } = await ledgerWith(DISTRICT, [
      { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2022-04-01', recordedAt: '2022-04-01T09:00:00+08:00', actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: 'XM-1', title: '项目', level: 'municipal' } },
    ]);
    const [record] = await recordsOf(source);
    const data = JSON.parse('{"": {"": {"__proto__": ""}}, "__proto__": {"polluted": true}}') as Record<string, unknown>;
    const store = new MemoryEventStore();
    await store.append(DISTRICT, [{ ...record!, data } as never], 0);
    const [stored] = await recordsOf(store);
    expect(stored!.data).toEqual(structuredClone(data));
    expect(Object.hasOwn(stored!.data as object, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(stored!.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('holds its own deeply frozen copy of any JSON data: equal to what was appended, untouched by the caller after (property)', async () => {
    const { store: source } = await ledgerWith(DISTRICT, [
      { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2022-04-01', recordedAt: '2022-04-01T09:00:00+08:00', actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: 'XM-1', title: '项目', level: 'municipal' } },
    ]);
    const [record] = await recordsOf(source);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 6 })), async (data) => {
        const store = new MemoryEventStore();
        const given = { ...record!, data };
        const expected = structuredClone(given);
        await store.append(DISTRICT, [given as never], 0);
        // The caller changes everything it handed over: the store's copy must not move.
        for (const key of Object.keys(data)) data[key] = 'changed';
        (given as Record<string, unknown>).type = 'changed';
        const [stored] = await recordsOf(store);
        expect(stored).toEqual(expected);
        expect(isDeeplyFrozen(stored)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
