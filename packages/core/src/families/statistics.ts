import { addReport } from '../indicators/reports.js';
import { FISCAL_STATISTICS } from '../events/vocabulary.js';
import { defineFamily } from './family.js';

/**
 * Yearly statistics reported by the statistics unit (docs/spec.md §4): the last live report of a statistic and
 * year counts. They are the inputs of every ratio of §6, the patents per 10,000 residents included.
 */
export const statistics = defineFamily('statistics', {
  StatisticReported: {
    type: 'StatisticReported',
    rules: [],
    // docs/spec.md §5: the finance unit may also report the two fiscal statistics.
    authorization: { units: ['statistics'], alsoAllowed: (e, unit) => unit === 'finance' && FISCAL_STATISTICS.includes(e.data.statistic) },
    evolve: (s, r, position) => addReport(s.statistics, r.data.statistic, r.data.year, position, r.data.value),
    moves: [
      'invention-patents-per-10k',
      'fiscal-st-share',
      'rd-intensity-above-scale',
      'rd-institution-share',
      'high-tech-value-added-growth',
      'agricultural-industrialization-rate',
    ],
    subjectFields: [],
    redactableFields: [],
    example: { unit: 'statistics', data: { statistic: 'resident-population', year: 2020, value: 350_000, status: 'final' } },
  },
});
