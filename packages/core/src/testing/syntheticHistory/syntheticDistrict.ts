/**
 * The simulated district: the generator's state (its enterprises, platforms, patents, people), the
 * trajectories it follows towards the plan's figures, and how one of its facts becomes a scheduled event.
 */
import type { EventDataJson, EventType } from '../../events/catalog.js';
import type { Level, PlatformKind, Statistic, Unit } from '../../events/vocabulary.js';
import { civilOf, workingDayOnOrAfter, yearOfDay } from './calendar.js';
import { ENTERPRISE_CODE_SPACE, companyName, enterpriseIdOf } from './inventedNames.js';
import type { Random } from './random.js';
import { uuidFrom } from './random.js';
import type { Schedule } from './schedule.js';

/** The generator's options after defaults and checks. */
export interface ResolvedOptions {
  readonly district: string;
  readonly seed: number;
  readonly scale: number;
  readonly fromYear: number;
  readonly toYear: number;
}

/** An enterprise of the district. */
export interface Enterprise {
  readonly id: string;
  readonly name: string;
  /** Year of the cohort of its current high-tech recognition, 0 when it has none. */
  highTechCohort: number;
}

/** A high-tech recognition held by an enterprise. */
export interface Recognition {
  readonly enterprise: Enterprise;
  readonly recordDay: number;
  revoked: boolean;
}

/** A tech-SME registration of the current year. */
export interface Registration {
  readonly enterprise: Enterprise;
  readonly eventId: string;
  readonly recordDay: number;
}

/** A certified platform. */
export interface Platform {
  readonly platformId: string;
  readonly name: string;
  readonly kind: PlatformKind;
  level: Level;
  readonly unit: Unit;
  recordDay: number;
  /** The last year it was certified or re-certified; at most one change a year keeps its dates in order. */
  changedIn: number;
}

/** A granted patent still in force. */
export interface PatentHeld {
  readonly patentNo: string;
  readonly grantYear: number;
  readonly recordDay: number;
}

/** A science and technology commissioner (科技特派员). */
export interface Commissioner {
  readonly commissionerId: string;
  readonly name: string;
}

/** A year's true statistics (docs/spec.md §4 StatisticReported), before any preliminary estimate. */
export type Statistics = Record<Statistic, number>;

/** Everything the generator knows about the district so far. */
export interface SyntheticDistrict {
  readonly o: ResolvedOptions;
  /** Choices of content. */
  readonly random: Random;
  /** Event ids, a separate stream so that ids do not shift when content choices change. */
  readonly ids: Random;
  readonly schedule: Schedule;
  /** The first working day after June 1 of the first year: the ledger opens with the plan. */
  readonly openingDay: number;
  readonly enterpriseSalt: number;
  enterpriseSerial: number;
  /** High-tech recognitions by cohort year (the year on the certificate). */
  readonly highTechCohorts: Map<number, Recognition[]>;
  /** Tech-SME registrations of the latest year. */
  techSmes: Registration[];
  /** Active R&D platforms at municipal level or higher (they count, docs/spec.md §6 "市级以上"). */
  readonly rdCounted: Platform[];
  /** Active district-level R&D platforms (they do not count). */
  readonly rdDistrict: Platform[];
  readonly incubationCounted: Platform[];
  readonly incubationDistrict: Platform[];
  readonly agriculturalParks: Platform[];
  platformSerial: number;
  readonly inventions: PatentHeld[];
  readonly utilityModels: PatentHeld[];
  /** The last serial used per filing year and kind digit. */
  readonly patentSerials: Map<string, number>;
  commissioners: Commissioner[];
  commissionerSerial: number;
  /** True statistics by year. */
  readonly statistics: Map<number, Statistics>;
}

/** Year anchors of a trajectory: [year, value] pairs in year order. */
export type Anchors = readonly (readonly [number, number])[];

/** Piecewise-linear through the anchors, extended linearly past both ends. */
export const along = (anchors: Anchors, year: number): number => {
  let i = 0;
  while (i < anchors.length - 2 && year > anchors[i + 1]![0]) i++;
  const [y0, v0] = anchors[i]!;
  const [y1, v1] = anchors[i + 1]!;
  return v0 + ((v1 - v0) * (year - y0)) / (y1 - y0);
};

/**
 * Year-end stocks and yearly rates, at scale 1, near the plan's figures (docs/spec.md §6 targets for 2020 and
 * 2025); the history adds a few percent of noise, so some targets are met and some missed.
 */
