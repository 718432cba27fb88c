import type { EventType } from '../events/catalog.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../record/record.js';
import type { FoldFields } from '../store/port.js';
import type { Instant } from '../time/instant.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import type { DateKey } from '../indicators/dateKey.js';
import { emptyIndicatorTables } from '../indicators/tables.js';
import type { IndicatorTables } from '../indicators/tables.js';
import type { Knowledge } from '../indicators/knowledge.js';
import type { AnyEvolve, FoldState, FoldTools } from '../families/family.js';
import { EVENT_TYPE_DEFINITIONS, evolversOf } from '../families/registry.js';
import { EventIdColumn } from './eventIdColumn.js';
import { epochMsOf, patentTermEndKey, recognitionValidUntilKey, sharedEventType } from './foldCalendar.js';

/**
 * The indicator projection of one district: every family's tables, plus per-position columns
 * (recordedAt, retraction, event id, type) that turn an `asOf` instant into a stream position by binary
 * search and tell which events are live. Built by folding records in position order; appending a record
 * costs O(1) amortised (O(events of that platform) for platform events).
 */
export interface DistrictProjection extends IndicatorTables {
  readonly district: DistrictCode;
  /** The last folded position. */
  position: number;
  /** Per position (index 0 unused): recordedAt in epoch milliseconds, non-decreasing. */
  readonly recordedAtMs: number[];
  /** Per position: the retraction's position, 0 when not retracted. */
  readonly retractedAt: number[];
  /** Per position: the event id; and the position of each id. */
  readonly eventIds: EventIdColumn;
  readonly types: (EventType | undefined)[];
  /** Positions of each event type, ascending: which events can move which figure (for vintages). */
  readonly positionsByType: Map<EventType, number[]>;
}

/** The projection of a district with no records. */
export const emptyDistrictProjection = (district: DistrictCode): DistrictProjection => ({
  ...emptyIndicatorTables(),
  district,
  position: 0,
  recordedAtMs: [Number.NEGATIVE_INFINITY],
  retractedAt: [0],
  eventIds: new EventIdColumn(),
  types: [undefined],
  positionsByType: new Map(),
});

/**
 * What one record of a store's tail did to a projection: `folded`, or `already-folded` — a record at or
 * before the projection's position, which a live append or another query's catch-up folded while this read
 * was under way (both fold the same projection; neither waits for the other).
 */
export type TailRecordOutcome = 'folded' | 'already-folded';

/**
 * Folds one record read from the store's tail after the projection's position, whoever else folds it too
 * (docs/spec.md §2, §8.4). A record already folded is passed over, and said so; a record past the next
 * position means the store's read skipped one, which a store keeping the port's contract (`readPages`: every
 * record in position order) never does — folding on would serve figures without that record, so it throws.
 */
export const foldTailRecord = (p: DistrictProjection, r: FoldFields): TailRecordOutcome => {
  if (r.position <= p.position) return 'already-folded';
  if (r.position !== p.position + 1) {
    throw new RangeError(
      `the store read district ${p.district} out of order: position ${r.position} came after ${p.position}; a store gives every record once, in position order`,
    );
  }
  applyRecord(p, r);
  return 'folded';
};

/** Each event type's fold, looked up once per record. */
const EVOLVE = evolversOf() as { readonly [K in EventType]: AnyEvolve };

/** What the fold of every record may use: the memoised calendar, and the retracted type's own un-fold. */
const FOLD_TOOLS: FoldTools = {
  recognitionValidUntilKey,
  patentTermEndKey,
  retracted: (state: FoldState, position: number) => {
    const type = state.types[position];
    if (type !== undefined) EVENT_TYPE_DEFINITIONS[type].whenRetracted?.(state, position);
  },
};

/**
 * Folds one record into the projection (docs/spec.md §6 inputs). Records must come in position order, each
 * exactly once; anything else is a programming error and throws. Reads only the record's {@link FoldFields},
 * so a store's `readFoldPages` can feed it without building whole records.
 */
export const applyRecord = (p: DistrictProjection, r: FoldFields): void => {
  if (r.position !== p.position + 1) throw new RangeError(`projection of ${p.district} is at ${p.position}; cannot fold position ${r.position}`);
  const position = r.position;
  p.position = position;
  p.recordedAtMs.push(epochMsOf(r.recordedAt));
  p.retractedAt.push(0);
  p.eventIds.push(r.eventId);
  const type = sharedEventType(r.type);
  p.types.push(type);
  const ofType = p.positionsByType.get(type);
  if (ofType === undefined) p.positionsByType.set(type, [position]);
  else ofType.push(position);
  // The record's family folds it into its table (docs/spec.md §6 inputs).
  // The families' folds read only these fields too (their type says StoredRecord, the shape they are written against).
  EVOLVE[type](p, r as StoredRecord, position, dateKeyOf(r.effectiveDate), FOLD_TOOLS);
};

/**
 * The last position whose recordedAt ≤ `asOfMs` (0 when none): binary search, O(log n).
 */
export const positionKnownAt = (p: DistrictProjection, asOfMs: number): number => {
  let lo = 0;
  let hi = p.position;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (p.recordedAtMs[mid]! <= asOfMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/** What the projection knew as of `asOf` (everything when undefined). */
export const knowledgeAsOf = (p: DistrictProjection, asOf?: Instant): Knowledge => ({
  position: asOf === undefined ? p.position : positionKnownAt(p, Date.parse(asOf)),
  retractedAt: p.retractedAt,
});

/** The recordedAt of a position, as an instant. */
export const recordedAtOf = (p: DistrictProjection, position: number): Instant => new Date(p.recordedAtMs[position]!).toISOString() as Instant;
