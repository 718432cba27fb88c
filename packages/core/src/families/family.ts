import type { EventDataJson, EventType } from '../events/catalog.js';
import type { EventInput } from '../events/envelope.js';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import type { Designation, Unit } from '../events/vocabulary.js';
import type { EventId } from '../ids/identifiers.js';
import type { DateKey } from '../indicators/dateKey.js';
import type { IndicatorTables } from '../indicators/tables.js';
import type { StoredRecord } from '../record/record.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import type { StreamFacts, Undo } from './streamFacts.js';

/**
 * What one event type is, stated once (docs/spec.md §4–6): the shape every family module fills in for each of
 * its types, and the one the rules, the policy, the fold, the vintages, the subject history, the redaction
 * and the examples read. Like Emmett's decide/evolve split, the family *decides* (its rules and who may record
 * it, against the stream's facts) and *evolves* (folds a stored record into its projection table); the data
 * codec itself sits below, in `events/data/`, because the envelope needs every type's codec.
 */

/** A rule's finding: the field it concerns and why the event is refused. */
export interface RuleViolation {
  readonly path: string;
  readonly reason: string;
}

/** A §4 guard of one event type: the problems an event of type `T` has against what the stream already holds. */
export type EventRule<T extends EventType> = (event: EventInput<T>, facts: StreamFacts) => readonly RuleViolation[];

/** What a policy may look up about the stream: the unit that recorded an earlier event. */
export interface PolicyContext {
  readonly recordedUnitOf: (eventId: EventId) => Unit | undefined;
}

/**
 * Who may record an event of type `T` (docs/spec.md §5): by default the `units` of the table — which an
 * embedding system may replace — and, where §5 says more than a table can, `alsoAllowed` (the finance unit's
 * fiscal statistics); or, for a type the table does not cover, a `decide` of its own (a retraction).
 */
export type Authorization<T extends EventType> =
  | { readonly units: readonly Unit[]; readonly alsoAllowed?: (event: EventInput<T>, unit: Unit) => boolean }
  | { readonly decide: (event: EventInput<T>, context: PolicyContext) => string | undefined };

/**
 * What the fold reads and writes: every family's table (`indicators/tables.ts`) and the per-position columns
 * a retraction changes. The projection (`projection/districtProjection.ts`) is one.
 */
export interface FoldState extends IndicatorTables {
  /** Per position: the retraction's position, 0 when not retracted. */
  readonly retractedAt: number[];
  /** The position of each event id in the stream (its last, were one given twice). */
  readonly eventIds: { positionOf(id: string): number | undefined };
  readonly types: (EventType | undefined)[];
}

/**
 * What the projection lends a fold: the memoised calendar arithmetic of `projection/foldCalendar.ts` (which
 * sits above the families, so it is handed in rather than imported), and the way to tell the retracted
 * event's own type that it was retracted.
 */
export interface FoldTools {
  readonly recognitionValidUntilKey: (r: {
    readonly effectiveDate: CivilDate;
    readonly data: { readonly designation: Designation; readonly validFrom?: CivilDate; readonly validUntil?: CivilDate };
  }) => DateKey;
  readonly patentTermEndKey: (filingDate: CivilDate) => DateKey;
  /** Calls the `whenRetracted` of the type of the event at `position`, if it has one. */
  readonly retracted: (state: FoldState, position: number) => void;
}

/** An event the stream must hold before an example is accepted: its type, and what differs from its example. */
export interface ExamplePrerequisite {
  readonly type: EventType;
  readonly effectiveDate?: string;
  readonly eventId?: string;
}

/** The roles in which an event names a subject (docs/spec.md §8.3 subject history). */
export type SubjectRole = 'enterprise' | 'host-enterprise' | 'platform' | 'patent' | 'allocation' | 'project' | 'commissioner';

/** A fold for a record of whichever type: what the projection dispatches to. */
export type AnyEvolve = (state: FoldState, record: StoredRecord, position: number, date: DateKey, tools: FoldTools) => void;

/** Everything the ledger knows about one event type, in one place. */
export interface EventTypeDefinition<T extends EventType> {
  readonly type: T;
  /** What an event of this type adds to the stream's facts, with the steps that take it back onto `undo`. */
  readonly recordFacts?: (facts: StreamFacts, event: EventInput<T> & { readonly eventId: EventId; readonly recordedAt: Instant }, undo: Undo[]) => void;
  /** Its §4 guards, in the order their findings are reported. */
  readonly rules: readonly EventRule<T>[];
  /** Who may record it (§5). */
  readonly authorization: Authorization<T>;
  /**
   * Folds a stored record at `position` (its effectiveDate as `date`) into its family's table. Records come in
   * position order, each exactly once.
   */
  readonly evolve: (state: FoldState, record: StoredRecord<T>, position: number, date: DateKey, tools: FoldTools) => void;
  /** Takes back what the fold of the record at `position` keeps outside the live-position check, once it is retracted. */
  readonly whenRetracted?: (state: FoldState, position: number) => void;
  /** The §6 indicators its records can move: the vintages of those figures look at its positions. */
  readonly moves: readonly IndicatorId[];
  /** The `data` fields that name a subject, with the role they name it in (entity history). */
  readonly subjectFields: readonly (readonly [field: string, role: SubjectRole])[];
  /** The `data` fields that may hold a person's name (redaction, docs/spec.md §8.4). */
  readonly redactableFields: readonly string[];
  /** A known-good example (docs/spec.md §5: by a unit allowed to record it) and what the stream must hold first. */
  readonly example: {
    readonly unit: Unit;
    readonly data: EventDataJson[T];
    readonly prerequisites?: readonly ExamplePrerequisite[];
  };
}

/** The definitions of a family's event types, by type. */
export type FamilyTypes<Ts extends EventType> = { readonly [K in Ts]: EventTypeDefinition<K> };

/** One family of event types (docs/spec.md §4): those that fold into the same projection table. */
export interface EventFamily<Ts extends EventType = EventType> {
  readonly name: string;
  readonly types: FamilyTypes<Ts>;
}

/** Any family, whichever types it holds: what the loops over the families take. */
export interface SomeEventFamily {
  readonly name: string;
  readonly types: { readonly [K in EventType]?: EventTypeDefinition<K> };
}

/** A family, its types' definitions checked against their own type. */
export const defineFamily = <const Ts extends EventType>(name: string, types: FamilyTypes<Ts>): EventFamily<Ts> => ({ name, types });

/** No finding. */
export const noViolation: readonly RuleViolation[] = [];
/** One finding at `path`. */
export const violation = (path: string, reason: string): readonly RuleViolation[] => [{ path, reason }];
