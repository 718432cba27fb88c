import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createIndicatorProjections, createLedger, createMemoryStore } from '../index.js';
import { creditCodeOf as uscc } from '../testing/fixtures.js';
const dr = { unit: 'development-reform', user: 'u' } as const;

describe('projection smoke', () => {
  it('counts, retracts, vintages', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store });
    const projections = createIndicatorProjections(store, { ledger });
    const a = uscc('91130302MA0CABCD1');
    const b = uscc('91130302MA0CABCD2');
    const r1 = await ledger.append('130302', [
      { type: 'TargetSet', district: '130302', effectiveDate: '2019-06-01', recordedAt: '2019-06-01T00:00:00Z', actor: dr, data: { indicator: 'high-tech-enterprises', year: 2020, comparator: 'gte', value: 2 } },
      { type: 'EnterpriseRecognized', eventId: '00000000-0000-4000-8000-000000000001', district: '130302', effectiveDate: '2020-02-29', recordedAt: '2020-03-01T00:00:00Z', actor: dr, data: { enterpriseId: a, name: 'A', designation: 'high-tech' } },
      { type: 'EnterpriseRecognized', district: '130302', effectiveDate: '2020-05-01', recordedAt: '2020-05-02T00:00:00Z', actor: dr, data: { enterpriseId: b, name: 'B', designation: 'high-tech' } },
    ]);
    expect(E.isRight(r1)).toBe(true);
    let s = await projections.snapshot('130302', { year: 2020 });
    expect(E.isRight(s) && s.right.indicators['high-tech-enterprises']).toMatchObject({ value: 2, status: 'met' });
    s = await projections.snapshot('130302', { date: '2023-02-27' });
    expect(E.isRight(s) && s.right.indicators['high-tech-enterprises'].value).toBe(2);
    s = await projections.snapshot('130302', { date: '2023-02-28' });
    expect(E.isRight(s) && s.right.indicators['high-tech-enterprises'].value).toBe(1);
    await ledger.append('130302', [
      { type: 'EventRetracted', district: '130302', effectiveDate: '2021-01-10', recordedAt: '2021-01-10T00:00:00Z', actor: dr, data: { eventId: '00000000-0000-4000-8000-000000000001', reason: 'mistake' } },
    ]);
    s = await projections.snapshot('130302', { year: 2020 });
    expect(E.isRight(s) && s.right.indicators['high-tech-enterprises']).toMatchObject({ value: 1, status: 'not-met' });
    s = await projections.snapshot('130302', { year: 2020, asOf: '2020-12-31T00:00:00+08:00' });
    expect(E.isRight(s) && s.right.indicators['high-tech-enterprises'].value).toBe(2);
    const v = await projections.vintages('130302', 'high-tech-enterprises', 2020);
    expect(E.isRight(v) && v.right.map((x) => [x.fromRecordedAt, x.value])).toEqual([
      ['2019-06-01T00:00:00.000Z', 0],
      ['2020-03-01T00:00:00.000Z', 1],
      ['2020-05-02T00:00:00.000Z', 2],
      ['2021-01-10T00:00:00.000Z', 1],
    ]);
    const x = await projections.explain('130302', 'high-tech-enterprises', { year: 2020 });
    expect(E.isRight(x) && x.right.contributions.map((c) => c.entity)).toEqual([b]);
    const fresh = createIndicatorProjections(store);
    expect(await fresh.snapshot('130302', { year: 2020 })).toEqual(await projections.snapshot('130302', { year: 2020 }));
    expect(await projections.saveCheckpoint('130302' as never)).toBe(true);
    const resumed = createIndicatorProjections(store);
    expect(await resumed.snapshot('130302', { year: 2020, asOf: '2020-12-31T00:00:00Z' })).toEqual(await projections.snapshot('130302', { year: 2020, asOf: '2020-12-31T00:00:00Z' }));
  });
});
