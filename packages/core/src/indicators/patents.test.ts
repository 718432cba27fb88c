import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addInventionGrant, addLapse, emptyPatentTable, inventionPatentsInForceAt, markGrantRetracted, markLapseRetracted } from './patents.js';
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

/** Folds `history` as the projection does, querying midway and after, each answer against {@link reference}. */
const checkAgainstReference = (history: readonly Op[], blockSize: number, queries: readonly (readonly [number, number])[], midway: readonly (readonly [number, number, number])[]): void => {
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
          if (kindAt[target] === 'lapse') markLapseRetracted(t, target);
        }
      }
      // A query while folding builds the derived lapse index early; the fold must keep it up from then on.
      for (const [after, date, p] of midway) {
        if (after % (history.length + 1) !== position) continue;
        const k: Knowledge = { position: p % (position + 1), retractedAt };
        expect(inventionPatentsInForceAt(t, k, date)).toBe(reference(history.slice(0, position), k, date));
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
};

describe('inventionPatentsInForceAt over blocks', () => {
  it('counts as docs/spec.md §6 reads, at any (date, position), with blocks of 1 to 5 rows, queried while folding and after, with and without a sink', () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(day, fc.nat()), { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), day, fc.nat()), { maxLength: 6 }), checkAgainstReference),
      { numRuns: 2000 },
    );
  });

  it('counts lapses from the derived lapse index as the walk does: lapse-heavy histories, lapses retracted after the index was built', () => {
    // Mostly distinct numbers, each lapse dated inside (sometimes just outside) its grant's term, many
    // retractions: entries join the lapse blocks, leave them for a second lapse or a retraction, and their
    // grant blocks turn dirty.
    const lapseHeavy: fc.Arbitrary<Op[]> = fc
      .array(
        fc.oneof(
          { weight: 4, arbitrary: fc.record({ kind: fc.constant('grant' as const), patent: fc.integer({ min: 0, max: 60 }), granted: day, span: fc.integer({ min: -2, max: 40 }) }) },
          { weight: 3, arbitrary: fc.record({ kind: fc.constant('lapse' as const), back: fc.integer({ min: 1, max: 12 }), offset: fc.integer({ min: -2, max: 42 }) }) },
          { weight: 2, arbitrary: fc.record({ kind: fc.constant('retract' as const), back: fc.integer({ min: 1, max: 12 }) }) },
        ),
        { minLength: 20, maxLength: 90 },
      )
      .map((raw) => {
        const out: Op[] = [];
        for (const r of raw) {
          if (r.kind === 'grant') out.push({ kind: 'grant', patent: r.patent, granted: r.granted, termEnd: r.granted + r.span });
          else if (r.kind === 'lapse') {
            const target = out[out.length - r.back];
            if (target?.kind === 'grant') out.push({ kind: 'lapse', patent: target.patent, date: target.granted + r.offset });
          } else out.push(r);
        }
        return out;
      });
    fc.assert(
      fc.property(lapseHeavy, fc.integer({ min: 1, max: 3 }), fc.array(fc.tuple(day, fc.nat()), { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), day, fc.nat()), { minLength: 1, maxLength: 6 }), checkAgainstReference),
      { numRuns: 1000 },
    );
  });
});
