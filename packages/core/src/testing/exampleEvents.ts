import type { EventDataJson, EventType } from '../events/catalog.js';
import type { EventInputJson } from '../events/envelope.js';
import type { Unit } from '../events/vocabulary.js';
import { EXAMPLE_ENTERPRISE as ENTERPRISE_OF_EXAMPLES } from '../families/enterprises.js';
import { EXAMPLE_PATENT as PATENT_OF_EXAMPLES } from '../families/patents.js';
import { EVENT_DEFINITIONS, definitionOf } from '../families/registry.js';
import { FIXTURE_DISTRICT } from './fixtures.js';

/**
 * Hand-written, known-good event inputs, one per type of docs/spec.md §4, for example tests that change one
 * thing and watch the ledger accept or refuse it. Each is valid on its own under the default policy
 * (§5) except where the stream must hold something first (a revocation needs its recognition, …).
 */

/** The district the examples are recorded in (路南区, Tangshan). */
export const EXAMPLE_DISTRICT: string = FIXTURE_DISTRICT;
/** GB 32100-2015's worked example of a unified social credit code. */
export const EXAMPLE_ENTERPRISE = ENTERPRISE_OF_EXAMPLES;
/** A real Beijing enterprise's code, valid. */
export const OTHER_ENTERPRISE = '91110000600037341L';
/** An invention patent's application number (5th digit 1), check character 3. */
export const EXAMPLE_PATENT = PATENT_OF_EXAMPLES;

/** Each type's example data, as its family states it. */
const EXAMPLE_DATA = Object.fromEntries(EVENT_DEFINITIONS.map((d) => [d.type, d.example.data])) as { readonly [T in EventType]: EventDataJson[T] };

/** A unit the default policy lets record each type (docs/spec.md §5), as its family states it. */
export const EXAMPLE_UNIT = Object.fromEntries(EVENT_DEFINITIONS.map((d) => [d.type, d.example.unit])) as { readonly [T in EventType]: Unit };

/** What to change in an example: envelope fields replace, `data` fields merge (an `undefined` removes one). */
export interface ExampleChanges<T extends EventType> {
  readonly eventId?: string;
  readonly district?: string;
  readonly effectiveDate?: string;
  readonly recordedAt?: string;
  readonly unit?: Unit;
  readonly user?: string;
  readonly source?: string;
  readonly data?: { [K in keyof EventDataJson[T]]?: EventDataJson[T][K] | undefined };
}

/** The example input of `type` (effective 2020-11-20, in {@link EXAMPLE_DISTRICT}), with `changes`. */
export const exampleEvent = <T extends EventType>(type: T, changes: ExampleChanges<T> = {}): EventInputJson<T> => {
  const data = Object.fromEntries(Object.entries({ ...EXAMPLE_DATA[type], ...changes.data }).filter(([, v]) => v !== undefined));
  const event: Record<string, unknown> = {
    type,
    district: changes.district ?? EXAMPLE_DISTRICT,
    effectiveDate: changes.effectiveDate ?? '2020-11-20',
    actor: { unit: changes.unit ?? EXAMPLE_UNIT[type], user: changes.user ?? 'zhang.san' },
    data,
  };
  if (changes.eventId !== undefined) event.eventId = changes.eventId;
  if (changes.recordedAt !== undefined) event.recordedAt = changes.recordedAt;
  if (changes.source !== undefined) event.source = changes.source;
  return event as EventInputJson<T>;
};

/**
 * What must be in the stream before the example of `type` is accepted, as its family states it: the
 * recognition before a revocation, the certification before a decertification, the grant before a lapse; the
 * event a retraction retracts has the example retraction's target id.
 */
export const examplePrerequisites = (type: EventType): EventInputJson[] =>
  (definitionOf(type).example.prerequisites ?? []).map(({ type: before, ...changes }) => exampleEvent(before, changes));
