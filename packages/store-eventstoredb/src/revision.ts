/**
 * Arithmetic between ledger positions and EventStoreDB revisions. A district stream's record at
 * position p (1-based, docs/spec.md §2) is the stream's event at revision p − 1 (0-based, a bigint), so a
 * stream whose head is position n has last revision n − 1, and a stream at position 0 does not exist.
 *
 * @packageDocumentation
 */
import type { CurrentRevision, ExpectedRevision } from './streamClient.js';

const assertPosition = (position: number, what: string): void => {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`${what} should be a whole number ≥ 0, got ${position}`);
};

/** The revision of the record at `position` (≥ 1). */
export const revisionOfPosition = (position: number): bigint => {
  assertPosition(position, 'position');
  if (position === 0) throw new RangeError('position 0 is the empty stream, which has no record and so no revision');
  return BigInt(position - 1);
};

/** The position of the event at `revision`. */
export const positionOfRevision = (revision: bigint): number => {
  if (revision < 0n) throw new RangeError(`a revision is ≥ 0, got ${revision}`);
  const position = revision + 1n;
  if (position > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`revision ${revision} is beyond the positions a ledger counts`);
  return Number(position);
};

/**
 * The expected revision of an append that expects the stream's head at `expectedPosition` (docs/spec.md §2
 * optimistic concurrency): position 0 expects no stream at all; position n expects last revision n − 1.
 */
export const expectedRevisionOf = (expectedPosition: number): ExpectedRevision => {
  assertPosition(expectedPosition, 'expected position');
  return expectedPosition === 0 ? 'no-stream' : BigInt(expectedPosition - 1);
};

/** The stream head position a current revision stands for: no stream is position 0. */
export const positionOfCurrentRevision = (current: CurrentRevision): number => (current === 'no-stream' ? 0 : positionOfRevision(current));

/** One page of a forward range read: start at `fromRevision`, read at most `maxCount` events. */
export interface PageRequest {
  readonly fromRevision: bigint;
  readonly maxCount: number;
}

/**
 * The read for the page starting at position `next` of a range ending at `to` (inclusive; `undefined`:
 * up to the head), or `undefined` when nothing remains. Pages hold at most `pageSize` records.
 */
export const pageRequestAt = (next: number, to: number | undefined, pageSize: number): PageRequest | undefined => {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`page size should be a whole number ≥ 1, got ${pageSize}`);
  const from = Math.max(1, next);
  if (to !== undefined && from > to) return undefined;
  const maxCount = to === undefined ? pageSize : Math.min(pageSize, to - from + 1);
  return { fromRevision: revisionOfPosition(from), maxCount };
};
