import type { EventType } from '../../events/catalog.js';
import type { EventInputJson } from '../../events/envelope.js';
import type { Unit } from '../../events/vocabulary.js';
import { civilOf, zeroPadded } from './calendar.js';
import type { Random } from './random.js';

/** An event waiting for its recording instant. */
export interface ScheduledEvent {
  readonly type: EventType;
  readonly eventId: string;
  readonly effectiveDate: string;
  readonly unit: Unit;
  readonly user: string;
  readonly source: string;
  readonly data: unknown;
}

/**
 * Events bucketed by the day they are recorded. Within a day, events keep the order they were scheduled
 * in — so an event scheduled after the one it depends on is recorded after it — and get clock times
 * spread over 01:00–09:00Z (09:00–17:00 in the district, docs/spec.md §1). Draining walks the days in order:
 * O(days + events), no sort.
 */
export interface Schedule {
  /** Queues an event for `recordDay`, which must not be drained yet. */
  add(event: ScheduledEvent, recordDay: number): void;
  /** Yields, in recording order, every event recorded before `endDay`; nothing may be added before it later. */
  drainBefore(endDay: number): Generator<EventInputJson, void, undefined>;
}

const OFFICE_OPENS_MS = 3_600_000; // 01:00Z
const OFFICE_HOURS_MS = 28_800_000; // eight hours

const clockTime = (ms: number): string =>
  `${zeroPadded(Math.floor(ms / 3_600_000), 2)}:${zeroPadded(Math.floor(ms / 60_000) % 60, 2)}:${zeroPadded(Math.floor(ms / 1000) % 60, 2)}.${zeroPadded(ms % 1000, 3)}`;

/** A schedule for `district` whose first day is `firstDay`; `clock` draws the times of day. */
export const createSchedule = (district: string, firstDay: number, clock: Random): Schedule => {
  const buckets = new Map<number, ScheduledEvent[]>();
  let open = firstDay;
  let lastDay = firstDay - 1;
  return {
    add(event, recordDay) {
      if (recordDay < open) throw new Error(`synthetic history: ${event.type} scheduled on ${civilOf(recordDay)}, before ${civilOf(open)}, which is already emitted`);
      let bucket = buckets.get(recordDay);
      if (bucket === undefined) buckets.set(recordDay, (bucket = []));
      bucket.push(event);
      if (recordDay > lastDay) lastDay = recordDay;
    },
    *drainBefore(endDay) {
      for (; open < endDay && open <= lastDay; open++) {
        const bucket = buckets.get(open);
        if (bucket === undefined) continue;
        buckets.delete(open);
        const date = civilOf(open);
        const k = bucket.length;
        for (let i = 0; i < k; i++) {
          // (i + u) / k never decreases with i, so times within a day never go backwards.
          const ms = OFFICE_OPENS_MS + Math.floor(((i + clock.next()) * OFFICE_HOURS_MS) / k);
          const e = bucket[i]!;
          yield {
            type: e.type,
            eventId: e.eventId,
            district,
            effectiveDate: e.effectiveDate,
            recordedAt: `${date}T${clockTime(ms)}Z`,
            actor: { unit: e.unit, user: e.user },
            source: e.source,
            data: e.data,
          } as EventInputJson;
        }
      }
      if (open < endDay) open = endDay;
    },
  };
};
