/**
 * `unitAccount`: who recorded what in a district's stream — per recording unit (docs/spec.md §5), how many events
 * of each type, by which users, first and last `recordedAt`. One pass; memory grows with units and users.
 */
import type { EventType } from '../events/catalog.js';
import type { Unit } from '../events/vocabulary.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventStore } from '../store/port.js';
import type { Instant } from '../time/instant.js';

/** What one unit recorded. */
export interface UnitRecordings {
  readonly unit: Unit;
  readonly events: number;
  /** Events by type; types the unit never recorded are absent. */
  readonly byType: Readonly<Partial<Record<EventType, number>>>;
  /** Events by user (`actor.user`), users in code-point order. */
  readonly byUser: readonly { readonly user: string; readonly events: number }[];
  readonly firstRecordedAt: Instant;
  readonly lastRecordedAt: Instant;
  readonly firstPosition: number;
  readonly lastPosition: number;
}

interface Tally {
  events: number;
  byType: Partial<Record<EventType, number>>;
  byUser: Map<string, number>;
  firstRecordedAt: Instant;
  lastRecordedAt: Instant;
  firstPosition: number;
  lastPosition: number;
}

/** Per recording unit, in order of the unit's first event, what it recorded in `district`'s stream. */
export const unitAccount = async (store: EventStore, district: DistrictCode): Promise<UnitRecordings[]> => {
  const tallies = new Map<Unit, Tally>();
  for await (const page of store.readPages(district)) {
    for (const record of page) {
      const unit = record.actor.unit;
      let tally = tallies.get(unit);
      if (tally === undefined) {
        tally = { events: 0, byType: {}, byUser: new Map(), firstRecordedAt: record.recordedAt, lastRecordedAt: record.recordedAt, firstPosition: record.position, lastPosition: record.position };
        tallies.set(unit, tally);
      }
      tally.events += 1;
      tally.byType[record.type] = (tally.byType[record.type] ?? 0) + 1;
      tally.byUser.set(record.actor.user, (tally.byUser.get(record.actor.user) ?? 0) + 1);
      // recordedAt never decreases with position (docs/spec.md §1), so the latest record is the last one seen.
      tally.lastRecordedAt = record.recordedAt;
      tally.lastPosition = record.position;
    }
  }
  return [...tallies].map(([unit, t]) => ({
    unit,
    events: t.events,
    byType: t.byType,
    byUser: [...t.byUser].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([user, events]) => ({ user, events })),
    firstRecordedAt: t.firstRecordedAt,
    lastRecordedAt: t.lastRecordedAt,
    firstPosition: t.firstPosition,
    lastPosition: t.lastPosition,
  }));
};
