import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import { createLedger } from '../ledger/ledger.js';
import type { StoredRecord } from '../record/record.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { creditCodeOf, patentNumberOf as patent } from '../testing/fixtures.js';
import { createIndicatorProjections } from '../projection/indicatorProjections.js';
import type { IndicatorSnapshot } from '../projection/snapshot.js';
import { referenceIndicator } from '../testing/referenceModel.js';

/**
 * One example per rule of docs/spec.md §6, at the boundaries where each rule turns. Every figure is also held
 * against the reference model (packages/core/src/testing/referenceModel.ts), so an example that
 * disagreed with a literal reading of SPEC would fail twice.
 */

const DISTRICT = '130302';
const ENT_A = creditCodeOf('91130302MA0CABCD1');
const ENT_B = creditCodeOf('91130302MA0CABCD2');
const INVENTION_1 = patent('200010000001');
const INVENTION_2 = patent('200180000002');
const INVENTION_3 = patent('201510000003');
const UTILITY = patent('201520000004');
const DESIGN = patent('201530000005');

const actors = {
  dr: { unit: 'development-reform', user: 'clerk' },
  finance: { unit: 'finance', user: 'clerk' },
  patents: { unit: 'market-regulation', user: 'clerk' },
  statistics: { unit: 'statistics', user: 'clerk' },
} as const;

/**
 * A district ledger for one example: events are appended one by one, each recorded one hour after the
 * one before (from 2018-01-01), unless it gives its own `recordedAt`.
 */
const scenario = () => {
  const store = createMemoryStore();
  const ledger = createLedger({ store });
  const projections = createIndicatorProjections(store, { ledger });
  let clock = Date.parse('2018-01-01T00:00:00.000Z');
  let serial = 0;
  const records: StoredRecord[] = [];

  const append = async (
    type: string,
    effectiveDate: string,
    data: Record<string, unknown>,
    actor: { unit: string; user: string } = actors.dr,
    recordedAt?: string,
  ): Promise<StoredRecord> => {
    clock = recordedAt === undefined ? clock + 3_600_000 : Date.parse(recordedAt);
    serial++;
    const eventId = `00000000-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`;
    const r = await ledger.append(DISTRICT, [
      { type, eventId, district: DISTRICT, effectiveDate, recordedAt: new Date(clock).toISOString(), actor, data },
    ]);
    if (E.isLeft(r)) throw new Error(`example event refused: ${JSON.stringify(r.left)}`);
    const record = r.right.appended[0]!;
    records.push(record);
    return record;
  };

  /** The indicator at (date, asOf), checked against the reference model before it is returned. */
  const figure = async (id: IndicatorId, date: string, asOf?: string): Promise<IndicatorSnapshot> => {
    const s = await projections.snapshot(DISTRICT, asOf === undefined ? { date } : { date, asOf });
    if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
    const actual = s.right.indicators[id];
    expect(actual, `${id} at ${date} as of ${asOf ?? 'now'}: projection vs reference model`).toEqual(
      referenceIndicator(records, id, date, asOf === undefined ? null : new Date(Date.parse(asOf)).toISOString()),
    );
    return actual;
  };
  const value = async (id: IndicatorId, date: string, asOf?: string): Promise<number | null> => (await figure(id, date, asOf)).value;
  const now = (): string => new Date(clock).toISOString();

  return {
    projections,
    figure,
    value,
    now,
    recognized: (enterpriseId: string, designation: string, effectiveDate: string, period: { validFrom?: string; validUntil?: string } = {}) =>
      append('EnterpriseRecognized', effectiveDate, { enterpriseId, name: '某公司', designation, ...period }),
    revoked: (enterpriseId: string, designation: string, effectiveDate: string, revokedFrom?: string) =>
      append('EnterpriseRecognitionRevoked', effectiveDate, { enterpriseId, designation, reason: '不再符合条件', ...(revokedFrom === undefined ? {} : { revokedFrom }) }),
    certified: (platformId: string, kind: string, level: string, effectiveDate: string) =>
      append('PlatformCertified', effectiveDate, { platformId, name: '平台', kind, level }),
    decertified: (platformId: string, effectiveDate: string) => append('PlatformDecertified', effectiveDate, { platformId, reason: '复核未通过' }),
    allocated: (allocationId: string, amountFen: number, effectiveDate: string) =>
      append('FundsAllocated', effectiveDate, { allocationId, amountFen, purpose: 'st-project' }, actors.finance),
    approved: (projectId: string, effectiveDate: string) => append('ProjectApproved', effectiveDate, { projectId, title: '项目', level: 'municipal' }),
    dispatched: (commissionerId: string, effectiveDate: string) => append('CommissionerDispatched', effectiveDate, { commissionerId, name: '特派员' }),
    granted: (patentNo: string, kind: string, filingDate: string, effectiveDate: string) =>
      append('PatentGranted', effectiveDate, { patentNo, kind, filingDate }, actors.patents),
    lapsed: (patentNo: string, effectiveDate: string) => append('PatentLapsed', effectiveDate, { patentNo, reason: 'annuity-unpaid' }, actors.patents),
    reported: (statistic: string, year: number, value: number, status = 'final', effectiveDate = `${year + 1}-03-01`) =>
      append('StatisticReported', effectiveDate, { statistic, year, value, status }, actors.statistics),
    targeted: (indicator: string, year: number, comparator: string, value: number) =>
      append('TargetSet', '2019-06-01', { indicator, year, comparator, value }),
    retracted: (eventId: string, recordedAt?: string) => append('EventRetracted', '2022-01-01', { eventId, reason: '录入错误' }, actors.dr, recordedAt),
  };
};

