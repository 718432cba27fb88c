import type { Level, Statistic } from '../../events/vocabulary.js';
import { dayIn, dayOf, workingDayBetween } from './calendar.js';
import { recogniseHighTech, registerTechSmes } from './enterprises.js';
import { grantPatent } from './patents.js';
import { COUNTED_LEVELS, INCUBATION_KINDS, RD_KINDS, certifyPlatform } from './platforms.js';
import { reportStatistic, statisticsOf } from './statistics.js';
import { PATHS, along, newEnterprise, stockAt } from './syntheticDistrict.js';
import type { SyntheticDistrict } from './syntheticDistrict.js';

/**
 * What the district held when its ledger opened, all recorded on the opening day (a migration import):
 * last year's final statistics (the base of this year's growth rate), the high-tech cohorts of the three
 * previous years, last year's tech-SMEs, the platforms certified over the previous eight years, and the
 * patents in force — granted within the last eight years, so none reaches its 20-year term before 2025.
 */
export const openingImport = (d: SyntheticDistrict): void => {
  const year = d.o.fromYear - 1;
  const truth = statisticsOf(d, year);
  d.statistics.set(year, truth);
  const published = dayIn(d.random, d.o.fromYear, 5, 10, 5, 30);
  for (const statistic of Object.keys(truth) as Statistic[]) reportStatistic(d, statistic, year, truth[statistic], 'final', published, d.openingDay);

  const highTech = stockAt(d, PATHS.highTechEnterprises, year);
  [0.28, 0.33, 0.39].forEach((share, i) => {
    recogniseHighTech(d, year - 2 + i, Array.from({ length: Math.round(highTech * share) }, () => newEnterprise(d)), true);
  });
  d.techSmes = registerTechSmes(d, year, Array.from({ length: stockAt(d, PATHS.techSmes, year) }, () => newEnterprise(d)), true);

  const certifiedIn = () => year - d.random.int(0, 7);
  for (let n = stockAt(d, PATHS.rdPlatforms, year); n > 0; n--) {
    d.rdCounted.push(certifyPlatform(d, certifiedIn(), 'rd', d.random.weighted(RD_KINDS), d.random.weighted(COUNTED_LEVELS), true));
  }
  for (let n = Math.round(10 * d.o.scale); n > 0; n--) d.rdDistrict.push(certifyPlatform(d, certifiedIn(), 'rd', d.random.weighted(RD_KINDS), 'district', true));
  for (let n = stockAt(d, PATHS.incubators, year); n > 0; n--) {
    d.incubationCounted.push(certifyPlatform(d, certifiedIn(), 'incubation', d.random.weighted(INCUBATION_KINDS), d.random.weighted(COUNTED_LEVELS), true));
  }
  for (let n = Math.round(3 * d.o.scale); n > 0; n--) d.incubationDistrict.push(certifyPlatform(d, certifiedIn(), 'incubation', 'maker-space', 'district', true));
  const parkLevels: readonly (readonly [Level, number])[] = [['district', 50], ['municipal', 40], ['provincial', 10]];
  for (let n = stockAt(d, PATHS.agriculturalParks, year); n > 0; n--) {
    d.agriculturalParks.push(certifyPlatform(d, certifiedIn(), 'agricultural', 'agricultural-science-park', d.random.weighted(parkLevels), true));
  }

  const grantedYearsAgo = (back: number) => workingDayBetween(d.random, dayOf(year - back, 1, 2), dayOf(year - back, 12, 28));
  const inventions = Math.round((along(PATHS.inventionPatentsPer10k, year) * truth['resident-population']) / 10_000);
  // The smaller of two draws: more recent grants than old ones, as a growing stock has.
  for (let i = 0; i < inventions; i++) d.inventions.push(grantPatent(d, grantedYearsAgo(Math.min(d.random.int(0, 7), d.random.int(0, 7))), '1', true));
  for (let n = Math.round(inventions * 0.8); n > 0; n--) d.utilityModels.push(grantPatent(d, grantedYearsAgo(d.random.int(0, 4)), '2', true));
};
