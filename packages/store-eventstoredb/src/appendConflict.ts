/**
 * Translation of EventStoreDB's refusals into the port's {@link AppendConflict}: a failed revision
 * check (the client's `WrongExpectedVersionError`, already an {@link AppendOutcome} when it gets here)
 * becomes a `position-conflict` naming the position the caller expected and the head the stream really
 * had (docs/spec.md §2 optimistic concurrency). A conflict is a value, never an exception.
 *
 * @packageDocumentation
 */
import type { AppendConflict } from '@indicator-ledger/core';
import { positionOfCurrentRevision } from './revision.js';
import type { AppendOutcome } from './streamClient.js';

/** The conflict of an append that expected the head at `expectedPosition` and found it at `actualPosition`. */
export const positionConflict = (expectedPosition: number, actualPosition: number): AppendConflict => ({
  kind: 'position-conflict',
  expectedPosition,
  actualPosition,
});

/** The conflict a refused append stands for. */
export const conflictOfRefusal = (
  expectedPosition: number,
  refusal: Extract<AppendOutcome, { kind: 'wrong-expected-revision' }>,
): AppendConflict => positionConflict(expectedPosition, positionOfCurrentRevision(refusal.actual));