describe('high-tech-enterprises / tech-smes (docs/spec.md §4 validity, §6 rows 1–2)', () => {
  it('a recognition counts on validFrom and on validUntil, not the day before or after', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2020-06-20', { validFrom: '2020-07-01', validUntil: '2021-06-30' });
    expect(await s.value('high-tech-enterprises', '2020-06-30')).toBe(0);
    expect(await s.value('high-tech-enterprises', '2020-07-01')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2021-06-30')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2021-07-01')).toBe(0);
    expect(await s.value('tech-smes', '2021-01-01')).toBe(0);
  });

  it('high-tech default: addYears(validFrom, 3) − 1 day; 2020-02-29 is valid through 2023-02-27 (Feb 29 clamps to Feb 28)', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2020-02-29');
    expect(await s.value('high-tech-enterprises', '2020-02-28')).toBe(0);
    expect(await s.value('high-tech-enterprises', '2020-02-29')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2023-02-27')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2023-02-28')).toBe(0);
  });

  it('high-tech default landing on a leap day: 2021-03-01 is valid through 2024-02-29', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2021-03-01');
    expect(await s.value('high-tech-enterprises', '2024-02-29')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2024-03-01')).toBe(0);
  });

  it('validFrom defaults to effectiveDate; an explicit validFrom drives the default validUntil', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2020-11-20', { validFrom: '2020-01-01' });
    expect(await s.value('high-tech-enterprises', '2020-01-01')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2022-12-31')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2023-01-01')).toBe(0);
  });

  it('tech-SME default: December 31 of validFrom’s year', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'tech-sme', '2021-05-10');
    await s.recognized(ENT_B, 'tech-sme', '2022-05-10', { validFrom: '2021-03-01' });
    expect(await s.value('tech-smes', '2021-02-28')).toBe(0);
    expect(await s.value('tech-smes', '2021-03-01')).toBe(1);
    expect(await s.value('tech-smes', '2021-05-09')).toBe(1);
    expect(await s.value('tech-smes', '2021-05-10')).toBe(2);
    expect(await s.value('tech-smes', '2021-12-31')).toBe(2);
    expect(await s.value('tech-smes', '2022-01-01')).toBe(0);
    expect(await s.value('high-tech-enterprises', '2021-06-01')).toBe(0);
  });

  it('counts distinct enterprises: overlapping recognitions of one enterprise count once', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2019-01-01');
    await s.recognized(ENT_A, 'high-tech', '2020-01-01');
    await s.recognized(ENT_B, 'high-tech', '2020-06-01');
    expect(await s.value('high-tech-enterprises', '2020-06-01')).toBe(2);
    expect(await s.value('high-tech-enterprises', '2022-12-31')).toBe(2);
    expect(await s.value('high-tech-enterprises', '2023-01-01')).toBe(1);
  });

  it('a revocation voids from revokedFrom on, not before (and defaults to its decision date)', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2020-01-01');
    await s.recognized(ENT_B, 'high-tech', '2020-01-01');
    await s.revoked(ENT_A, 'high-tech', '2021-06-01', '2021-03-01');
    await s.revoked(ENT_B, 'high-tech', '2021-09-01');
    expect(await s.value('high-tech-enterprises', '2021-02-28')).toBe(2);
    expect(await s.value('high-tech-enterprises', '2021-03-01')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2021-08-31')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2021-09-01')).toBe(0);
  });

  it('revokedFrom before the validity start: a tech-SME registration revoked in May 2024 for 2023 is void from 2023-01-01', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'tech-sme', '2023-03-01');
    const before = s.now();
    await s.revoked(ENT_A, 'tech-sme', '2024-05-10', '2023-01-01');
    expect(await s.value('tech-smes', '2023-03-01')).toBe(0);
    expect(await s.value('tech-smes', '2023-12-31')).toBe(0);
    // As known before the revocation was recorded, the year still counted it.
    expect(await s.value('tech-smes', '2023-12-31', before)).toBe(1);
  });

  it('a revocation decided before a later re-recognition’s validFrom does not void it; one decided on that day does', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2018-01-01');
    await s.revoked(ENT_A, 'high-tech', '2019-05-01');
    await s.recognized(ENT_A, 'high-tech', '2020-01-01');
    expect(await s.value('high-tech-enterprises', '2019-04-30')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2019-05-01')).toBe(0);
    expect(await s.value('high-tech-enterprises', '2020-01-01')).toBe(1);
    expect(await s.value('high-tech-enterprises', '2022-12-31')).toBe(1);
    await s.recognized(ENT_B, 'high-tech', '2018-01-01');
    await s.recognized(ENT_B, 'high-tech', '2020-01-01');
    await s.revoked(ENT_B, 'high-tech', '2020-01-01', '2019-01-01');
    // r.validFrom ≤ v.effectiveDate holds for both of B's recognitions: neither counts from 2019-01-01
    // (A's first is void from 2019-05-01, its second counts from 2020-01-01).
    expect(await s.value('high-tech-enterprises', '2018-12-31')).toBe(2);
    expect(await s.value('high-tech-enterprises', '2019-06-01')).toBe(0);
    expect(await s.value('high-tech-enterprises', '2020-06-01')).toBe(1);
  });

  it('a revocation of the other designation does nothing; a retracted revocation voids nothing', async () => {
    const s = scenario();
    await s.recognized(ENT_A, 'high-tech', '2020-01-01');
    await s.recognized(ENT_A, 'tech-sme', '2020-01-01');
    await s.revoked(ENT_A, 'tech-sme', '2020-06-01');
    expect(await s.value('high-tech-enterprises', '2020-12-31')).toBe(1);
    expect(await s.value('tech-smes', '2020-12-31')).toBe(0);
    const v = await s.revoked(ENT_A, 'high-tech', '2020-07-01');
    expect(await s.value('high-tech-enterprises', '2020-12-31')).toBe(0);
    await s.retracted(v.eventId);
    expect(await s.value('high-tech-enterprises', '2020-12-31')).toBe(1);
  });
});

