import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addRecognition,
  addRevocation,
  emptyRecognitionTableWithBlocks,
  markRecognitionRetracted,
  recognizedEnterprisesAt,
  recognizedEnterprisesByWalk,
} from './enterprises.js';
import type { RecognitionTable } from './enterprises.js';
import type { Knowledge } from './knowledge.js';
import { foldRetracting } from '../testing/retractingFold.js';

type Op =
  | { readonly kind: 'recognize'; readonly entity: number; readonly from: number; readonly until: number }
  | { readonly kind: 'revoke'; readonly entity: number; readonly decided: number; readonly revokedFrom: number }
  | { readonly kind: 'retract'; readonly back: number }
  | { readonly kind: 'query'; readonly date: number; readonly position: number };

// Dates as YYYYMMDD over four years with few days, so periods touch, overlap and meet D often; enterprises
// from a pool, so most have several periods — mostly one after the other (clean, counted from the blocks),
// sometimes overlapping or revoked (walked one by one).
const date = fc.tuple(fc.integer({ min: 2019, max: 2022 }), fc.constantFrom(101, 630, 701, 1231)).map(([y, md]) => y * 10000 + md);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('recognize' as const), entity: fc.integer({ min: 0, max: 15 }), from: date, until: date }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), entity: fc.integer({ min: 0, max: 15 }), decided: date, revokedFrom: date }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retract' as const), back: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('query' as const), date, position: fc.nat() }) },
);

/** Folds `ops` as the projection does, into `t` (testing/retractingFold.ts). */
const fold = (ops: readonly Op[], t: RecognitionTable, retractedAt: number[], onQuery: (k: Knowledge, date: number) => void): void =>
  foldRetracting<Extract<Op, { readonly kind: 'recognize' | 'revoke' }>>(ops, retractedAt, {
    add: (o, position) => {
      if (o.kind === 'recognize') addRecognition(t, `E${o.entity}`, o.from, o.until, position);
      else addRevocation(t, `E${o.entity}`, o.decided, Math.min(o.decided, o.revokedFrom), position);
    },
    retracted: (position) => markRecognitionRetracted(t, position),
    query: onQuery,
  });

/** Folds `ops` into a table with blocks of `blockSize`, checking the index against the walk while folding, after, and rebuilt. */
const indexAgreesWithWalk = (ops: readonly Op[], blockSize: number, queries: readonly (readonly [number, number])[]): void => {
    const t = emptyRecognitionTableWithBlocks(blockSize);
    const retractedAt: number[] = [0];
    // Queries in the middle build the index early, so the rest of the fold keeps it up (incremental).
    fold(ops, t, retractedAt, (k, d) => expect(recognizedEnterprisesAt(t, k, d)).toBe(recognizedEnterprisesByWalk(t, k, d)));
    // A table folded without a query builds its index from the whole history at the first one (rebuild).
    const rebuilt = emptyRecognitionTableWithBlocks(blockSize);
    fold(ops, rebuilt, [0], () => undefined);
    const position = retractedAt.length - 1;
    for (const [d, p] of queries) {
      const k: Knowledge = { position: p % (position + 1), retractedAt };
      const walked = recognizedEnterprisesByWalk(t, k, d);
      expect(recognizedEnterprisesAt(t, k, d)).toBe(walked);
      expect(recognizedEnterprisesAt(rebuilt, k, d)).toBe(walked);
      const seen: string[] = [];
      expect(recognizedEnterprisesAt(t, k, d, (entity) => seen.push(entity))).toBe(walked);
      expect(new Set(seen).size).toBe(walked);
    }
};

describe('recognizedEnterprisesAt over interval blocks', () => {
  it('= the walk over the recognitions, at any (date, position), with blocks of 1 to 6 rows, queried while folding and after', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(date, fc.nat()), { minLength: 1, maxLength: 8 }), indexAgreesWithWalk),
      { numRuns: 2000 },
    );
  });

  it('= the walk on renewal-heavy histories: few enterprises, periods overlapping their predecessor, rows retracted after queries', () => {
    // Each period starts within the last one of its enterprise or just after it, so renewals overlap (counted
    // with a subtracted overlap) or chain; retractions and queries are frequent, so overlapping rows are
    // retracted after the index was built, and rows are recorded already retracted when it is rebuilt.
    const renewals: fc.Arbitrary<Op[]> = fc
      .array(
        fc.oneof(
          { weight: 6, arbitrary: fc.record({ kind: fc.constant('renew' as const), entity: fc.integer({ min: 0, max: 4 }), shift: fc.integer({ min: -40, max: 400 }), length: fc.integer({ min: 0, max: 700 }) }) },
          { weight: 2, arbitrary: fc.record({ kind: fc.constant('retract' as const), back: fc.integer({ min: 1, max: 10 }) }) },
          { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), day: fc.integer({ min: 0, max: 2000 }), position: fc.nat() }) },
        ),
        { minLength: 30, maxLength: 120 },
      )
      .map((raw) => {
        const lastFrom = new Map<number, number>();
        const dayKey = (day: number): number => {
          const d = new Date(Date.UTC(2019, 0, 1) + day * 86_400_000);
          return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
        };
        return raw.map((r): Op => {
          if (r.kind === 'retract') return r;
          if (r.kind === 'query') return { kind: 'query', date: dayKey(r.day), position: r.position };
          const from = Math.max(0, (lastFrom.get(r.entity) ?? 0) + r.shift);
          lastFrom.set(r.entity, from);
          return { kind: 'recognize', entity: r.entity, from: dayKey(from), until: dayKey(from + r.length) };
        });
      });
    fc.assert(fc.property(renewals, fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(date, fc.nat()), { minLength: 1, maxLength: 6 }), indexAgreesWithWalk), { numRuns: 1000 });
  });
});
