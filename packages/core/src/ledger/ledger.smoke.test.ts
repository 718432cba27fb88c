import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger, createMemoryStore, recordHashOf, dataHashOf, GENESIS_HASH } from '../index.js';

describe('ledger smoke', () => {
  it('appends a recognition and chains hashes', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store, clock: () => new Date('2021-01-01T00:00:00Z') });
    const r = await ledger.append('130302', [
      { type: 'EnterpriseRecognized', district: '130302', effectiveDate: '2020-11-20', actor: { unit: 'development-reform', user: 'zhang.san' },
        data: { enterpriseId: '91130302MA0CXXXX00'.slice(0, 17) + 'X', name: 'A', designation: 'high-tech' } },
    ]);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r) && r.left.kind === 'invalid') expect(r.left.problems[0]!.path).toBe('data.enterpriseId');
  });
  it('hashes', () => {
    expect(GENESIS_HASH).toHaveLength(64);
    expect(dataHashOf({ b: 1, a: 2 })).toBe(dataHashOf({ a: 2, b: 1 }));
    expect(typeof recordHashOf).toBe('function');
  });
});
