import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeRoot } from './merkle.js';
import { createRangeRoots } from './rangeRoots.js';
import { byteLeafHashes } from '../testing/merkleReference.js';

describe('createRangeRoots', () => {
  it('gives the root of each disjoint range, in the order given, from leaves streamed once (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 40 }), { maxLength: 12 }), fc.nat({ max: 5 }), fc.boolean(), (cuts, extra, reversed) => {
        // Consecutive cut points make disjoint ranges; every other one is left out, leaving gaps.
        const points = [...cuts].sort((a, b) => a - b);
        const ranges = points.slice(1).map((end, i) => ({ start: points[i]!, end })).filter((_, i) => i % 2 === 0);
        const given = reversed ? [...ranges].reverse() : ranges;
        const leaves = byteLeafHashes((points.at(-1) ?? 0) + extra);
        const collector = createRangeRoots(given);
        for (const leaf of leaves) collector.append(leaf);
        expect(collector.size).toBe(leaves.length);
        expect(collector.roots()).toEqual(given.map((r) => rangeRoot(leaves, r.start, r.end)));
      }),
    );
  });

  it('refuses overlapping ranges, and roots of ranges not yet complete', () => {
    expect(() => createRangeRoots([{ start: 0, end: 4 }, { start: 3, end: 5 }])).toThrow(RangeError);
    const collector = createRangeRoots([{ start: 2, end: 4 }]);
    for (const leaf of byteLeafHashes(3)) collector.append(leaf);
    expect(() => collector.roots()).toThrow(RangeError);
    collector.append(byteLeafHashes(4)[3]!);
    expect(collector.roots()).toEqual([rangeRoot(byteLeafHashes(4), 2, 4)]);
    expect(createRangeRoots([]).roots()).toEqual([]);
  });
});
