import { UNITS } from '../events/vocabulary.js';
import type { Unit } from '../events/vocabulary.js';
import { defineFamily, noViolation, violation } from './family.js';
import type { EventRule } from './family.js';

/** The id of the event the example retraction withdraws (its prerequisite is recorded under this id). */
const EXAMPLE_RETRACTED_EVENT = '00000000-0000-4000-8000-000000000000';

const unitName = (unit: Unit): string => `${unit} (${UNITS[unit]})`;

/** docs/spec.md §4 EventRetracted: the target is in the stream, is not a retraction and is not yet retracted. */
export const retractionTargetsRetractableEvent: EventRule<'EventRetracted'> = (e, facts) => {
  const target = facts.events.get(e.data.eventId);
  if (target === undefined) return violation('data.eventId', `event ${e.data.eventId} is not in this district's stream`);
  if (target.type === 'EventRetracted') return violation('data.eventId', `event ${e.data.eventId} is itself a retraction and cannot be retracted`);
  if (target.retracted) return violation('data.eventId', `event ${e.data.eventId} is already retracted`);
  return noViolation;
};

/**
 * Retractions (docs/spec.md §4): an event withdrawn as recorded in error. It folds into no table of its own; it
 * marks its target retracted, which every figure then reads as not live, and tells the target's type.
 */
export const retractions = defineFamily('retractions', {
  EventRetracted: {
    type: 'EventRetracted',
    recordFacts: (facts, e, undo) => {
      const target = facts.events.get(e.data.eventId);
      if (target !== undefined && !target.retracted) {
        facts.events.setRetracted(e.data.eventId, true);
        undo.push(() => facts.events.setRetracted(e.data.eventId, false));
      }
    },
    rules: [retractionTargetsRetractableEvent],
    // docs/spec.md §5: the unit that recorded the retracted event, or development-reform.
    authorization: {
      decide: (e, context) => {
        const unit = e.actor.unit;
        const recordedBy = context.recordedUnitOf(e.data.eventId);
        if (unit === 'development-reform' || unit === recordedBy) return undefined;
        return `${unitName(unit)} may not retract an event recorded by ${recordedBy === undefined ? 'another unit' : unitName(recordedBy)}`;
      },
    },
    evolve: (s, r, position, _date, tools) => {
      const target = s.eventIds.positionOf(r.data.eventId);
      if (target !== undefined && s.retractedAt[target] === 0) {
        s.retractedAt[target] = position;
        tools.retracted(s, target);
      }
    },
    // A retraction moves what its target moves; vintages follow it from the target's positions.
    moves: [],
    subjectFields: [],
    redactableFields: [],
    example: {
      unit: 'development-reform',
      data: { eventId: EXAMPLE_RETRACTED_EVENT, reason: '录入错误' },
      prerequisites: [{ type: 'FundsAllocated', eventId: EXAMPLE_RETRACTED_EVENT }],
    },
  },
});
