import type { AppendConflict, StoredRecord } from '@indicator-ledger/core';

/**
 * The duplicate-event-id conflict of a batch (docs/spec.md §2: an event id is unique in its stream), as every
 * store reports it: walking the batch in order, the first record whose id is already in the stream
 * (naming that record's position) or already earlier in the batch (naming the earlier one's position).
 * `stored` maps the ids of the stream that occur in the batch to their positions. O(batch).
 */
export const firstDuplicateEventId = (
  records: readonly StoredRecord[],
  stored: ReadonlyMap<string, number>,
): Extract<AppendConflict, { kind: 'duplicate-event-id' }> | undefined => {
  const inBatch = new Map<string, number>();
  for (const r of records) {
    const position = stored.get(r.eventId) ?? inBatch.get(r.eventId);
    if (position !== undefined) return { kind: 'duplicate-event-id', eventId: r.eventId, position };
    inBatch.set(r.eventId, r.position);
  }
  return undefined;
};

/** Whether some event id occurs twice within the batch itself. */
export const repeatsEventIdWithin = (records: readonly StoredRecord[]): boolean =>
  new Set(records.map((r) => r.eventId)).size !== records.length;