describe('platforms (docs/spec.md §6 rows 3–6 and "active at D")', () => {
  it('re-certified the same day it was decertified: the later position wins, either way round', async () => {
    const s = scenario();
    await s.certified('P1', 'key-laboratory', 'provincial', '2019-01-01');
    await s.decertified('P1', '2020-05-01');
    await s.certified('P1', 'key-laboratory', 'provincial', '2020-05-01');
    await s.certified('P2', 'key-laboratory', 'provincial', '2020-05-01');
    await s.decertified('P2', '2020-05-01');
    expect(await s.value('rd-platforms', '2020-04-30')).toBe(1);
    expect(await s.value('rd-platforms', '2020-05-01')).toBe(1);
  });

  it('orders by effectiveDate before position: a backdated decertification recorded later still ends the earlier certification', async () => {
    const s = scenario();
    await s.certified('P1', 'incubator', 'municipal', '2019-01-01');
    await s.certified('P1', 'incubator', 'municipal', '2020-06-01');
    await s.decertified('P1', '2020-03-01');
    expect(await s.value('incubators-maker-spaces', '2020-02-29')).toBe(1);
    expect(await s.value('incubators-maker-spaces', '2020-03-01')).toBe(0);
    expect(await s.value('incubators-maker-spaces', '2020-06-01')).toBe(1);
  });

  it('a later certification re-states kind and level: upgrade into the count, change of kind, downgrade out of it', async () => {
    const s = scenario();
    await s.certified('P1', 'key-laboratory', 'district', '2019-01-01');
    await s.certified('P1', 'key-laboratory', 'municipal', '2020-01-01');
    await s.certified('P1', 'incubator', 'provincial', '2021-01-01');
    await s.certified('P1', 'incubator', 'district', '2022-01-01');
    expect(await s.value('rd-platforms', '2019-12-31')).toBe(0);
    expect(await s.value('rd-platforms', '2020-01-01')).toBe(1);
    expect(await s.value('incubators-maker-spaces', '2020-12-31')).toBe(0);
    expect(await s.value('rd-platforms', '2021-01-01')).toBe(0);
    expect(await s.value('incubators-maker-spaces', '2021-01-01')).toBe(1);
    expect(await s.value('incubators-maker-spaces', '2022-01-01')).toBe(0);
  });

  it('district-level platforms are not counted, except agricultural science parks (any level)', async () => {
    const s = scenario();
    await s.certified('RD', 'new-rd-institution', 'district', '2020-01-01');
    await s.certified('IN', 'star-innovation-space', 'district', '2020-01-01');
    await s.certified('AG', 'agricultural-science-park', 'district', '2020-01-01');
    await s.certified('AG2', 'agricultural-science-park', 'national', '2020-01-01');
    await s.certified('RD2', 'industrial-technology-institute', 'national', '2020-01-01');
    expect(await s.value('rd-platforms', '2020-12-31')).toBe(1);
    expect(await s.value('incubators-maker-spaces', '2020-12-31')).toBe(0);
    expect(await s.value('agricultural-science-parks', '2020-12-31')).toBe(2);
    await s.decertified('AG', '2020-10-01');
    expect(await s.value('agricultural-science-parks', '2020-12-31')).toBe(1);
  });

  it('new-maker-spaces: earliest live certification is a maker-space with effectiveDate in Y-01-01..D', async () => {
    const s = scenario();
    await s.certified('M1', 'maker-space', 'district', '2020-03-01');
    await s.certified('M2', 'incubator', 'municipal', '2019-05-01');
    await s.certified('M2', 'maker-space', 'municipal', '2020-04-01');
    expect(await s.value('new-maker-spaces', '2020-02-29')).toBe(0);
    expect(await s.value('new-maker-spaces', '2020-03-01')).toBe(1);
    expect(await s.value('new-maker-spaces', '2020-12-31')).toBe(1);
    expect(await s.value('new-maker-spaces', '2021-12-31')).toBe(0);
    // Decertified later, it was still new that year (the rule does not ask for it to be active).
    await s.decertified('M1', '2020-06-01');
    expect(await s.value('new-maker-spaces', '2020-12-31')).toBe(1);
  });

  it('new-maker-spaces: when the earliest certification is retracted, the next live one is the earliest', async () => {
    const s = scenario();
    const first = await s.certified('M2', 'incubator', 'municipal', '2019-05-01');
    await s.certified('M2', 'maker-space', 'municipal', '2020-04-01');
    const before = s.now();
    await s.retracted(first.eventId);
    expect(await s.value('new-maker-spaces', '2020-12-31')).toBe(1);
    expect(await s.value('new-maker-spaces', '2020-12-31', before)).toBe(0);
  });

  it('new-maker-spaces: earliest by effectiveDate, then position — a backdated certification recorded later is earlier', async () => {
    const s = scenario();
    await s.certified('M3', 'maker-space', 'municipal', '2020-06-01');
    expect(await s.value('new-maker-spaces', '2020-12-31')).toBe(1);
    await s.certified('M3', 'incubator', 'municipal', '2020-02-01');
    expect(await s.value('new-maker-spaces', '2020-12-31')).toBe(0);
    await s.certified('M4', 'maker-space', 'municipal', '2020-07-01');
    await s.certified('M4', 'incubator', 'municipal', '2020-07-01');
    expect(await s.value('new-maker-spaces', '2020-12-31')).toBe(1);
  });
});

