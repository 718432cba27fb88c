import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyEventIdIndex, extendEventIdIndex, firstDuplicateEventId } from './eventIdIndex.js';

const at = (position: number, eventId: string) => ({ position, eventId });

describe('extending the index', () => {
  it('adds records that continue it', () => {
    const index = emptyEventIdIndex();
    expect(extendEventIdIndex(index, [at(1, 'a'), at(2, 'b')])).toBe(2);
    expect(extendEventIdIndex(index, [at(3, 'c')])).toBe(3);
    expect([...index.positions]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('skips records it already holds, so overlapping catch-ups are harmless', () => {
    const index = emptyEventIdIndex();
    extendEventIdIndex(index, [at(1, 'a'), at(2, 'b')]);
    expect(extendEventIdIndex(index, [at(1, 'a'), at(2, 'b'), at(3, 'c')])).toBe(3);
    expect(index.positions.get('a')).toBe(1);
    expect(index.positions.size).toBe(3);
  });

  it('stops at a gap, never indexing past positions it has not seen', () => {
    const index = emptyEventIdIndex();
    extendEventIdIndex(index, [at(1, 'a')]);
    expect(extendEventIdIndex(index, [at(3, 'c'), at(4, 'd')])).toBe(1);
    expect(index.positions.has('c')).toBe(false);
  });
});

describe('the first duplicate event id of a batch', () => {
  const index = emptyEventIdIndex();
  extendEventIdIndex(index, [at(1, 'a'), at(2, 'b'), at(3, 'c')]);

  it('names an id already in the stream with its position', () => {
    expect(firstDuplicateEventId(index, [at(4, 'x'), at(5, 'b'), at(6, 'a')])).toEqual({ eventId: 'b', position: 2 });
  });

  it('names an id repeated within the batch with its first position', () => {
    expect(firstDuplicateEventId(index, [at(4, 'x'), at(5, 'y'), at(6, 'x')])).toEqual({ eventId: 'x', position: 4 });
  });

  it('is undefined for a batch of new, distinct ids', () => {
    expect(firstDuplicateEventId(index, [at(4, 'x'), at(5, 'y')])).toBeUndefined();
    expect(firstDuplicateEventId(index, [])).toBeUndefined();
  });

  it('agrees with a plain scan of stream and batch', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 6 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 6 }), (stream, batch) => {
        const distinct = [...new Set(stream)];
        const idx = emptyEventIdIndex();
        extendEventIdIndex(idx, distinct.map((id, i) => at(i + 1, id)));
        const records = batch.map((id, i) => at(distinct.length + 1 + i, id));
        const all = [...distinct.map((id, i) => at(i + 1, id)), ...records];
        // The model: the first batch record whose id occurs earlier anywhere, with that earlier position.
        const expected = records
          .map((r) => ({ r, earlier: all.find((e) => e.eventId === r.eventId && e.position < r.position) }))
          .find((x) => x.earlier !== undefined);
        expect(firstDuplicateEventId(idx, records)).toEqual(expected === undefined ? undefined : { eventId: expected.r.eventId, position: expected.earlier!.position });
      }),
    );
  });
});
