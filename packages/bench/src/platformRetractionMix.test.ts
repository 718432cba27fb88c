/**
 * The platform-heavy, retraction-heavy mix: the ledger admits every event of it (docs/spec.md §4, §5), and its
 * shares of platform events and retractions are the ones docs/benchmarks.md states per 1,000,000 events.
 */
import { createLedger, createMemoryStore } from '@indicator-ledger/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { batchesOf, PLATFORM_RETRACTION_MIX, syntheticInputs } from './syntheticInputs.js';

const STREAM = { district: '130309', seed: 11, events: 30_000, mix: PLATFORM_RETRACTION_MIX } as const;

describe('the platform and retraction mix', () => {
  it('is admitted by the ledger, batch by batch', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    for (const batch of batchesOf(syntheticInputs(STREAM), 1_000)) {
      const result = await ledger.append(STREAM.district, batch);
      expect(E.isRight(result), E.isLeft(result) ? JSON.stringify(result.left).slice(0, 600) : '').toBe(true);
    }
    await ledger.close();
  }, 120_000);

  it('has ~73,600 platform events and ~52,000 retractions per 1,000,000 events', () => {
    let platforms = 0;
    let retractions = 0;
    for (const e of syntheticInputs(STREAM)) {
      if (e.type === 'PlatformCertified' || e.type === 'PlatformDecertified') platforms++;
      if (e.type === 'EventRetracted') retractions++;
    }
    const perMillion = (n: number): number => (n / STREAM.events) * 1_000_000;
    expect(perMillion(platforms)).toBeGreaterThan(73_600 * 0.9);
    expect(perMillion(platforms)).toBeLessThan(73_600 * 1.1);
    expect(perMillion(retractions)).toBeGreaterThan(52_000 * 0.9);
    expect(perMillion(retractions)).toBeLessThan(52_000 * 1.1);
  });

  it('is the same events on every run', () => {
    const first = [...syntheticInputs({ ...STREAM, events: 2_000 })];
    const second = [...syntheticInputs({ ...STREAM, events: 2_000 })];
    expect(second).toEqual(first);
  });
});