describe('yearly flows (docs/spec.md §6 rows 7–9)', () => {
  it('st-funds-allocated: Σ amountFen / 100 in yuan, over Y-01-01..D, live only', async () => {
    const s = scenario();
    await s.allocated('A0', 99_999, '2019-12-31');
    await s.allocated('A1', 12_345, '2020-01-01');
    await s.allocated('A2', 1, '2020-06-30');
    const wrong = await s.allocated('A3', 500_000, '2020-07-01');
    expect(await s.value('st-funds-allocated', '2020-06-30')).toBe(123.46);
    expect(await s.value('st-funds-allocated', '2020-07-01')).toBe(5123.46);
    await s.retracted(wrong.eventId);
    expect(await s.value('st-funds-allocated', '2020-12-31')).toBe(123.46);
    expect(await s.value('st-funds-allocated', '2019-12-31')).toBe(999.99);
    expect(await s.value('st-funds-allocated', '2021-12-31')).toBe(0);
    expect((await s.figure('st-funds-allocated', '2021-12-31')).unit).toBe('yuan');
  });

  it('st-projects: approvals with effectiveDate in Y-01-01..D', async () => {
    const s = scenario();
    await s.approved('J1', '2019-12-31');
    await s.approved('J2', '2020-01-01');
    await s.approved('J3', '2020-12-31');
    expect(await s.value('st-projects', '2020-12-30')).toBe(1);
    expect(await s.value('st-projects', '2020-12-31')).toBe(2);
  });

  it('st-commissioners: distinct commissioners per year', async () => {
    const s = scenario();
    await s.dispatched('C1', '2020-03-01');
    await s.dispatched('C1', '2021-03-01');
    await s.dispatched('C2', '2021-03-02');
    await s.dispatched('C3', '2021-12-31');
    expect(await s.value('st-commissioners', '2020-12-31')).toBe(1);
    expect(await s.value('st-commissioners', '2021-03-01')).toBe(1);
    expect(await s.value('st-commissioners', '2021-12-30')).toBe(2);
    expect(await s.value('st-commissioners', '2021-12-31')).toBe(3);
  });
});

