import { EVENT_TYPES } from '../events/catalog.js';
import type { EventType } from '../events/catalog.js';
import type { AnyEvolve, EventTypeDefinition, SomeEventFamily } from './family.js';
import { enterprises } from './enterprises.js';
import { flows } from './flows.js';
import { patents } from './patents.js';
import { platforms } from './platforms.js';
import { retractions } from './retractions.js';
import { statistics } from './statistics.js';
import { targets } from './targets.js';

/**
 * Every event family of docs/spec.md §4. The rules, the policy, the fold, the vintages, the subject history,
 * the redaction and the examples loop over these instead of switching on event types.
 */
export const EVENT_FAMILIES = [enterprises, platforms, flows, patents, statistics, targets, retractions] as const;

/** Each event type's definition. Spreading the families makes leaving a type out a compile error. */
export const EVENT_TYPE_DEFINITIONS: { readonly [K in EventType]: EventTypeDefinition<K> } = {
  ...enterprises.types,
  ...platforms.types,
  ...flows.types,
  ...patents.types,
  ...statistics.types,
  ...targets.types,
  ...retractions.types,
};

/** The definition of one event type. */
export const definitionOf = <T extends EventType>(type: T): EventTypeDefinition<T> => EVENT_TYPE_DEFINITIONS[type] as EventTypeDefinition<T>;

/**
 * The definitions of the given families, in catalog order (docs/spec.md §4 table) where the catalog names
 * them, then any it does not: tables built from them keep the order of the catalog.
 */
export const definitionsOf = (families: readonly SomeEventFamily[]): readonly EventTypeDefinition<EventType>[] => {
  const all = families.flatMap((f) => Object.values(f.types).filter((d) => d !== undefined) as EventTypeDefinition<EventType>[]);
  const rank = (type: string): number => {
    const at = EVENT_TYPES.indexOf(type as EventType);
    return at === -1 ? EVENT_TYPES.length : at;
  };
  return [...all].sort((a, b) => rank(a.type) - rank(b.type));
};

/** Every event type's definition, in catalog order. */
export const EVENT_DEFINITIONS: readonly EventTypeDefinition<EventType>[] = definitionsOf(EVENT_FAMILIES);

/** A table with one entry per event type, in catalog order, of what `pick` says about it (types it says nothing about left out). */
export const tableOf = <V>(
  pick: (d: EventTypeDefinition<EventType>) => V | undefined,
  definitions: readonly EventTypeDefinition<EventType>[] = EVENT_DEFINITIONS,
): { readonly [K in EventType]?: V } => {
  const table: { [K in EventType]?: V } = {};
  for (const d of definitions) {
    const v = pick(d);
    if (v !== undefined) table[d.type] = v;
  }
  return table;
};

/** Each type's fold, by type: the table the projection's `applyRecord` dispatches on, one lookup per record. */
export const evolversOf = (definitions: readonly EventTypeDefinition<EventType>[] = EVENT_DEFINITIONS): Readonly<Record<string, AnyEvolve>> =>
  Object.fromEntries(definitions.map((d) => [d.type, d.evolve as AnyEvolve]));
