import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Level, PlatformKind } from '../events/vocabulary.js';
import { addPlatformEvent, emptyPlatformTable, markPlatformEventRetracted, platformCountsAt, platformCountsByWalk } from './platforms.js';
import type { PlatformTable } from './platforms.js';
import type { Knowledge } from './knowledge.js';
import { foldRetracting } from '../testing/retractingFold.js';

type Op =
  | { readonly kind: 'certify'; readonly platform: number; readonly date: number; readonly type: PlatformKind; readonly level: Level }
  | { readonly kind: 'decertify'; readonly platform: number; readonly date: number }
  | { readonly kind: 'retract'; readonly back: number }
  | { readonly kind: 'query'; readonly date: number; readonly position: number };

// Dates as YYYYMMDD over two years, with few days, so that dates collide with D and with January 1 of Y;
// platforms from a small pool so histories have several events; dates mostly rising (clean platforms,
// counted from the blocks), sometimes earlier than a platform's last event (walked one by one).
const KINDS: readonly PlatformKind[] = ['key-laboratory', 'enterprise-technology-center', 'maker-space', 'incubator', 'agricultural-science-park'];
const LEVELS: readonly Level[] = ['district', 'municipal', 'provincial'];
const date = fc.tuple(fc.constantFrom(2020, 2021), fc.constantFrom(101, 102, 615, 1231)).map(([y, md]) => y * 10000 + md);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('certify' as const),
      platform: fc.integer({ min: 0, max: 12 }),
      date,
      type: fc.constantFrom(...KINDS),
      level: fc.constantFrom(...LEVELS),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decertify' as const), platform: fc.integer({ min: 0, max: 12 }), date }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), back: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('query' as const), date, position: fc.nat() }) },
);

/** Folds `ops` as the projection does, into `t` (testing/retractingFold.ts). */
const fold = (ops: readonly Op[], t: PlatformTable, retractedAt: number[], onQuery: (k: Knowledge, date: number) => void): void =>
  foldRetracting<Extract<Op, { readonly kind: 'certify' | 'decertify' }>>(ops, retractedAt, {
    add: (o, position) => {
      if (o.kind === 'certify') addPlatformEvent(t, `PT-${o.platform}`, o.date, position, { kind: o.type, level: o.level });
      else addPlatformEvent(t, `PT-${o.platform}`, o.date, position, null);
    },
    retracted: (position) => markPlatformEventRetracted(t, position),
    query: onQuery,
  });

describe('platformCountsAt over interval blocks', () => {
  it('= the walk over every platform, at any (date, position), with blocks of 1 to 6 points, queried while folding and after', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(date, fc.nat()), { minLength: 1, maxLength: 8 }), (ops, blockSize, queries) => {
        const t = emptyPlatformTable(blockSize);
        const retractedAt: number[] = [0];
        // Queries in the middle build the index early, so the rest of the fold keeps it up (incremental).
        fold(ops, t, retractedAt, (k, d) => expect(platformCountsAt(t, k, d)).toEqual(platformCountsByWalk(t, k, d)));
        // A table folded without a query builds its index from the whole history at the first one (rebuild).
        const rebuilt = emptyPlatformTable(blockSize);
        fold(ops, rebuilt, [0], () => undefined);
        const position = retractedAt.length - 1;
        for (const [d, p] of queries) {
          const k: Knowledge = { position: p % (position + 1), retractedAt };
          const walked = platformCountsByWalk(t, k, d);
          expect(platformCountsAt(t, k, d)).toEqual(walked);
          expect(platformCountsAt(rebuilt, { ...k, retractedAt }, d)).toEqual(walked);
          // With a sink: the walk, and the sink sees each counted platform once.
          const seen: string[] = [];
          const withSink = platformCountsAt(t, k, d, (indicator, platformId) => seen.push(`${indicator} ${platformId}`));
          expect(withSink).toEqual(walked);
          expect(seen.length).toBe(walked.rdPlatforms + walked.incubatorsMakerSpaces + walked.newMakerSpaces + walked.agriculturalSciencePark);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
