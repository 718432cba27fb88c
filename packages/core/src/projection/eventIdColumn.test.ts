import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventIdColumn } from './eventIdColumn.js';

// What the column replaces: an array of ids by position and a Map from id to its last position.
const referenceOf = (ids: readonly string[]) => {
  const byPosition = ['', ...ids];
  const positionOf = new Map<string, number>();
  ids.forEach((id, i) => positionOf.set(id, i + 1));
  return { byPosition, positionOf };
};

const uuid = fc.uuid().map((u) => u.toLowerCase());
// Ids a store may hold: the ledger's UUIDs, their upper-case spelling, near misses, and any text.
const anyId = fc.oneof(
  { weight: 6, arbitrary: uuid },
  { weight: 1, arbitrary: uuid.map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: uuid.map((u) => `${u.slice(0, 8)}_${u.slice(9)}`) },
  { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '', 'x') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const expectSame = (column: EventIdColumn, ids: readonly string[], probes: readonly string[]): void => {
  const reference = referenceOf(ids);
  expect(column.lastPosition).toBe(ids.length);
  for (let p = 0; p <= ids.length + 1; p++) expect(column.at(p)).toBe(p >= 1 && p <= ids.length ? reference.byPosition[p] : undefined);
  for (const id of [...ids, ...probes]) expect(column.positionOf(id)).toBe(reference.positionOf.get(id));
  expect(column.toJSON()).toEqual(reference.byPosition);
};

describe('EventIdColumn', () => {
  it('answers as an array of ids and a Map from id to its last position: ids repeated, in other forms, or absent (property)', () => {
    fc.assert(
      fc.property(fc.array(anyId, { maxLength: 60 }), fc.array(anyId, { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 10 }), (fresh, probes, repeats) => {
        // Some ids given again later, as a store's duplicate would be folded.
        const ids = [...fresh, ...repeats.filter(() => fresh.length > 0).map((r) => fresh[r % fresh.length]!)];
        const column = new EventIdColumn();
        for (const id of ids) column.push(id);
        expectSame(column, ids, probes);
        expectSame(EventIdColumn.of(column.toJSON()), ids, probes);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps answering while its words and its table grow: 20,000 ids, every 7th given again', () => {
    const ids = fc.sample(uuid, { numRuns: 20_000, seed: 7 });
    const all = ids.flatMap((id, i) => (i % 7 === 0 ? [id, id] : [id]));
    const column = new EventIdColumn();
    for (const id of all) column.push(id);
    expectSame(column, all, fc.sample(uuid, { numRuns: 50, seed: 8 }));
  });
});
