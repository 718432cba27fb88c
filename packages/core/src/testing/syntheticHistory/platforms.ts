/**
 * Platforms of the synthetic district (docs/spec.md §4 PlatformCertified, PlatformDecertified): R&D platforms,
 * incubators and maker spaces, agricultural science parks — new ones, upgrades, decertifications, and
 * district-level ones that the "市级以上" indicators do not count (docs/spec.md §6).
 */
import { LEVEL_NAMES, PLATFORM_KINDS, RD_PLATFORM_KINDS } from '../../events/vocabulary.js';
import type { Level, PlatformKind, Unit } from '../../events/vocabulary.js';
import { dayIn, zeroPadded } from './calendar.js';
import { TOPICS, brandName } from './inventedNames.js';
import { takeRandom } from './random.js';
import { PATHS, countOf, emit, newEnterprise, recordDayFor, stockAt } from './syntheticDistrict.js';
import type { Platform, SyntheticDistrict } from './syntheticDistrict.js';

/** The three families of platform the indicators count separately, and their id prefixes. */
export type PlatformFamily = 'rd' | 'incubation' | 'agricultural';
const ID_PREFIX: Readonly<Record<PlatformFamily, string>> = { rd: 'RD', incubation: 'FH', agricultural: 'NY' };

const DECERTIFICATION_REASONS = ['复核评估不合格，撤销认定', '依托单位申请撤销', '依托单位注销'];
const HIGHER: Readonly<Record<Level, Level>> = { district: 'municipal', municipal: 'provincial', provincial: 'national', national: 'national' };

/** R&D kinds, enterprise technology centres the commonest. */
export const RD_KINDS: readonly (readonly [PlatformKind, number])[] = [
  ['enterprise-technology-center', 40],
  ['engineering-research-center', 20],
  ['technology-innovation-center', 18],
  ['key-laboratory', 12],
  ['new-rd-institution', 6],
  ['industrial-technology-institute', 4],
];
/** Levels of a platform that counts (municipal or higher). */
export const COUNTED_LEVELS: readonly (readonly [Level, number])[] = [['municipal', 70], ['provincial', 25], ['national', 5]];
/** Incubation kinds. */
export const INCUBATION_KINDS: readonly (readonly [PlatformKind, number])[] = [['incubator', 35], ['maker-space', 45], ['star-innovation-space', 20]];
/** Levels of agricultural science parks (all of them count). */
export const PARK_LEVELS: readonly (readonly [Level, number])[] = [['district', 40], ['municipal', 40], ['provincial', 20]];

/** Agriculture certifies parks and star innovation spaces (星创天地); development-reform or approval the rest (docs/spec.md §5). */
const certifyingUnit = (d: SyntheticDistrict, kind: PlatformKind): Unit =>
  kind === 'agricultural-science-park' || kind === 'star-innovation-space'
    ? 'agriculture-rural'
    : d.random.chance(0.8)
      ? 'development-reform'
      : 'administrative-approval';

const certificationSource = (d: SyntheticDistrict, platform: Platform, year: number): string =>
  `${LEVEL_NAMES[platform.level]}${PLATFORM_KINDS[platform.kind]}认定〔${year}〕${d.random.int(1, 30)}号`;

/**
 * Certifies a new platform in `year` (May–December; any month for the opening import, whose events are
 * recorded on the opening day). Most R&D platforms are hosted by an enterprise.
 */
export const certifyPlatform = (d: SyntheticDistrict, year: number, family: PlatformFamily, kind: PlatformKind, level: Level, opening: boolean): Platform => {
  const day = dayIn(d.random, year, opening ? 1 : 5, 1, 12, 20);
  const host = kind in RD_PLATFORM_KINDS && d.random.chance(0.8) ? newEnterprise(d) : undefined;
  const platform: Platform = {
    platformId: `${ID_PREFIX[family]}${d.o.district}-${zeroPadded(d.platformSerial++, 4)}`,
    name: `${host?.name ?? brandName(d.random)}${d.random.pick(TOPICS)}${PLATFORM_KINDS[kind]}`,
    kind,
    level,
    unit: certifyingUnit(d, kind),
    recordDay: opening ? d.openingDay : recordDayFor(d, day, 5, 20),
    changedIn: year,
  };
  emit(d, 'PlatformCertified', day, platform.recordDay, platform.unit, certificationSource(d, platform, year), {
    platformId: platform.platformId,
    name: platform.name,
    kind,
    level,
    ...(host !== undefined ? { hostEnterpriseId: host.id } : {}),
  });
  return platform;
};

