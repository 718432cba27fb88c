import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from './ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { decodeEventInput } from '../events/envelope.js';
import { AFTER_EVERY_HISTORY, arbBatches, arbValidHistory } from '../testing/arbitraries.js';

const recordsOf = async (store: EventStore, stream: DistrictCode): Promise<string[]> => {
  const out: string[] = [];
  for await (const r of store.read(stream)) out.push(canonicalize(r)!);
  return out;
};

describe('valid histories (the arbitrary other tests build on)', () => {
  it('are accepted whole, and cut into batches give the very same records', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbValidHistory({ maxLength: 50 }).chain((h) => fc.tuple(fc.constant(h), arbBatches(h.events))),
        async ([history, batches]) => {
          const whole = createMemoryStore();
          const r = await createLedger({ store: whole, clock: AFTER_EVERY_HISTORY }).append(history.district, [...history.events]);
          if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
          expect(r.right.appended).toHaveLength(history.events.length);

          const cut = createMemoryStore();
          const ledger = createLedger({ store: cut, clock: AFTER_EVERY_HISTORY });
          for (const batch of batches) expect(E.isRight(await ledger.append(history.district, batch))).toBe(true);
          expect(await recordsOf(cut, history.district)).toEqual(await recordsOf(whole, history.district));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('hold one district, explicit ids and non-decreasing recordedAt', () => {
    fc.assert(
      fc.property(arbValidHistory({ district: '130302', minLength: 1 }), (history) => {
        expect(history.district).toBe('130302');
        const decoded = history.events.map((e) => decodeEventInput(e));
        expect(decoded.every(E.isRight)).toBe(true);
        const events = decoded.flatMap((d) => (E.isRight(d) ? [d.right] : []));
        expect(events.every((e) => e.district === '130302' && e.eventId !== undefined && e.recordedAt !== undefined)).toBe(true);
        const stamps = events.map((e) => e.recordedAt!);
        expect(stamps).toEqual([...stamps].sort());
        expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      }),
    );
  });
});
