/**
 * Statistics of the synthetic district (docs/spec.md §4 StatisticReported): the year's true values and their
 * vintages — preliminary, final and sometimes revised — recorded as they are published, so that a
 * figure known as of one instant differs from the same figure known later (docs/spec.md §1, §6).
 */
import type { Statistic, StatisticStatus, Unit } from '../../events/vocabulary.js';
import { FISCAL_STATISTICS } from '../../events/vocabulary.js';
import { dayIn } from './calendar.js';
import { PATHS, along, emit, recordDayFor } from './syntheticDistrict.js';
import type { Statistics, SyntheticDistrict } from './syntheticDistrict.js';

/** (1 + rate)^years by repeated multiplication: exact IEEE steps, the same on every engine (Math.pow need not be). */
const compounded = (rate: number, years: number): number => {
  let factor = 1;
  for (let i = 0; i < Math.abs(years); i++) factor *= 1 + rate;
  return years < 0 ? 1 / factor : factor;
};

/**
 * The true statistics of `year`, in docs/spec.md §4's units: about 548 thousand residents growing 0.4% a year, a
 * budget of about 3.6 billion yuan growing 4.5%, above-scale revenue of about 42 billion growing 5.5%,
 * about 190 above-scale enterprises, high-tech value added growing 7.5–13.5% a year, and the shares and
 * rates along their trajectories — all times `scale` where they are amounts.
 */
export const statisticsOf = (d: SyntheticDistrict, year: number): Statistics => {
  const { scale } = d.o;
  const r = d.random;
  const t = year - 2019;
  const budgetFen = Math.round((3.6e9 * compounded(0.045, t) * r.between(0.97, 1.03) * scale) / 10_000) * 1_000_000;
  const revenueFen = Math.round((4.2e10 * compounded(0.055, t) * r.between(0.96, 1.04) * scale) / 10_000) * 1_000_000;
  const enterprises = Math.max(1, Math.round((188 + 4 * t + r.int(-3, 3)) * scale));
  const withRdShare = Math.min(98, Math.max(5, along(PATHS.rdInstitutionShare, year) + r.between(-2.5, 2.5)));
  const valueAddedBefore = d.statistics.get(year - 1)?.['high-tech-industry-value-added'] ?? Math.round(6.2e9 * scale) * 100;
  return {
    'resident-population': Math.round(548_000 * compounded(0.004, t) * r.between(0.998, 1.002) * scale),
    'general-public-budget-expenditure': budgetFen,
    'fiscal-st-expenditure': Math.round((budgetFen * Math.max(0.3, along(PATHS.fiscalStShare, year) + r.between(-0.06, 0.06))) / 100),
    'above-scale-industrial-rd-expenditure': Math.round((revenueFen * Math.max(0.2, along(PATHS.rdIntensity, year) + r.between(-0.04, 0.04))) / 100),
    'above-scale-industrial-main-revenue': revenueFen,
    'above-scale-industrial-enterprises': enterprises,
    'above-scale-industrial-enterprises-with-rd-institution': Math.round((enterprises * withRdShare) / 100),
    'high-tech-industry-value-added': Math.round(valueAddedBefore * (1 + r.between(7.5, 13.5) / 100)),
    'agricultural-industrialization-rate': Math.round((along(PATHS.agriculturalIndustrialization, year) + r.between(-1.2, 1.2)) * 10) / 10,
  };
};

/** A vintage of a true value, off by up to ±`error`, in the statistic's own precision. */
const estimate = (d: SyntheticDistrict, statistic: Statistic, value: number, error: number): number => {
  const v = value * (1 + d.random.between(-error, error));
  return statistic === 'agricultural-industrialization-rate' ? Math.round(v * 10) / 10 : Math.round(v);
};

const isFiscal = (statistic: Statistic): boolean => FISCAL_STATISTICS.includes(statistic);

/**
 * Records one published figure: finance reports the two fiscal statistics, the statistics bureau the rest
 * (docs/spec.md §5). Returns the recording day, so the next vintage is recorded after it.
 */
export const reportStatistic = (
  d: SyntheticDistrict,
  statistic: Statistic,
  year: number,
  value: number,
  status: StatisticStatus,
  publishedDay: number,
  after: number,
): number => {
  const unit: Unit = isFiscal(statistic) ? 'finance' : 'statistics';
  const documents: Record<StatisticStatus, string> = isFiscal(statistic)
    ? { preliminary: `${year}年财政预算执行情况报告`, final: `${year}年财政决算报告`, revised: `${year}年财政决算调整说明` }
    : { preliminary: `${year}年国民经济和社会发展统计公报`, final: `${year}年度统计年报`, revised: `${year}年统计数据修订公告` };
  return emit(d, 'StatisticReported', publishedDay, recordDayFor(d, publishedDay, 0, 5, after), unit, documents[status], { statistic, year, value, status })
    .recordDay;
};

/**
 * The vintages of `year`'s statistics: a preliminary estimate (±2%) early the next year, the final figure
 * that summer, and for about a third a revision (±1%) the spring after — when that still falls within a
 * year of the history's end.
 */
export const statisticsYear = (d: SyntheticDistrict, year: number, truth: Statistics): void => {
  const preliminary = { bureau: dayIn(d.random, year + 1, 2, 20, 3, 25), fiscal: dayIn(d.random, year + 1, 1, 10, 2, 20) };
  const final = { bureau: dayIn(d.random, year + 1, 7, 1, 9, 15), fiscal: dayIn(d.random, year + 1, 7, 15, 8, 31) };
  const revised = dayIn(d.random, year + 2, 3, 1, 5, 31);
  for (const statistic of Object.keys(truth) as Statistic[]) {
    const office = isFiscal(statistic) ? 'fiscal' : 'bureau';
    const value = truth[statistic];
    let after = reportStatistic(d, statistic, year, estimate(d, statistic, value, 0.02), 'preliminary', preliminary[office], 0);
    after = reportStatistic(d, statistic, year, value, 'final', final[office], after);
    if (year + 2 <= d.o.toYear + 1 && d.random.chance(0.3)) reportStatistic(d, statistic, year, estimate(d, statistic, value, 0.01), 'revised', revised, after);
  }
};