export const PATHS = {
  highTechEnterprises: [[2016, 24], [2017, 31], [2018, 40], [2019, 52], [2020, 76], [2025, 182]],
  techSmes: [[2018, 430], [2019, 500], [2020, 655], [2025, 1110]],
  rdPlatforms: [[2018, 46], [2019, 52], [2020, 61], [2025, 81]],
  incubators: [[2018, 7], [2019, 8], [2020, 10], [2025, 20]],
  agriculturalParks: [[2018, 4], [2019, 5], [2020, 7], [2025, 12]],
  inventionPatentsPer10k: [[2018, 8.0], [2019, 9.4], [2020, 11.2], [2025, 25.6]],
  fiscalStShare: [[2018, 0.86], [2019, 0.93], [2020, 1.04], [2025, 2.06]],
  rdIntensity: [[2018, 0.66], [2019, 0.71], [2020, 0.79], [2025, 1.56]],
  rdInstitutionShare: [[2018, 30], [2019, 34], [2020, 41], [2025, 89]],
  agriculturalIndustrialization: [[2018, 55.6], [2019, 57.8], [2020, 60.4], [2025, 75.6]],
} as const satisfies Record<string, Anchors>;

/** Expected `x` events per unit of scale, rounded at random so that small expectations still happen. */
export const countOf = (d: SyntheticDistrict, x: number): number => Math.floor(x * d.o.scale + d.random.next());

/** A stock for the end of `year`: the trajectory, scaled, times a noise factor in [low, high). */
export const stockAt = (d: SyntheticDistrict, anchors: Anchors, year: number, low = 0.96, high = 1.05): number =>
  Math.max(0, Math.round(along(anchors, year) * d.o.scale * d.random.between(low, high)));

/**
 * When a fact with effective day `day` reaches the ledger: `minLag`–`maxLag` days later, on a working day,
 * not before the ledger opens, and not before `after` (the recording day of an event it depends on).
 */
export const recordDayFor = (d: SyntheticDistrict, day: number, minLag: number, maxLag: number, after = 0): number =>
  Math.max(workingDayOnOrAfter(day + d.random.int(minLag, maxLag)), d.openingDay, after);

/** The clerks of each unit that records in the synthetic history (invented user names). */
const CLERKS: Readonly<Partial<Record<Unit, readonly string[]>>> = {
  'development-reform': ['chen.jing', 'liu.yang', 'zhao.lei'],
  'administrative-approval': ['sun.li', 'zhou.min'],
  'agriculture-rural': ['wu.hao', 'zheng.xia'],
  finance: ['wang.fang', 'feng.tao'],
  'market-regulation': ['he.jun', 'tang.yu'],
  statistics: ['lin.xue', 'guo.peng'],
  'human-resources': ['ma.rui'],
};

/** What an emitted event is known by: the id and the day it is recorded. */
export interface Emitted {
  readonly eventId: string;
  readonly recordDay: number;
}

/**
 * Schedules one event recorded by a clerk of `unit` (or by `user` when given). Its source is labelled
 * `SYNTHETIC `, so no line of the history can pass for a real record.
 */
export const emit = <T extends EventType>(
  d: SyntheticDistrict,
  type: T,
  effectiveDay: number,
  recordDay: number,
  unit: Unit,
  source: string,
  data: EventDataJson[T],
  user?: string,
): Emitted => {
  const eventId = uuidFrom(d.ids);
  d.schedule.add(
    { type, eventId, effectiveDate: civilOf(effectiveDay), unit, user: user ?? d.random.pick(CLERKS[unit]!), source: `SYNTHETIC ${source}`, data },
    recordDay,
  );
  return { eventId, recordDay };
};

/** A retraction (docs/spec.md §4 EventRetracted) of an event entered by mistake, by the unit that entered it (§5). */
export const retract = (d: SyntheticDistrict, target: Emitted, unit: Unit, reason: string): void => {
  const day = workingDayOnOrAfter(target.recordDay + d.random.int(3, 20));
  emit(d, 'EventRetracted', day, recordDayFor(d, day, 0, 1, day), unit, `更正说明〔${yearOfDay(day)}〕${d.random.int(1, 40)}号`, {
    eventId: target.eventId,
    reason,
  });
};

/** A new enterprise of the district, with a fresh code. */
export const newEnterprise = (d: SyntheticDistrict): Enterprise => {
  // Past the code space two enterprises would share a code; only an absurd scale gets there (~3,000 enterprises per unit).
  if (d.enterpriseSerial >= ENTERPRISE_CODE_SPACE) throw new RangeError('synthetic history: scale too large, enterprise codes exhausted');
  return { id: enterpriseIdOf(d.o.district, d.enterpriseSerial++, d.enterpriseSalt), name: companyName(d.random), highTechCohort: 0 };
};
