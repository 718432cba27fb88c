import type { EventType } from '../events/catalog.js';
import type { EventInput } from '../events/envelope.js';
import { FISCAL_STATISTICS, UNITS } from '../events/vocabulary.js';
import type { Unit } from '../events/vocabulary.js';
import type { EventId } from '../ids/identifiers.js';

/** What a policy may look up about the stream: the unit that recorded an earlier event. */
export interface PolicyContext {
  readonly recordedUnitOf: (eventId: EventId) => Unit | undefined;
}

/**
 * An authorization policy (docs/spec.md §5): `undefined` when the actor may record the event, otherwise the
 * reason it may not. The embedding system may replace the default with its own.
 */
export type AuthorizationPolicy = (event: EventInput, context: PolicyContext) => string | undefined;

/** Units allowed per event type by default (docs/spec.md §5 table). */
export const DEFAULT_PERMISSIONS: Readonly<Record<Exclude<EventType, 'EventRetracted'>, readonly Unit[]>> = {
  EnterpriseRecognized: ['development-reform', 'administrative-approval'],
  EnterpriseRecognitionRevoked: ['development-reform', 'administrative-approval'],
  PlatformCertified: ['development-reform', 'administrative-approval', 'agriculture-rural'],
  PlatformDecertified: ['development-reform', 'administrative-approval', 'agriculture-rural'],
  FundsAllocated: ['finance'],
  PatentGranted: ['market-regulation'],
  PatentLapsed: ['market-regulation'],
  StatisticReported: ['statistics'],
  ProjectApproved: ['development-reform'],
  TargetSet: ['development-reform'],
  CommissionerDispatched: ['development-reform', 'human-resources', 'agriculture-rural'],
};

const unitName = (unit: Unit): string => `${unit} (${UNITS[unit]})`;

/**
 * Builds a policy from a table of allowed units per type, with the two docs/spec.md §5 rules a table cannot
 * say: finance may also report the two fiscal statistics, and a retraction may come from the unit that
 * recorded the retracted event or from development-reform.
 */
export const policyFromPermissions =
  (permissions: Readonly<Record<Exclude<EventType, 'EventRetracted'>, readonly Unit[]>>): AuthorizationPolicy =>
  (event, context) => {
    const unit = event.actor.unit;
    if (event.type === 'EventRetracted') {
      const recordedBy = context.recordedUnitOf(event.data.eventId);
      if (unit === 'development-reform' || unit === recordedBy) return undefined;
      return `${unitName(unit)} may not retract an event recorded by ${recordedBy === undefined ? 'another unit' : unitName(recordedBy)}`;
    }
    if (permissions[event.type].includes(unit)) return undefined;
    if (event.type === 'StatisticReported' && unit === 'finance' && FISCAL_STATISTICS.includes(event.data.statistic)) return undefined;
    return `${unitName(unit)} may not record ${event.type}; allowed: ${permissions[event.type].join(', ')}`;
  };

/** The default policy of docs/spec.md §5. */
export const defaultPolicy: AuthorizationPolicy = policyFromPermissions(DEFAULT_PERMISSIONS);
