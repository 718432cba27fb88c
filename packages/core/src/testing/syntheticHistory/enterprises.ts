/**
 * Enterprise designations of the synthetic district (docs/spec.md §4 EnterpriseRecognized,
 * EnterpriseRecognitionRevoked): high-tech cohorts with three-year validity and re-recognition, yearly
 * tech-SME registrations, revocations, and registrations entered by mistake.
 */
import { civilOf, dayIn, dayOf, zeroPadded } from './calendar.js';
import { shuffle } from './random.js';
import { PATHS, countOf, emit, newEnterprise, recordDayFor, retract, stockAt } from './syntheticDistrict.js';
import type { Enterprise, Recognition, Registration, SyntheticDistrict } from './syntheticDistrict.js';

const HIGH_TECH_REVOCATION_REASONS = ['不再符合高新技术企业认定条件', '发生重大安全、重大质量事故或严重环境违法行为', '申请认定过程中存在弄虚作假行为'];

/**
 * Recognises `enterprises` as high-tech in `year`, in two certificate batches (October–December, when
 * the province announces them). Certificate numbers follow the GR + year + province + serial pattern.
 * In the opening import every recognition is recorded on the opening day.
 */
export const recogniseHighTech = (d: SyntheticDistrict, year: number, enterprises: readonly Enterprise[], opening: boolean): void => {
  const batches = [dayIn(d.random, year, 10, 10, 11, 5), dayIn(d.random, year, 11, 15, 12, 10)];
  const cohort = d.highTechCohorts.get(year) ?? [];
  const province = d.o.district.slice(0, 2);
  let certificate = d.random.int(100, 900);
  for (const enterprise of enterprises) {
    const batch = d.random.chance(0.55) ? 0 : 1;
    const day = batches[batch]!;
    const recordDay = opening ? d.openingDay : recordDayFor(d, day, 8, 30);
    emit(d, 'EnterpriseRecognized', day, recordDay, 'development-reform', `冀科高〔${year}〕${batch + 3}号`, {
      enterpriseId: enterprise.id,
      name: enterprise.name,
      designation: 'high-tech',
      certificateNo: `GR${year}${province}${zeroPadded(certificate, 6)}`,
    });
    certificate += d.random.int(1, 9);
    enterprise.highTechCohort = year;
    cohort.push({ enterprise, recordDay, revoked: false });
  }
  d.highTechCohorts.set(year, cohort);
};

const alive = (cohort: readonly Recognition[] | undefined): Recognition[] => (cohort ?? []).filter((r) => !r.revoked);

/**
 * One year of high-tech enterprises: a few revocations (half of them void from January 1), then a cohort
 * sized so that the year-end count — this cohort and the two before it, valid three years (docs/spec.md §4) —
 * lands near the trajectory. The cohort renews most recognitions expiring this year and adds new
 * enterprises, many of them this year's tech-SMEs.
 */
