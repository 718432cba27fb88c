import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from './ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { decodeEventInputs } from '../events/envelope.js';
import type { EventInput } from '../events/envelope.js';
import { arbValidHistory } from '../testing/arbitraries.js';

const clock = () => new Date('2026-01-01T00:00:00Z');
const ids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};

const decoded = (inputs: readonly unknown[]): EventInput[] => {
  const d = decodeEventInputs(inputs);
  if (E.isLeft(d)) throw new Error(`the history should decode: ${JSON.stringify(d.left)}`);
  return d.right;
};

describe('Ledger.appendEvents: append without the decoding (docs/spec.md §3–5)', () => {
  it('writes exactly the records append writes for the same events', async () => {
    await fc.assert(
      fc.asyncProperty(arbValidHistory({ maxLength: 12 }), async ({ district, events }) => {
        const byInputs = createLedger({ store: createMemoryStore(), clock, newEventId: ids() });
        const byEvents = createLedger({ store: createMemoryStore(), clock, newEventId: ids() });
        const a = await byInputs.append(district, events);
        const b = await byEvents.appendEvents(district, decoded(events));
        expect(b).toEqual(a);
      }),
      { numRuns: 25 },
    );
  });

  it('applies the same rules: an event of another district is refused by index, and nothing is written', async () => {
    const ledger = createLedger({ store: createMemoryStore(), clock });
    const events = decoded([
      { type: 'ProjectApproved', district: '130302', effectiveDate: '2022-04-01', actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: 'XM-1', title: '项目', level: 'municipal' } },
    ]);
    const elsewhere = '130303' as EventInput['district'];
    const result = await ledger.appendEvents(elsewhere, events);
    expect(result).toEqual(E.left({ kind: 'invalid', problems: [{ index: 0, path: 'district', reason: 'is 130302, but the batch is for district 130303' }] }));
    expect((await ledger.head(elsewhere)).position).toBe(0);
  });
});
