import type { Knowledge } from '../indicators/knowledge.js';

/** An op of a property test's history that retracts the event `back` positions earlier. */
export interface RetractOp {
  readonly kind: 'retract';
  readonly back: number;
}

/** An op of a property test's history that queries at `date`, as known at position `position` (mod the positions so far). */
export interface QueryOp {
  readonly kind: 'query';
  readonly date: number;
  readonly position: number;
}

/** What a table under test does with each kind of op of {@link foldRetracting}. */
export interface RetractingFoldSteps<O> {
  /** Records `op` at `position` into the table. */
  readonly add: (op: O, position: number) => void;
  /** Tells the table that the event at `position` was retracted (after the retraction column says so). */
  readonly retracted: (position: number) => void;
  /** Answers a query in the middle of the fold. */
  readonly query: (k: Knowledge, date: number) => void;
}

/**
 * Folds a property test's ops as the projection does: every op but a query takes the next position, and a
 * retraction marks an earlier, not yet retracted event that is not itself a retraction, writing its position
 * in `retractedAt` before telling the table. Shared by the tests of the derived query indexes, which check
 * each index against its walk while folding and after.
 */
export const foldRetracting = <O extends { readonly kind: string }>(ops: readonly (O | RetractOp | QueryOp)[], retractedAt: number[], steps: RetractingFoldSteps<O>): void => {
  const kinds: string[] = ['retract'];
  let position = 0;
  for (const o of ops) {
    if (o.kind === 'query') {
      const q = o as QueryOp;
      steps.query({ position: q.position % (position + 1), retractedAt }, q.date);
      continue;
    }
    position++;
    retractedAt.push(0);
    kinds.push(o.kind);
    if (o.kind !== 'retract') {
      steps.add(o as O, position);
      continue;
    }
    const target = position - (o as RetractOp).back;
    if (target >= 1 && kinds[target] !== 'retract' && retractedAt[target] === 0) {
      retractedAt[target] = position;
      steps.retracted(target);
    }
  }
};
