import type { EventType } from '../events/catalog.js';
import type { EventInput } from '../events/envelope.js';
import type { Unit } from '../events/vocabulary.js';
import type { EventId } from '../ids/identifiers.js';
import type { CivilDate } from '../time/civilDate.js';
import { yearOf } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import type { Sha256Hex } from '../record/record.js';
import { GENESIS_HASH } from '../record/record.js';

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

type Undo = () => void;

const addToSet = (set: Set<string>, key: string, undo: Undo[]): void => {
  if (set.has(key)) return;
  set.add(key);
  undo.push(() => set.delete(key));
};

/**
 * Records what an event at `position` adds to the facts. Pushes onto `undo` the steps that take it back,
 * so a batch that fails part-way leaves the facts exactly as they were.
 */
export const addEventFacts = (
  facts: StreamFacts,
  event: EventInput & { readonly eventId: EventId; readonly recordedAt: Instant },
  position: number,
  hash: Sha256Hex,
  undo: Undo[],
): void => {
  const { position: prevPosition, lastHash, lastRecordedAt } = facts;
  facts.position = position;
  facts.lastHash = hash;
  facts.lastRecordedAt = event.recordedAt;
  undo.push(() => {
    facts.position = prevPosition;
    facts.lastHash = lastHash;
    facts.lastRecordedAt = lastRecordedAt;
  });
  facts.events.set(event.eventId, { position, type: event.type, unit: event.actor.unit, retracted: false });
  undo.push(() => facts.events.delete(event.eventId));
  switch (event.type) {
    case 'EnterpriseRecognized':
      addToSet(facts.recognitions, recognitionKey(event.data.enterpriseId, event.data.designation), undo);
      break;
    case 'PlatformCertified':
      addToSet(facts.certifiedPlatforms, event.data.platformId, undo);
      break;
    case 'FundsAllocated':
      addToSet(facts.allocationIds, event.data.allocationId, undo);
      break;
    case 'PatentGranted': {
      const key = event.data.patentNo;
      facts.patentGrants.set(key, event.effectiveDate);
      undo.push(() => facts.patentGrants.delete(key));
      break;
    }
    case 'ProjectApproved':
      addToSet(facts.projectIds, event.data.projectId, undo);
      break;
    case 'CommissionerDispatched':
      addToSet(facts.commissionerYears, commissionerYearKey(event.data.commissionerId, event.effectiveDate), undo);
      break;
    case 'EventRetracted': {
      const target = facts.events.get(event.data.eventId);
      if (target !== undefined && !target.retracted) {
        target.retracted = true;
        undo.push(() => {
          target.retracted = false;
        });
      }
      break;
    }
    default:
      break;
  }
};
