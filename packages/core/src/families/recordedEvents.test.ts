import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVENT_TYPES } from '../events/catalog.js';
import type { EventType } from '../events/catalog.js';
import { UNIT_IDS } from '../events/vocabulary.js';
import type { Unit } from '../events/vocabulary.js';
import { RecordedEvents } from './streamFacts.js';
import type { RecordedEventFacts } from './streamFacts.js';

/** RecordedEvents must answer exactly as a `Map` from the id's text to its facts would. */

type Op =
  | { readonly kind: 'set'; readonly id: string; readonly position: number; readonly type: EventType; readonly unit: Unit }
  | { readonly kind: 'delete'; readonly id: string }
  | { readonly kind: 'retract'; readonly id: string; readonly retracted: boolean };

// Few distinct ids, so that sets, deletes and look-ups meet: UUIDs, their upper-case spelling, other text.
const arbId = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom('not-a-uuid', '', '00000000-0000-4000-8000-00000000000g', '00000000x0000-4000-8000-000000000000') },
  );

const arbOps = (ids: readonly string[]): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), id: fc.constantFrom(...ids), position: fc.oneof(fc.integer({ min: 1, max: 1e6 }), fc.constant(2 ** 33)), type: fc.constantFrom(...EVENT_TYPES), unit: fc.constantFrom(...UNIT_IDS) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...ids) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('retract' as const), id: fc.constantFrom(...ids), retracted: fc.boolean() }) },
    ),
    { maxLength: 400 },
  );

describe('RecordedEvents', () => {
  it('answers as a Map of the id text would, through growth, collisions and deletions', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbId(), { minLength: 1, maxLength: 3000 }).chain((ids) => fc.tuple(fc.constant(ids), arbOps(ids))),
        ([ids, ops]) => {
          const table = new RecordedEvents();
          const model = new Map<string, RecordedEventFacts>();
          // Fill first, so that the table grows and its probe runs are long.
          ids.forEach((id, i) => {
            table.set(id, i + 1, EVENT_TYPES[i % EVENT_TYPES.length]!, UNIT_IDS[i % UNIT_IDS.length]!);
            model.set(id, { position: i + 1, type: EVENT_TYPES[i % EVENT_TYPES.length]!, unit: UNIT_IDS[i % UNIT_IDS.length]!, retracted: false });
          });
          for (const op of ops) {
            if (op.kind === 'set') {
              table.set(op.id, op.position, op.type, op.unit);
              model.set(op.id, { position: op.position, type: op.type, unit: op.unit, retracted: false });
            } else if (op.kind === 'delete') {
              expect(table.delete(op.id)).toBe(model.delete(op.id));
            } else {
              table.setRetracted(op.id, op.retracted);
              const m = model.get(op.id);
              if (m !== undefined) model.set(op.id, { ...m, retracted: op.retracted });
            }
          }
          expect(table.size).toBe(model.size);
          for (const id of ids) {
            expect(table.get(id)).toEqual(model.get(id));
            expect(table.positionOf(id)).toBe(model.get(id)?.position);
            expect(table.unitOf(id)).toBe(model.get(id)?.unit);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps 50 000 events through growth, and gives them back one by one as an undo does', () => {
    const ids = fc.sample(fc.uuid(), { numRuns: 50_000, seed: 15 });
    const unique = [...new Set(ids)];
    const table = new RecordedEvents();
    unique.forEach((id, i) => table.set(id, i + 1, 'TargetSet', 'finance'));
    expect(table.size).toBe(unique.length);
    unique.forEach((id, i) => expect(table.positionOf(id)).toBe(i + 1));
    // Every other one deleted, then the rest checked: backward shifts keep every probe run whole.
    unique.forEach((id, i) => {
      if (i % 2 === 0) expect(table.delete(id)).toBe(true);
    });
    unique.forEach((id, i) => expect(table.positionOf(id)).toBe(i % 2 === 0 ? undefined : i + 1));
    for (let i = unique.length - 1; i >= 0; i--) if (i % 2 === 1) table.delete(unique[i]!);
    expect(table.size).toBe(0);
  });
});
