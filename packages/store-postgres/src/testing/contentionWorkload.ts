import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode, EventStore } from '@indicator-ledger/core';
import { chainRecords, contractEvent } from '@indicator-ledger/core/testing';

/** One batch a writer got into the stream: its event ids in order and the positions it took. */
export interface WrittenBatch {
  readonly eventIds: readonly string[];
  readonly first: number;
  readonly last: number;
}

/** What one writer of the contention test did. */
export interface WriterReport {
  readonly salt: number;
  readonly batches: readonly WrittenBatch[];
  /** Position conflicts it met (and retried after). */
  readonly conflicts: number;
}

/** Attempts per batch before a writer gives up (far more than contention between eight writers needs). */
const MAX_ATTEMPTS = 1000;

/**
 * A writer of the contention test (test support only): appends `batches` batches of 1–4 sample events
 * (event ids unique per `salt`) to `district`, each chained on the head it just read, with the head's
 * position as the expected position; after a position conflict it reads the head again and retries, as
 * an embedding system's writer would. Any other refusal is a failure.
 */
export const appendWithRetries = async (store: EventStore, district: DistrictCode, batches: number, salt: number): Promise<WriterReport> => {
  const written: WrittenBatch[] = [];
  let conflicts = 0;
  let n = 0;
  for (let b = 0; b < batches; b++) {
    const size = 1 + ((salt * 7 + b * 3) % 4);
    const events = Array.from({ length: size }, () => contractEvent(++n, salt));
    for (let attempt = 1; ; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`writer ${salt} gave up on batch ${b} after ${MAX_ATTEMPTS} conflicts`);
      const head = await store.head(district);
      const records = chainRecords(district, head, events);
      const result = await store.append(district, records, head.position);
      if (E.isRight(result)) {
        written.push({ eventIds: records.map((r) => r.eventId), first: records[0]!.position, last: result.right.position });
        break;
      }
      if (result.left.kind !== 'position-conflict') throw new Error(`writer ${salt}: unexpected conflict ${JSON.stringify(result.left)}`);
      conflicts++;
    }
  }
  return { salt, batches: written, conflicts };
};