/** Certifies a platform again one level up (docs/spec.md §4: a later certification re-states kind and level). */
const upgradePlatform = (d: SyntheticDistrict, year: number, platform: Platform): void => {
  platform.level = HIGHER[platform.level];
  platform.changedIn = year;
  const day = dayIn(d.random, year, 4, 1, 12, 15);
  platform.recordDay = recordDayFor(d, day, 5, 20, platform.recordDay);
  emit(d, 'PlatformCertified', day, platform.recordDay, platform.unit, certificationSource(d, platform, year), {
    platformId: platform.platformId,
    name: platform.name,
    kind: platform.kind,
    level: platform.level,
  });
};

/**
 * Upgrades up to `n` random platforms of `pool` that are below `highest`; with `counted`, an upgraded one
 * moves there (district → municipal).
 */
const upgradeSome = (d: SyntheticDistrict, year: number, pool: Platform[], n: number, counted?: Platform[], highest: Level = 'national'): void => {
  for (let i = 0; i < n && pool.length > 0; i++) {
    const index = d.random.int(0, pool.length - 1);
    const platform = pool[index]!;
    if (platform.level === highest || platform.changedIn === year) continue;
    if (counted !== undefined) {
      pool[index] = pool[pool.length - 1]!;
      pool.pop();
      counted.push(platform);
    }
    upgradePlatform(d, year, platform);
  }
};

/** Decertifies up to `n` random platforms of `pool` (which are from earlier years: decertifications come first). */
const decertifySome = (d: SyntheticDistrict, year: number, pool: Platform[], n: number): void => {
  for (let i = 0; i < n; i++) {
    const platform = takeRandom(pool, d.random);
    if (platform === undefined) return;
    const day = dayIn(d.random, year, 3, 1, 11, 30);
    platform.recordDay = recordDayFor(d, day, 5, 20, platform.recordDay);
    emit(d, 'PlatformDecertified', day, platform.recordDay, platform.unit, `撤销${PLATFORM_KINDS[platform.kind]}认定〔${year}〕${d.random.int(1, 9)}号`, {
      platformId: platform.platformId,
      reason: d.random.pick(DECERTIFICATION_REASONS),
    });
  }
};

/**
 * One year of platforms: decertifications; upgrades (district → municipal adds to a count, municipal →
 * provincial does not); new district-level ones; new municipal-or-higher ones up to the trajectory. At
 * least one new maker space every year (the plan's 2020 target, docs/spec.md §6 `new-maker-spaces`).
 */
export const platformYear = (d: SyntheticDistrict, year: number): void => {
  decertifySome(d, year, d.rdCounted, countOf(d, 0.8));
  upgradeSome(d, year, d.rdDistrict, countOf(d, 1.5), d.rdCounted);
  upgradeSome(d, year, d.rdCounted, countOf(d, 0.8));
  for (let n = countOf(d, 2); n > 0; n--) d.rdDistrict.push(certifyPlatform(d, year, 'rd', d.random.weighted(RD_KINDS), 'district', false));
  for (let n = stockAt(d, PATHS.rdPlatforms, year, 0.97, 1.04) - d.rdCounted.length; n > 0; n--) {
    d.rdCounted.push(certifyPlatform(d, year, 'rd', d.random.weighted(RD_KINDS), d.random.weighted(COUNTED_LEVELS), false));
  }

  decertifySome(d, year, d.incubationCounted, countOf(d, 0.3));
  upgradeSome(d, year, d.incubationDistrict, countOf(d, 0.5), d.incubationCounted);
  let needed = stockAt(d, PATHS.incubators, year, 0.97, 1.06) - d.incubationCounted.length;
  for (let makerSpaces = Math.max(1, countOf(d, 1.5)); makerSpaces > 0; makerSpaces--, needed--) {
    const level = needed > 0 ? d.random.weighted(COUNTED_LEVELS) : 'district';
    (level === 'district' ? d.incubationDistrict : d.incubationCounted).push(certifyPlatform(d, year, 'incubation', 'maker-space', level, false));
  }
  for (; needed > 0; needed--) {
    d.incubationCounted.push(certifyPlatform(d, year, 'incubation', d.random.weighted(INCUBATION_KINDS), d.random.weighted(COUNTED_LEVELS), false));
  }

  decertifySome(d, year, d.agriculturalParks, countOf(d, 0.15));
  upgradeSome(d, year, d.agriculturalParks, countOf(d, 0.4), undefined, 'provincial');
  for (let n = stockAt(d, PATHS.agriculturalParks, year, 0.97, 1.06) - d.agriculturalParks.length; n > 0; n--) {
    d.agriculturalParks.push(certifyPlatform(d, year, 'agricultural', 'agricultural-science-park', d.random.weighted(PARK_LEVELS), false));
  }
};
