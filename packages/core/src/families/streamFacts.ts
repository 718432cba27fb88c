import type { EventType } from '../events/catalog.js';
import type { Unit } from '../events/vocabulary.js';
import type { EventId } from '../ids/identifiers.js';
import type { CivilDate } from '../time/civilDate.js';
import { yearOf } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import type { Sha256Hex } from '../record/record.js';
import { GENESIS_HASH } from '../record/record.js';

/**
 * The shape of what the stream rules know about a district stream. It sits here, below the family modules,
 * because each family states which facts its events record and which of them its rules read; `rules/` folds
 * events into these facts by asking the families (`addEventFacts`).
 */

/** What the stream rules (docs/spec.md §4) and the policy (§5) need to know about one recorded event. */
export interface RecordedEventFacts {
  readonly position: number;
  readonly type: EventType;
  readonly unit: Unit;
  retracted: boolean;
}

/**
 * Everything the append rules need to know about a district stream, kept in memory and updated as
 * records are appended, so validating a batch never rescans the stream. Every lookup is O(1).
 */
export interface StreamFacts {
  position: number;
  lastHash: Sha256Hex;
  lastRecordedAt: Instant | null;
  readonly events: Map<EventId, RecordedEventFacts>;
  /** `enterpriseId|designation` of every recognition in the stream. */
  readonly recognitions: Set<string>;
  readonly certifiedPlatforms: Set<string>;
  readonly allocationIds: Set<string>;
  /** Grant date of every granted patent. */
  readonly patentGrants: Map<string, CivilDate>;
  readonly projectIds: Set<string>;
  /** `commissionerId|year` of every dispatch. */
  readonly commissionerYears: Set<string>;
}

/** The facts of an empty stream. */
export const emptyStreamFacts = (): StreamFacts => ({
  position: 0,
  lastHash: GENESIS_HASH,
  lastRecordedAt: null,
  events: new Map(),
  recognitions: new Set(),
  certifiedPlatforms: new Set(),
  allocationIds: new Set(),
  patentGrants: new Map(),
  projectIds: new Set(),
  commissionerYears: new Set(),
});

/** Key of a recognition: one enterprise under one designation. */
export const recognitionKey = (enterpriseId: string, designation: string): string => `${enterpriseId}|${designation}`;
/** Key of a dispatch: one commissioner in one year. */
export const commissionerYearKey = (commissionerId: string, date: CivilDate): string => `${commissionerId}|${yearOf(date)}`;

/** One step that takes back a change to the facts, so a batch refused part-way leaves them as they were. */
export type Undo = () => void;

/** Adds `key` to `set`, pushing the step that removes it again onto `undo` (nothing when it was there). */
export const addToSet = (set: Set<string>, key: string, undo: Undo[]): void => {
  if (set.has(key)) return;
  set.add(key);
  undo.push(() => set.delete(key));
};