describe('invention-patents-per-10k (docs/spec.md §6 row 10)', () => {
  it('an invention patent is in force through addYears(filingDate, 20) − 1 day', async () => {
    const s = scenario();
    await s.reported('resident-population', 2020, 10_000);
    await s.reported('resident-population', 2021, 10_000);
    await s.granted(INVENTION_1, 'invention', '2000-06-15', '2019-05-01');
    await s.granted(INVENTION_2, 'invention', '2001-03-01', '2019-05-01');
    expect(await s.value('invention-patents-per-10k', '2020-06-14')).toBe(2);
    expect(await s.value('invention-patents-per-10k', '2020-06-15')).toBe(1);
    expect(await s.value('invention-patents-per-10k', '2021-02-28')).toBe(1);
    expect(await s.value('invention-patents-per-10k', '2021-03-01')).toBe(0);
  });

  it('filed on Feb 29: the term ends on Feb 28 twenty years on (2000-02-29 → in force through 2020-02-28)', async () => {
    const s = scenario();
    await s.reported('resident-population', 2020, 10_000);
    await s.granted(patent('200010000009'), 'invention', '2000-02-29', '2003-01-01');
    expect(await s.value('invention-patents-per-10k', '2020-02-28')).toBe(1);
    expect(await s.value('invention-patents-per-10k', '2020-02-29')).toBe(0);
  });

  it('counts from the grant date; a lapse ends it from its effectiveDate; utility models and designs never count', async () => {
    const s = scenario();
    await s.reported('resident-population', 2021, 20_000);
    await s.granted(INVENTION_3, 'invention', '2015-01-01', '2021-01-10');
    await s.granted(UTILITY, 'utility-model', '2015-01-01', '2020-01-10');
    await s.granted(DESIGN, 'design', '2015-01-01', '2020-01-10');
    expect(await s.value('invention-patents-per-10k', '2021-01-09')).toBe(0);
    expect(await s.value('invention-patents-per-10k', '2021-01-10')).toBe(1 / (20_000 / 10_000));
    await s.lapsed(INVENTION_3, '2021-03-01');
    expect(await s.value('invention-patents-per-10k', '2021-02-28')).toBe(0.5);
    expect(await s.value('invention-patents-per-10k', '2021-03-01')).toBe(0);
  });

  it('population(Y) absent → null naming it; zero → null with `=0`; the per-10k formula evaluated as written', async () => {
    const s = scenario();
    await s.granted(INVENTION_3, 'invention', '2015-01-01', '2019-01-10');
    await s.granted(INVENTION_2, 'invention', '2001-06-01', '2019-01-10');
    await s.granted(INVENTION_1, 'invention', '2000-06-01', '2019-01-10');
    expect(await s.figure('invention-patents-per-10k', '2019-12-31')).toMatchObject({ value: null, missing: ['resident-population:2019'] });
    await s.reported('resident-population', 2019, 0);
    expect(await s.figure('invention-patents-per-10k', '2019-12-31')).toMatchObject({ value: null, missing: ['resident-population:2019=0'] });
    await s.reported('resident-population', 2019, 7, 'revised');
    expect(await s.value('invention-patents-per-10k', '2019-12-31')).toBe(3 / (7 / 10_000));
  });
});

