import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addInventionGrant, addLapse, emptyPatentTable, inventionPatentsInForceAt, markGrantRetracted } from './patents.js';
import { isLive } from './knowledge.js';
import type { Knowledge } from './knowledge.js';

type Op =
  | { readonly kind: 'grant'; readonly patent: number; readonly granted: number; readonly termEnd: number }
  | { readonly kind: 'lapse'; readonly patent: number; readonly date: number }
  | { readonly kind: 'retract'; readonly back: number };

// Dates as small day numbers keep collisions (D equal to a grant or a term end) frequent. Numbers are
// mostly distinct (so most blocks stay clean and are counted from their sorted dates), a few from a small
// pool (granted twice, lapsed before granted); a lapse names the number of the grant `back` events ago when
// there is one; term ends are mostly after grants.
const day = fc.integer({ min: 1, max: 40 });
const rawOp = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('grant' as const),
      patent: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 100, max: 2000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }) }),
      granted: day,
      span: fc.integer({ min: -3, max: 40 }),
    }),
  },
  // `back` names an earlier event; `early` a number that may be granted only later (a lapse before its grant).
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lapse' as const), back: fc.integer({ min: 1, max: 60 }), early: fc.integer({ min: 0, max: 20 }), date: day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), back: fc.integer({ min: 1, max: 60 }) }) },
);
const ops: fc.Arbitrary<Op[]> = fc.array(rawOp, { maxLength: 120 }).map((raw) => {
  const out: Op[] = [];
  for (const r of raw) {
    if (r.kind === 'grant') out.push({ kind: 'grant', patent: r.patent, granted: r.granted, termEnd: r.granted + r.span });
    else if (r.kind === 'lapse') {
      const target = out[out.length - r.back];
      out.push({ kind: 'lapse', patent: target?.kind === 'grant' ? target.patent : r.early, date: r.date });
    } else out.push(r);
  }
  return out;
});

/** docs/spec.md §6 read literally over every event: live grants in force at D, no live lapse by D, once per number. */
const reference = (ops: readonly Op[], k: Knowledge, date: number): number => {
  const counted = new Set<number>();
  ops.forEach((o, i) => {
    const position = i + 1;
    if (o.kind !== 'grant' || !isLive(k, position) || o.granted > date || o.termEnd < date) return;
    const lapsed = ops.some((l, j) => l.kind === 'lapse' && l.patent === o.patent && l.date <= date && isLive(k, j + 1));
    if (!lapsed) counted.add(o.patent);
  });
  return counted.size;
};

describe('inventionPatentsInForceAt over blocks', () => {
  it('counts as docs/spec.md §6 reads, at any (date, position), with blocks of 1 to 5 rows, with and without a sink', () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(day, fc.nat()), { minLength: 1, maxLength: 8 }), (history, blockSize, queries) => {
        const t = emptyPatentTable(blockSize);
        const retractedAt: number[] = [0];
        const kindAt: Op['kind'][] = ['retract'];
        history.forEach((o, i) => {
          const position = i + 1;
          retractedAt.push(0);
          kindAt.push(o.kind);
          if (o.kind === 'grant') addInventionGrant(t, `P${o.patent}`, o.granted, o.termEnd, position);
          else if (o.kind === 'lapse') addLapse(t, `P${o.patent}`, o.date, position);
          else {
            // As the projection does: a retraction of a not yet retracted, earlier event that is not a retraction.
            const target = position - o.back;
            if (target >= 1 && kindAt[target] !== 'retract' && retractedAt[target] === 0) {
              retractedAt[target] = position;
              if (kindAt[target] === 'grant') markGrantRetracted(t, target);
            }
          }
        });
        for (const [date, p] of queries) {
          const k: Knowledge = { position: p % (history.length + 1), retractedAt };
          const expected = reference(history, k, date);
          expect(inventionPatentsInForceAt(t, k, date)).toBe(expected);
          const seen: string[] = [];
          expect(inventionPatentsInForceAt(t, k, date, (entity) => seen.push(entity))).toBe(expected);
          expect(new Set(seen).size).toBe(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
