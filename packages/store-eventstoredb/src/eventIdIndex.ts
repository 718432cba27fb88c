/**
 * The event ids of one district stream, by position: the ledger's own idempotency check (docs/spec.md §2: an
 * event id is unique in its stream). EventStoreDB deduplicates event ids only on a best-effort basis
 * (a recent-id cache, and only for some expected-revision cases), so the store keeps this index and
 * checks every batch against it before writing.
 *
 * The index is mutable on purpose: extending it costs O(batch), where copying would cost O(stream) on
 * every append. Memory is one map entry per record of each stream the store instance has appended to.
 *
 * @packageDocumentation
 */

/** The ids of positions 1..`head` of a stream. */
export interface EventIdIndex {
  head: number;
  readonly positions: Map<string, number>;
}

/** What the index needs of a record. */
export interface PositionedEventId {
  readonly position: number;
  readonly eventId: string;
}

/** An index of the empty stream. */
export const emptyEventIdIndex = (): EventIdIndex => ({ head: 0, positions: new Map() });

/**
 * Adds `records` (in position order) to the index. Records at or before the head are already indexed
 * and skipped, so two overlapping catch-up reads are harmless; a record after a gap stops the extension
 * (the positions in between were never seen) and the rest are left for a later catch-up.
 * Returns the index's head afterwards.
 */
export const extendEventIdIndex = (index: EventIdIndex, records: readonly PositionedEventId[]): number => {
  for (const r of records) {
    if (r.position <= index.head) continue;
    if (r.position !== index.head + 1) break;
    index.positions.set(r.eventId, r.position);
    index.head = r.position;
  }
  return index.head;
};

/**
 * The first record of `batch` whose event id is already in the indexed stream or earlier in the batch,
 * with the position of that earlier occurrence (docs/spec.md §2), or `undefined`. O(batch).
 */
export const firstDuplicateEventId = (
  index: EventIdIndex,
  batch: readonly PositionedEventId[],
): { readonly eventId: string; readonly position: number } | undefined => {
  const inBatch = new Map<string, number>();
  for (const r of batch) {
    const earlier = index.positions.get(r.eventId) ?? inBatch.get(r.eventId);
    if (earlier !== undefined) return { eventId: r.eventId, position: earlier };
    inBatch.set(r.eventId, r.position);
  }
  return undefined;
};
