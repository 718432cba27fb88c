/**
 * Yearly flows of the synthetic district (docs/spec.md §4 FundsAllocated, ProjectApproved,
 * CommissionerDispatched), sized to the plan's every-year floors of docs/spec.md §6: 20 million yuan, 30
 * projects, 30 commissioners.
 */
import type { EventDataJson } from '../../events/catalog.js';
import type { FundPurpose, Unit } from '../../events/vocabulary.js';
import { dayIn, zeroPadded } from './calendar.js';
import { companyName, personName, projectTitle } from './inventedNames.js';
import { shuffle } from './random.js';
import { countOf, emit, recordDayFor, retract } from './syntheticDistrict.js';
import type { Emitted, SyntheticDistrict } from './syntheticDistrict.js';

const FUND_PURPOSES: readonly (readonly [FundPurpose, number])[] = [
  ['st-project', 25],
  ['tech-upgrade', 20],
  ['entity-cultivation', 20],
  ['rd-platform', 12],
  ['innovation-service', 8],
  ['talent', 7],
  ['award', 8],
];
/** Month weights: spending leans to the second half of the year. */
const FUND_MONTHS: readonly (readonly [number, number])[] = [[3, 4], [4, 6], [5, 7], [6, 9], [7, 9], [8, 10], [9, 12], [10, 13], [11, 14], [12, 16]];

/**
 * One year of allocations by finance totalling 19.5–30 million yuan per unit of scale, in whole hundreds
 * of yuan between 30 thousand and 1.2 million (skewed small: 30k + 1.17M·u³); a few are entered twice
 * by mistake and the duplicate is retracted by finance.
 */
export const fundsYear = (d: SyntheticDistrict, year: number): void => {
  const totalFen = Math.round(d.random.between(19_500_000, 30_000_000) * d.o.scale) * 100;
  const allocated: (Emitted & { readonly day: number; readonly data: EventDataJson['FundsAllocated'] })[] = [];
  let serial = 0;
  for (let sum = 0; sum < totalFen; ) {
    const u = d.random.next();
    const yuan = Math.round((30_000 + 1_170_000 * u * u * u) / 100) * 100;
    const month = d.random.weighted(FUND_MONTHS);
    const day = dayIn(d.random, year, month, 1, month, month === 12 ? 25 : 28);
    const purpose = d.random.weighted(FUND_PURPOSES);
    const data: EventDataJson['FundsAllocated'] = {
      allocationId: `CZ${year}-${zeroPadded(++serial, 5)}`,
      amountFen: yuan * 100,
      purpose,
      ...(purpose !== 'innovation-service' ? { recipient: companyName(d.random) } : {}),
    };
    const emitted = emit(d, 'FundsAllocated', day, recordDayFor(d, day, 1, 10), 'finance', `区财教〔${year}〕${d.random.int(1, 120)}号`, data);
    allocated.push({ ...emitted, day, data });
    sum += data.amountFen;
  }
  for (let n = countOf(d, 0.6); n > 0 && allocated.length > 0; n--) {
    const original = d.random.pick(allocated);
    const duplicate = emit(d, 'FundsAllocated', original.day, recordDayFor(d, original.day, 1, 10, original.recordDay), 'finance', `区财教〔${year}〕${d.random.int(1, 120)}号`, {
      ...original.data,
      allocationId: `CZ${year}-${zeroPadded(++serial, 5)}`,
    });
    retract(d, duplicate, 'finance', `重复录入（与${original.data.allocationId}为同一笔拨付）`);
  }
};

const PROJECT_LEVELS: readonly (readonly ['municipal' | 'provincial' | 'national', number])[] = [['municipal', 70], ['provincial', 25], ['national', 5]];
const PROJECT_ISSUERS = { municipal: '市科技计划', provincial: '冀科计', national: '国科发计' } as const;

/** At least 30 projects per unit of scale a year, and now and then one entered by mistake and retracted. */
export const projectsYear = (d: SyntheticDistrict, year: number): void => {
  let serial = 0;
  const approve = (): Emitted => {
    const level = d.random.weighted(PROJECT_LEVELS);
    const day = dayIn(d.random, year, 4, 1, 11, 30);
    return emit(d, 'ProjectApproved', day, recordDayFor(d, day, 3, 15), 'development-reform', `${PROJECT_ISSUERS[level]}〔${year}〕${d.random.int(1, 60)}号`, {
      projectId: `XM${year}-${zeroPadded(++serial, 4)}`,
      title: projectTitle(d.random),
      level,
    });
  };
  for (let n = Math.ceil((30 + d.random.int(0, 8)) * d.o.scale); n > 0; n--) approve();
  for (let n = countOf(d, 0.4); n > 0; n--) retract(d, approve(), 'development-reform', '录入错误：该项目为区级项目，不属于市级以上科技计划');
};

const DISPATCHING_UNITS: readonly (readonly [Unit, number])[] = [['agriculture-rural', 60], ['human-resources', 25], ['development-reform', 15]];

/** At least 30 commissioners per unit of scale a year, in two spring batches, about 70% of them sent again from last year. */
export const commissionersYear = (d: SyntheticDistrict, year: number): void => {
  const n = Math.ceil((30 + d.random.int(0, 10)) * d.o.scale);
  const sent = shuffle([...d.commissioners], d.random).slice(0, Math.min(n, Math.round(d.commissioners.length * 0.7)));
  while (sent.length < n) sent.push({ commissionerId: `TP${d.o.district}-${zeroPadded(d.commissionerSerial++, 5)}`, name: personName(d.random) });
  const batches = [dayIn(d.random, year, 3, 1, 3, 31), dayIn(d.random, year, 4, 1, 5, 15)] as const;
  for (const c of sent) {
    const batch = d.random.chance(0.7) ? 0 : 1;
    const day = batches[batch];
    emit(d, 'CommissionerDispatched', day, recordDayFor(d, day, 1, 10), d.random.weighted(DISPATCHING_UNITS), `区科技特派员选派通知〔${year}〕${batch + 1}号`, {
      commissionerId: c.commissionerId,
      name: c.name,
    });
  }
  d.commissioners = sent;
};
