import { addFlow } from '../indicators/flows.js';
import { defineFamily, noViolation, violation } from './family.js';
import type { EventRule } from './family.js';
import { addToSet, commissionerYearKey } from './streamFacts.js';

/** docs/spec.md §4 FundsAllocated: allocationId unique in the stream. */
export const allocationIdIsNew: EventRule<'FundsAllocated'> = (e, facts) =>
  !facts.allocationIds.has(e.data.allocationId) ? noViolation : violation('data.allocationId', `allocation ${e.data.allocationId} is already recorded in this district`);

/** docs/spec.md §4 ProjectApproved: projectId unique. */
export const projectIdIsNew: EventRule<'ProjectApproved'> = (e, facts) =>
  !facts.projectIds.has(e.data.projectId) ? noViolation : violation('data.projectId', `project ${e.data.projectId} is already recorded in this district`);

/** docs/spec.md §4 CommissionerDispatched: one dispatch per commissioner and year. */
export const commissionerOncePerYear: EventRule<'CommissionerDispatched'> = (e, facts) =>
  !facts.commissionerYears.has(commissionerYearKey(e.data.commissionerId, e.effectiveDate))
    ? noViolation
    : violation('data.commissionerId', `commissioner ${e.data.commissionerId} is already dispatched in ${e.effectiveDate.slice(0, 4)}`);

/**
 * What the district adds up by the year it happened (docs/spec.md §4, §6): funds allocated (in fen), projects
 * approved and commissioners dispatched, each folded into a flow table by year.
 */
export const flows = defineFamily('flows', {
  FundsAllocated: {
    type: 'FundsAllocated',
    recordFacts: (facts, e, undo) => addToSet(facts.allocationIds, e.data.allocationId, undo),
    rules: [allocationIdIsNew],
    authorization: { units: ['finance'] },
    evolve: (s, r, position, date) => addFlow(s.funds, date, position, r.data.amountFen, r.data.allocationId),
    moves: ['st-funds-allocated'],
    subjectFields: [['allocationId', 'allocation']],
    // A recipient is a person only sometimes: the caller decides (docs/spec.md §8.4).
    redactableFields: ['recipient'],
    example: { unit: 'finance', data: { allocationId: 'CZ-2020-0001', amountFen: 50_000_000, purpose: 'st-project' } },
  },
  ProjectApproved: {
    type: 'ProjectApproved',
    recordFacts: (facts, e, undo) => addToSet(facts.projectIds, e.data.projectId, undo),
    rules: [projectIdIsNew],
    authorization: { units: ['development-reform'] },
    evolve: (s, r, position, date) => addFlow(s.projects, date, position, 1, r.data.projectId),
    moves: ['st-projects'],
    subjectFields: [['projectId', 'project']],
    redactableFields: [],
    example: { unit: 'development-reform', data: { projectId: 'XM-2020-001', title: '高性能陶瓷关键技术研发', level: 'municipal' } },
  },
  CommissionerDispatched: {
    type: 'CommissionerDispatched',
    recordFacts: (facts, e, undo) => addToSet(facts.commissionerYears, commissionerYearKey(e.data.commissionerId, e.effectiveDate), undo),
    rules: [commissionerOncePerYear],
    authorization: { units: ['development-reform', 'human-resources', 'agriculture-rural'] },
    evolve: (s, r, position, date) => addFlow(s.commissioners, date, position, 1, r.data.commissionerId),
    moves: ['st-commissioners'],
    subjectFields: [['commissionerId', 'commissioner']],
    // A commissioner's name is always a person's.
    redactableFields: ['name'],
    example: { unit: 'human-resources', data: { commissionerId: 'TPY-001', name: '张伟' } },
  },
});
