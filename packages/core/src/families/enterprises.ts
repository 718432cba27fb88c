import { dateKeyOf } from '../indicators/dateKey.js';
import { addRecognition, addRevocation, markRecognitionRetracted } from '../indicators/enterprises.js';
import type { EventInput } from '../events/envelope.js';
import { defineFamily, noViolation, violation } from './family.js';
import type { EventRule } from './family.js';
import { recognitionValidFrom, recognitionValidUntil } from './recognitionPeriod.js';
import { addToSet, recognitionKey } from './streamFacts.js';

/** GB 32100-2015's worked example of a unified social credit code (the examples' enterprise). */
export const EXAMPLE_ENTERPRISE = '91350100M000100Y43';

/** The units that decide on recognitions (docs/spec.md §5). */
const RECOGNIZING_UNITS = ['development-reform', 'administrative-approval'] as const;

/** docs/spec.md §4 EnterpriseRecognized: validFrom ≤ validUntil (after defaults). */
export const recognitionPeriodIsOrdered: EventRule<'EnterpriseRecognized'> = (e) => {
  const from = recognitionValidFrom(e);
  const until = recognitionValidUntil(e);
  return from <= until ? noViolation : violation('data.validUntil', `${until} is before validFrom ${from}`);
};

/** docs/spec.md §4 EnterpriseRecognitionRevoked: a recognition of that enterprise and designation is in the stream. */
export const revocationFollowsRecognition: EventRule<'EnterpriseRecognitionRevoked'> = (e, facts) =>
  facts.recognitions.has(recognitionKey(e.data.enterpriseId, e.data.designation))
    ? noViolation
    : violation('data.enterpriseId', `${e.data.enterpriseId} has no ${e.data.designation} recognition in this district to revoke`);

/** docs/spec.md §4 EnterpriseRecognitionRevoked: revokedFrom is never later than the decision date. */
export const revokedFromNotAfterDecision: EventRule<'EnterpriseRecognitionRevoked'> = (e: EventInput<'EnterpriseRecognitionRevoked'>) =>
  e.data.revokedFrom === undefined || e.data.revokedFrom <= e.effectiveDate
    ? noViolation
    : violation('data.revokedFrom', `${e.data.revokedFrom} is later than the decision date ${e.effectiveDate}`);

/**
 * Enterprises recognised as high-tech or tech-SME, and revocations of those recognitions (docs/spec.md §4),
 * folded into one recognition table per designation; they move the two enterprise counts of §6.
 */
export const enterprises = defineFamily('enterprises', {
  EnterpriseRecognized: {
    type: 'EnterpriseRecognized',
    recordFacts: (facts, e, undo) => addToSet(facts.recognitions, recognitionKey(e.data.enterpriseId, e.data.designation), undo),
    rules: [recognitionPeriodIsOrdered],
    authorization: { units: RECOGNIZING_UNITS },
    evolve: (s, r, position, _date, tools) =>
      addRecognition(
        r.data.designation === 'high-tech' ? s.highTech : s.techSme,
        r.data.enterpriseId,
        dateKeyOf(recognitionValidFrom(r)),
        tools.recognitionValidUntilKey(r),
        position,
      ),
    // The query index counts a recognition from its dates alone only while it is not retracted; the position
    // says which event it was, not which designation, so both tables are told.
    whenRetracted: (s, position) => {
      markRecognitionRetracted(s.highTech, position);
      markRecognitionRetracted(s.techSme, position);
    },
    moves: ['high-tech-enterprises', 'tech-smes'],
    subjectFields: [['enterpriseId', 'enterprise']],
    redactableFields: [],
    example: {
      unit: 'development-reform',
      data: { enterpriseId: EXAMPLE_ENTERPRISE, name: '唐山精密陶瓷科技有限公司', designation: 'high-tech' },
    },
  },
  EnterpriseRecognitionRevoked: {
    type: 'EnterpriseRecognitionRevoked',
    rules: [revocationFollowsRecognition, revokedFromNotAfterDecision],
    authorization: { units: RECOGNIZING_UNITS },
    evolve: (s, r, position, date) =>
      addRevocation(r.data.designation === 'high-tech' ? s.highTech : s.techSme, r.data.enterpriseId, date, dateKeyOf(r.data.revokedFrom ?? r.effectiveDate), position),
    moves: ['high-tech-enterprises', 'tech-smes'],
    subjectFields: [['enterpriseId', 'enterprise']],
    redactableFields: [],
    example: {
      unit: 'development-reform',
      data: { enterpriseId: EXAMPLE_ENTERPRISE, designation: 'high-tech', reason: '不再符合认定条件' },
      prerequisites: [{ type: 'EnterpriseRecognized', effectiveDate: '2019-11-20' }],
    },
  },
});
