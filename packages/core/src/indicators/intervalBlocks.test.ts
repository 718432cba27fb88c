import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalBlocks } from './intervalBlocks.js';

type Op =
  | { readonly kind: 'append'; readonly from: number; readonly span: number; readonly later: number }
  | { readonly kind: 'remove'; readonly pick: number }
  | { readonly kind: 'query'; readonly position: number; readonly date: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('append' as const), from: fc.integer({ min: 0, max: 30 }), span: fc.integer({ min: 0, max: 12 }), later: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), position: fc.integer({ min: 0, max: 200 }), date: fc.integer({ min: -2, max: 45 }) }) },
);

describe('IntervalBlocks', () => {
  it('counts the entries known at P, not taken out, covering D, as a scan of every entry does, with blocks of 1 to 5 (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 1, max: 5 }), (ops, blockSize) => {
        const blocks = new IntervalBlocks(blockSize);
        const entries: { from: number; until: number; knownAt: number; removed: boolean }[] = [];
        let knownAt = 0;
        for (const o of ops) {
          if (o.kind === 'append') {
            knownAt += o.later;
            expect(blocks.append(o.from, o.from + o.span, knownAt)).toBe(entries.length);
            entries.push({ from: o.from, until: o.from + o.span, knownAt, removed: false });
          } else if (o.kind === 'remove') {
            if (entries.length === 0) continue;
            const id = o.pick % entries.length;
            blocks.remove(id);
            entries[id]!.removed = true;
          } else {
            const scanned = entries.filter((e) => !e.removed && e.knownAt <= o.position && e.from <= o.date && o.date <= e.until).length;
            expect(blocks.countAt(o.position, o.date)).toBe(scanned);
          }
        }
        expect(blocks.length).toBe(entries.length);
      }),
      { numRuns: 1000 },
    );
  });
});
