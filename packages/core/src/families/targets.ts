import { addReport } from '../indicators/reports.js';
import { defineFamily } from './family.js';

/**
 * The plan's targets (docs/spec.md §4): the last live target of an indicator and year is the one a figure's
 * status is judged against (§7). A target moves no figure.
 */
export const targets = defineFamily('targets', {
  TargetSet: {
    type: 'TargetSet',
    rules: [],
    authorization: { units: ['development-reform'] },
    evolve: (s, r, position) => addReport(s.targets, r.data.indicator, r.data.year, position, { comparator: r.data.comparator, value: r.data.value }),
    moves: [],
    subjectFields: [],
    redactableFields: [],
    example: { unit: 'development-reform', data: { indicator: 'high-tech-enterprises', year: 2020, comparator: 'gte', value: 75 } },
  },
});
