/**
 * SYNTHETIC DATA — NOT THE RECORDS OF ANY REAL DISTRICT.
 *
 * Seeds for demos, tests and benchmarks:
 *
 * - {@link planTargetEvents}: the plan's real targets (docs/spec.md §6) as `TargetSet` events.
 * - {@link syntheticHistoryEvents} / {@link generateSyntheticHistory}: an invented, deterministic history of
 *   one district, 2019–2025 by default, shaped to move near the plan's figures. Every event's `source`
 *   starts with `SYNTHETIC `. Enterprises, codes, patent numbers, people and amounts are made up; the codes
 *   merely pass the check-character rules of docs/spec.md §4.
 *
 * The parts live in `./syntheticHistory/`: seeded randomness, the calendar, the recording schedule, the
 * district's state and trajectories, and one module per family of events.
 */
import type { EventInputJson } from '../events/envelope.js';
import * as E from 'fp-ts/lib/Either.js';
import { parseDistrictCode } from '../ids/districtCode.js';
import { dayOf, workingDayOnOrAfter } from './syntheticHistory/calendar.js';
import { commissionersYear, fundsYear, projectsYear } from './syntheticHistory/flows.js';
import { highTechYear, techSmeYear } from './syntheticHistory/enterprises.js';
import { ENTERPRISE_CODE_SPACE } from './syntheticHistory/inventedNames.js';
import { openingImport } from './syntheticHistory/openingImport.js';
import { patentsYear } from './syntheticHistory/patents.js';
import { platformYear } from './syntheticHistory/platforms.js';
import { createRandom } from './syntheticHistory/random.js';
import { createSchedule } from './syntheticHistory/schedule.js';
import { statisticsOf, statisticsYear } from './syntheticHistory/statistics.js';
import type { ResolvedOptions, SyntheticDistrict } from './syntheticHistory/syntheticDistrict.js';
import { workPlanTargetsYear } from './syntheticHistory/workPlanTargets.js';

export {
  PLAN_ACTOR,
  PLAN_EFFECTIVE_DATE,
  PLAN_RECORDED_AT,
  PLAN_TARGETS,
  PLAN_TARGETS_NAMESPACE,
  PLAN_TITLE,
  planTargetEvents,
  uuidV5,
} from './syntheticHistory/planTargets.js';
export type { PlanTarget } from './syntheticHistory/planTargets.js';

/** Options of the synthetic history; every field has a default. */
export interface SyntheticHistoryOptions {
  /** District code of the stream (default `130302`, SPEC's example district). */
  readonly district?: string;
  /** Seed of every choice, any safe integer (default 20190101). */
  readonly seed?: number;
  /** Multiplies the volume of every stock and flow (default 1: about eleven thousand events). */
  readonly scale?: number;
  /** First year (default 2019). The ledger opens on the first working day after June 1 of it. */
  readonly fromYear?: number;
  /** Last year (default 2025). Its statistics are published, and recorded, in the year after. */
  readonly toYear?: number;
}

/** Applies defaults and refuses options that cannot make a valid history. */
const resolveOptions = (options: SyntheticHistoryOptions): ResolvedOptions => {
  const { district = '130302', seed = 20190101, scale = 1, fromYear = 2019, toYear = 2025 } = options;
  const code = parseDistrictCode(district);
  if (E.isLeft(code)) throw new RangeError(`district: ${code.left}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed should be a safe integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale should be a finite number > 0, got ${scale}`);
  // The opening stock reaches 12 years back (patent filings), publications two years ahead: stay inside docs/spec.md §3's 1980..2100.
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear < 2000 || toYear > 2090 || fromYear > toYear) {
    throw new RangeError(`years should be whole with 2000 ≤ fromYear ≤ toYear ≤ 2090, got ${fromYear}..${toYear}`);
  }
  return { district, seed, scale, fromYear, toYear };
};

/** Generates one year, each family after the ones its events may depend on. */
const historyYear = (d: SyntheticDistrict, year: number): void => {
  const truth = statisticsOf(d, year);
  d.statistics.set(year, truth);
  workPlanTargetsYear(d, year);
  commissionersYear(d, year);
  techSmeYear(d, year);
  highTechYear(d, year); // draws new high-tech enterprises from this year's tech-SMEs
  platformYear(d, year);
  fundsYear(d, year);
  projectsYear(d, year);
  patentsYear(d, year, truth['resident-population']);
  statisticsYear(d, year, truth);
};

/**
 * The synthetic history as event inputs (docs/spec.md §3 JSON, one NDJSON line each) in `recordedAt` order, ready
 * for `ledger.append`. Deterministic: the same options give the same events, byte for byte, on any Node
 * version (seeded sfc32, `Math.random` never used); event ids are drawn from their own seeded stream.
 * Every actor is one the default policy allows (docs/spec.md §5); every `recordedAt` lies 01:00–09:00Z on a
 * working day, on or after the effective date and never before the one before it. O(events) time; holds
 * about one year of events at a time, so a large `scale` can be streamed to a store.
 */
export function* syntheticHistoryEvents(options: SyntheticHistoryOptions = {}): Generator<EventInputJson, void, undefined> {
  const o = resolveOptions(options);
  const label = `${o.seed}|${o.district}`;
  const random = createRandom(`${label}|content`);
  const openingDay = workingDayOnOrAfter(dayOf(o.fromYear, 6, 2));
  const d: SyntheticDistrict = {
    o,
    random,
    ids: createRandom(`${label}|ids`),
    schedule: createSchedule(o.district, openingDay, createRandom(`${label}|clock`)),
    openingDay,
    enterpriseSalt: random.int(0, ENTERPRISE_CODE_SPACE - 1),
    enterpriseSerial: 0,
    highTechCohorts: new Map(),
    techSmes: [],
    rdCounted: [],
    rdDistrict: [],
    incubationCounted: [],
    incubationDistrict: [],
    agriculturalParks: [],
    platformSerial: 1,
    inventions: [],
    utilityModels: [],
    patentSerials: new Map(),
    commissioners: [],
    commissionerSerial: 1,
    statistics: new Map(),
  };
  openingImport(d);
  for (let year = o.fromYear; year <= o.toYear; year++) {
    historyYear(d, year);
    // Whatever is generated from here on takes effect next year or later, so the earlier days are complete.
    yield* d.schedule.drainBefore(dayOf(year + 1, 1, 1));
  }
  yield* d.schedule.drainBefore(Number.POSITIVE_INFINITY);
}

/** {@link syntheticHistoryEvents} collected into an array. */
export const generateSyntheticHistory = (options: SyntheticHistoryOptions = {}): EventInputJson[] => [...syntheticHistoryEvents(options)];

/** Events as NDJSON (docs/spec.md §3): one JSON object per line, every line ending in a newline. */
export const eventsToNdjson = (events: Iterable<EventInputJson>): string => {
  let text = '';
  for (const e of events) text += `${JSON.stringify(e)}\n`;
  return text;
};
