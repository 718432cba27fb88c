import type { EventType } from '../events/catalog.js';
import type { EventInput } from '../events/envelope.js';
import { UNITS } from '../events/vocabulary.js';
import type { Unit } from '../events/vocabulary.js';
import type { Authorization, PolicyContext } from '../families/family.js';
import { EVENT_DEFINITIONS, definitionOf } from '../families/registry.js';

export type { PolicyContext } from '../families/family.js';

/**
 * An authorization policy (docs/spec.md §5): `undefined` when the actor may record the event, otherwise the
 * reason it may not. The embedding system may replace the default with its own.
 */
export type AuthorizationPolicy = (event: EventInput, context: PolicyContext) => string | undefined;

/** The event types whose recorders a table says: all but those whose family decides itself (a retraction). */
type TabledEventType = Exclude<EventType, 'EventRetracted'>;

/** Units allowed per event type by default (docs/spec.md §5 table), as each family states them. */
export const DEFAULT_PERMISSIONS: Readonly<Record<TabledEventType, readonly Unit[]>> = Object.fromEntries(
  EVENT_DEFINITIONS.flatMap((d) => ('units' in d.authorization ? [[d.type, d.authorization.units]] : [])),
) as Record<TabledEventType, readonly Unit[]>;

const unitName = (unit: Unit): string => `${unit} (${UNITS[unit]})`;

/**
 * Builds a policy from a table of allowed units per type, with the docs/spec.md §5 rules a table cannot say,
 * which the families state: finance may also report the two fiscal statistics, and a retraction may come from
 * the unit that recorded the retracted event or from development-reform.
 */
export const policyFromPermissions =
  (permissions: Readonly<Record<TabledEventType, readonly Unit[]>>): AuthorizationPolicy =>
  (event, context) => {
    const authorization = definitionOf(event.type).authorization as Authorization<EventType>;
    if ('decide' in authorization) return authorization.decide(event, context);
    const unit = event.actor.unit;
    const allowed = permissions[event.type as TabledEventType];
    if (allowed.includes(unit)) return undefined;
    if (authorization.alsoAllowed?.(event, unit) === true) return undefined;
    return `${unitName(unit)} may not record ${event.type}; allowed: ${allowed.join(', ')}`;
  };

/** The default policy of docs/spec.md §5. */
export const defaultPolicy: AuthorizationPolicy = policyFromPermissions(DEFAULT_PERMISSIONS);