describe('statistics (docs/spec.md §6 rows 11–15, "statistic(Y)", missing)', () => {
  it('a statistic revised twice: the last by position wins; retract it and the one before is back', async () => {
    const s = scenario();
    await s.reported('general-public-budget-expenditure', 2020, 1_000);
    await s.reported('fiscal-st-expenditure', 2020, 10, 'preliminary', '2021-01-20');
    await s.reported('fiscal-st-expenditure', 2020, 20, 'final', '2021-06-30');
    // Published with an earlier date, recorded later: position, not effectiveDate, decides.
    const revised = await s.reported('fiscal-st-expenditure', 2020, 30, 'revised', '2021-03-01');
    expect(await s.value('fiscal-st-share', '2020-12-31')).toBe((100 * 30) / 1_000);
    await s.retracted(revised.eventId);
    expect(await s.value('fiscal-st-share', '2020-12-31')).toBe((100 * 20) / 1_000);
  });

  it('a zero denominator is null with `statistic:year=0`; an absent input is named `statistic:year`', async () => {
    const s = scenario();
    await s.reported('above-scale-industrial-main-revenue', 2020, 0);
    expect(await s.figure('rd-intensity-above-scale', '2020-12-31')).toMatchObject({
      value: null,
      missing: ['above-scale-industrial-rd-expenditure:2020', 'above-scale-industrial-main-revenue:2020=0'],
    });
    await s.reported('above-scale-industrial-rd-expenditure', 2020, 15);
    expect(await s.figure('rd-intensity-above-scale', '2020-12-31')).toMatchObject({ value: null, missing: ['above-scale-industrial-main-revenue:2020=0'] });
    await s.reported('above-scale-industrial-main-revenue', 2020, 2_000);
    expect(await s.figure('rd-intensity-above-scale', '2020-12-31')).toMatchObject({ value: 0.75, missing: [] });
    // A zero numerator is a real 0, not a missing input.
    await s.reported('above-scale-industrial-enterprises', 2020, 40);
    await s.reported('above-scale-industrial-enterprises-with-rd-institution', 2020, 0);
    expect(await s.figure('rd-institution-share', '2020-12-31')).toMatchObject({ value: 0, missing: [] });
    await s.reported('above-scale-industrial-enterprises-with-rd-institution', 2020, 16);
    expect(await s.value('rd-institution-share', '2020-12-31')).toBe(40);
  });

  it('growth: null naming the previous year when it is missing; else 100 × (VA(Y) ÷ VA(Y−1) − 1)', async () => {
    const s = scenario();
    await s.reported('high-tech-industry-value-added', 2020, 230);
    expect(await s.figure('high-tech-value-added-growth', '2020-12-31')).toMatchObject({ value: null, missing: ['high-tech-industry-value-added:2019'] });
    expect(await s.figure('high-tech-value-added-growth', '2021-12-31')).toMatchObject({ value: null, missing: ['high-tech-industry-value-added:2021'] });
    await s.reported('high-tech-industry-value-added', 2019, 200);
    expect(await s.value('high-tech-value-added-growth', '2020-12-31')).toBe(100 * (230 / 200 - 1));
    // Not 100 × 230 ÷ 200 − 100, which differs in the last digit for inputs like these.
    await s.reported('high-tech-industry-value-added', 2021, 3);
    await s.reported('high-tech-industry-value-added', 2020, 7, 'revised');
    expect(await s.value('high-tech-value-added-growth', '2021-12-31')).toBe(100 * (3 / 7 - 1));
  });

  it('agricultural-industrialization-rate is the reported rate of year Y, whatever the date within Y', async () => {
    const s = scenario();
    expect(await s.figure('agricultural-industrialization-rate', '2020-06-30')).toMatchObject({ value: null, missing: ['agricultural-industrialization-rate:2020'] });
    await s.reported('agricultural-industrialization-rate', 2020, 61.5, 'final', '2021-04-01');
    expect(await s.value('agricultural-industrialization-rate', '2020-01-01')).toBe(61.5);
    expect(await s.value('agricultural-industrialization-rate', '2021-01-01')).toBe(null);
  });
});

