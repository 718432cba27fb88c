import { FIXTURE_DISTRICT, numberedCreditCode, numberedInventionPatent } from '@indicator-ledger/core/testing';

/**
 * A small, hand-made history of district 130302 for the command's tests: a few targets, recognitions,
 * platforms, money, a patent and statistics, one of them revised (so a figure has two vintages).
 * Every line carries an eventId and a recordedAt, so importing it twice is a no-op (docs/spec.md §2).
 * Invented data, not the records of any district.
 */

/** The district of the sample. */
export const SAMPLE_DISTRICT: string = FIXTURE_DISTRICT;

/** A unified social credit code with a correct check character (docs/spec.md §4), numbered `n`. */
export const sampleEnterpriseId = numberedCreditCode;

/** An invention patent number with a correct check character (docs/spec.md §4), numbered `n`. */
export const samplePatentNo = numberedInventionPatent;

const eventId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

type Line = Record<string, unknown>;

const event = (n: number, type: string, effectiveDate: string, recordedAt: string, unit: string, data: Record<string, unknown>): Line => ({
  type,
  eventId: eventId(n),
  district: SAMPLE_DISTRICT,
  effectiveDate,
  recordedAt,
  actor: { unit, user: 'sample.clerk' },
  source: 'SAMPLE test data',
  data,
});

/** The sample's events in recording order (NDJSON lines as objects). */
export const sampleEvents = (): Line[] => inRecordingOrder([
  event(1, 'TargetSet', '2019-06-01', '2019-06-01T02:00:00.000Z', 'development-reform', { indicator: 'high-tech-enterprises', year: 2020, comparator: 'gte', value: 2 }),
  event(2, 'TargetSet', '2019-06-01', '2019-06-01T02:00:00.000Z', 'development-reform', { indicator: 'high-tech-enterprises', year: 2021, comparator: 'gte', value: 5 }),
  event(3, 'TargetSet', '2019-06-01', '2019-06-01T02:00:00.000Z', 'development-reform', { indicator: 'st-funds-allocated', year: 2020, comparator: 'gte', value: 20_000_000 }),
  event(4, 'TargetSet', '2019-06-01', '2019-06-01T02:00:00.000Z', 'development-reform', { indicator: 'fiscal-st-share', year: 2020, comparator: 'gte', value: 1 }),
  event(5, 'EnterpriseRecognized', '2019-11-20', '2019-11-25T01:00:00.000Z', 'development-reform', { enterpriseId: sampleEnterpriseId(1), name: '样例精密陶瓷有限公司', designation: 'high-tech' }),
  event(6, 'EnterpriseRecognized', '2020-10-15', '2020-10-20T01:00:00.000Z', 'development-reform', { enterpriseId: sampleEnterpriseId(2), name: '样例新材料有限公司', designation: 'high-tech' }),
  event(7, 'EnterpriseRecognized', '2020-12-01', '2020-12-03T01:00:00.000Z', 'administrative-approval', { enterpriseId: sampleEnterpriseId(3), name: '样例智能装备有限公司', designation: 'tech-sme' }),
  event(8, 'PlatformCertified', '2020-05-10', '2020-05-12T01:00:00.000Z', 'development-reform', { platformId: 'SAMPLE-LAB-1', name: '样例市级重点实验室', kind: 'key-laboratory', level: 'municipal' }),
  event(9, 'FundsAllocated', '2020-03-01', '2020-03-02T01:00:00.000Z', 'finance', { allocationId: 'SAMPLE-2020-1', amountFen: 1_500_000_000, purpose: 'st-project' }),
  event(10, 'FundsAllocated', '2020-09-01', '2020-09-02T01:00:00.000Z', 'finance', { allocationId: 'SAMPLE-2020-2', amountFen: 700_000_000, purpose: 'talent' }),
  event(11, 'PatentGranted', '2020-06-30', '2020-07-03T01:00:00.000Z', 'market-regulation', { patentNo: samplePatentNo(1), kind: 'invention', filingDate: '2019-03-01' }),
  event(12, 'StatisticReported', '2021-02-20', '2021-02-22T01:00:00.000Z', 'statistics', { statistic: 'resident-population', year: 2020, value: 350_000, status: 'preliminary' }),
  event(13, 'StatisticReported', '2021-03-10', '2021-03-11T01:00:00.000Z', 'finance', { statistic: 'general-public-budget-expenditure', year: 2020, value: 300_000_000_000, status: 'final' }),
  event(14, 'StatisticReported', '2021-03-10', '2021-03-11T01:00:00.000Z', 'finance', { statistic: 'fiscal-st-expenditure', year: 2020, value: 2_400_000_000, status: 'preliminary' }),
  event(15, 'StatisticReported', '2021-06-30', '2021-07-01T01:00:00.000Z', 'finance', { statistic: 'fiscal-st-expenditure', year: 2020, value: 3_300_000_000, status: 'revised' }),
  event(16, 'EnterpriseRecognized', '2021-11-01', '2021-11-05T01:00:00.000Z', 'development-reform', { enterpriseId: sampleEnterpriseId(4), name: '样例生物科技有限公司', designation: 'high-tech' }),
]);

// docs/spec.md §1: a district's recordedAt never decreases, so lines are sorted by it (stable for equal instants).
const inRecordingOrder = (events: Line[]): Line[] => events.sort((a, b) => String(a.recordedAt).localeCompare(String(b.recordedAt)));

/** The sample event numbered `n` (its eventId ends in `n`). */
export const sampleEvent = (n: number): Line => {
  const found = sampleEvents().find((e) => e.eventId === eventId(n));
  if (found === undefined) throw new RangeError(`no sample event ${n}`);
  return found;
};

/** NDJSON text of some events, one per line, ending with a newline. */
export const ndjsonOf = (events: readonly Line[]): string => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

/**
 * A file with one problem of each kind on known lines: line 2 a wrong check character, line 3 an
 * unknown field, line 4 not JSON, line 5 a revocation of a recognition that is not in the stream (a rule
 * of docs/spec.md §4), line 6 a unit the policy does not allow (docs/spec.md §5). Line 1 is valid.
 */
export const faultyNdjson = (): { readonly text: string; readonly problemLines: readonly number[] } => {
  const good = sampleEvent(5);
  const wrongCheck = { ...sampleEvent(6), data: { ...(sampleEvent(6).data as object), enterpriseId: sampleEnterpriseId(2).slice(0, 17) + (sampleEnterpriseId(2).endsWith('0') ? '1' : '0') } };
  const unknownField = { ...sampleEvent(7), colour: 'blue' };
  const revocation = event(20, 'EnterpriseRecognitionRevoked', '2020-12-20', '2020-12-21T01:00:00.000Z', 'development-reform', { enterpriseId: sampleEnterpriseId(9), designation: 'high-tech', reason: '样例撤销' });
  const wrongUnit = event(21, 'FundsAllocated', '2020-12-22', '2020-12-23T01:00:00.000Z', 'statistics', { allocationId: 'SAMPLE-BAD', amountFen: 100, purpose: 'award' });
  const lines = [JSON.stringify(good), JSON.stringify(wrongCheck), JSON.stringify(unknownField), '{"type": "EnterpriseRecognized",', JSON.stringify(revocation), JSON.stringify(wrongUnit)];
  return { text: lines.join('\n') + '\n', problemLines: [2, 3, 4, 5, 6] };
};