export const highTechYear = (d: SyntheticDistrict, year: number): void => {
  for (let n = countOf(d, 0.7); n > 0; n--) {
    const candidates = alive(d.highTechCohorts.get(year - (d.random.chance(0.5) ? 1 : 2)));
    if (candidates.length === 0) continue;
    const victim = d.random.pick(candidates);
    victim.revoked = true;
    victim.enterprise.highTechCohort = 0;
    const day = dayIn(d.random, year, 3, 1, 9, 30);
    emit(d, 'EnterpriseRecognitionRevoked', day, recordDayFor(d, day, 5, 20, victim.recordDay), 'development-reform', `冀科高〔${year}〕${d.random.int(11, 30)}号`, {
      enterpriseId: victim.enterprise.id,
      designation: 'high-tech',
      reason: d.random.pick(HIGH_TECH_REVOCATION_REASONS),
      ...(d.random.chance(0.5) ? { revokedFrom: civilOf(dayOf(year, 1, 1)) } : {}),
    });
  }
  const needed = Math.max(
    0,
    stockAt(d, PATHS.highTechEnterprises, year) - alive(d.highTechCohorts.get(year - 1)).length - alive(d.highTechCohorts.get(year - 2)).length,
  );
  const expiring = shuffle(alive(d.highTechCohorts.get(year - 3)), d.random);
  const renewing = Math.min(needed, Math.round(expiring.length * 0.75));
  for (const r of expiring.slice(renewing)) r.enterprise.highTechCohort = 0;
  const enterprises = expiring.slice(0, renewing).map((r) => r.enterprise);
  while (enterprises.length < needed) {
    const sme = d.techSmes.length > 0 && d.random.chance(0.6) ? d.random.pick(d.techSmes).enterprise : undefined;
    const enterprise = sme !== undefined && sme.highTechCohort === 0 ? sme : newEnterprise(d);
    enterprise.highTechCohort = year; // taken, so it is not drawn twice
    enterprises.push(enterprise);
  }
  recogniseHighTech(d, year, enterprises, false);
};

/**
 * Registers `enterprises` as tech-SMEs of `year`, March to November. Each registration is valid to
 * December 31 of its year (the docs/spec.md §4 default, so no validUntil is written).
 */
export const registerTechSmes = (d: SyntheticDistrict, year: number, enterprises: readonly Enterprise[], opening: boolean): Registration[] => {
  let serial = d.random.int(1, 200);
  return enterprises.map((enterprise) => {
    const day = dayIn(d.random, year, 3, 1, 11, 30);
    const recordDay = opening ? d.openingDay : recordDayFor(d, day, 3, 20);
    serial += d.random.int(1, 5);
    const { eventId } = emit(d, 'EnterpriseRecognized', day, recordDay, 'administrative-approval', `${year}年第${Number(civilOf(day).slice(5, 7)) - 2}批科技型中小企业入库名单`, {
      enterpriseId: enterprise.id,
      name: enterprise.name,
      designation: 'tech-sme',
      certificateNo: `${year}${d.o.district}${zeroPadded(serial, 5)}`,
    });
    return { enterprise, eventId, recordDay };
  });
};

/**
 * One year of tech-SMEs: a few of last year's registrations revoked in spring as void from last
 * January 1 (docs/spec.md §4's own example), about 85% of the rest registered again, new enterprises up to the
 * trajectory, and now and then a registration entered by mistake and retracted by the registering unit.
 * A revoked enterprise is not registered again, so the revocation voids only last year's registration.
 */
export const techSmeYear = (d: SyntheticDistrict, year: number): void => {
  const previous = shuffle([...d.techSmes], d.random);
  const revoked = previous.splice(0, Math.min(previous.length, countOf(d, 2)));
  for (const r of revoked) {
    const day = dayIn(d.random, year, 4, 1, 6, 30);
    emit(d, 'EnterpriseRecognitionRevoked', day, recordDayFor(d, day, 3, 15, r.recordDay), 'administrative-approval', `冀科中小〔${year}〕${d.random.int(1, 20)}号`, {
      enterpriseId: r.enterprise.id,
      designation: 'tech-sme',
      reason: '评价信息不实，撤销上一年度入库登记编号',
      revokedFrom: civilOf(dayOf(year - 1, 1, 1)),
    });
  }
  const target = stockAt(d, PATHS.techSmes, year, 0.96, 1.04);
  const enterprises = previous.slice(0, Math.min(target, Math.round(previous.length * 0.85))).map((r) => r.enterprise);
  while (enterprises.length < target) enterprises.push(newEnterprise(d));
  d.techSmes = registerTechSmes(d, year, enterprises, false);
  for (let n = countOf(d, 0.5); n > 0; n--) {
    const [mistake] = registerTechSmes(d, year, [newEnterprise(d)], false);
    retract(d, mistake!, 'administrative-approval', '误录：该企业未通过科技型中小企业评价');
  }
};