describe('targets and status (docs/spec.md §6 Targets)', () => {
  it('the last live TargetSet by position; met / not-met / no-data / no-target; `lte` compares the other way', async () => {
    const s = scenario();
    expect(await s.figure('st-projects', '2020-12-31')).toMatchObject({ target: null, status: 'no-target' });
    await s.targeted('st-projects', 2020, 'gte', 2);
    await s.approved('J1', '2020-03-01');
    expect(await s.figure('st-projects', '2020-12-31')).toMatchObject({ value: 1, target: { comparator: 'gte', value: 2 }, status: 'not-met' });
    await s.approved('J2', '2020-04-01');
    expect(await s.figure('st-projects', '2020-12-31')).toMatchObject({ value: 2, status: 'met' });
    const raised = await s.targeted('st-projects', 2020, 'gte', 3);
    expect(await s.figure('st-projects', '2020-12-31')).toMatchObject({ target: { comparator: 'gte', value: 3 }, status: 'not-met' });
    await s.retracted(raised.eventId);
    expect(await s.figure('st-projects', '2020-12-31')).toMatchObject({ target: { comparator: 'gte', value: 2 }, status: 'met' });
    // A target for another year does not apply.
    expect(await s.figure('st-projects', '2021-12-31')).toMatchObject({ target: null, status: 'no-target' });
    await s.targeted('fiscal-st-share', 2020, 'gte', 1);
    expect(await s.figure('fiscal-st-share', '2020-12-31')).toMatchObject({ value: null, status: 'no-data' });
    await s.targeted('st-commissioners', 2020, 'lte', 1);
    await s.dispatched('C1', '2020-05-01');
    expect(await s.figure('st-commissioners', '2020-12-31')).toMatchObject({ value: 1, status: 'met' });
    await s.dispatched('C2', '2020-05-02');
    expect(await s.figure('st-commissioners', '2020-12-31')).toMatchObject({ value: 2, status: 'not-met' });
  });
});

describe('knowledge time (docs/spec.md §1 "known as of K": recordedAt ≤ K)', () => {
  it('a record recorded exactly at K is known at K, not a millisecond before; offsets are normalised', async () => {
    const s = scenario();
    const r = await s.approved('J1', '2020-03-01');
    const at = r.recordedAt;
    const before = new Date(Date.parse(at) - 1).toISOString();
    expect(await s.value('st-projects', '2020-12-31', at)).toBe(1);
    expect(await s.value('st-projects', '2020-12-31', before)).toBe(0);
    const wall = new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 23);
    expect(await s.value('st-projects', '2020-12-31', `${wall}+08:00`)).toBe(1);
    const snap = await s.projections.snapshot(DISTRICT, { year: 2020, asOf: `${wall}+08:00` });
    expect(E.isRight(snap) && snap.right.asOf).toBe(at);
  });
});
