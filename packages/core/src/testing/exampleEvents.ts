import type { EventDataJson, EventType } from '../events/catalog.js';
import type { EventInputJson } from '../events/envelope.js';
import type { Unit } from '../events/vocabulary.js';
import { FIXTURE_DISTRICT } from './fixtures.js';

/**
 * Hand-written, known-good event inputs, one per type of docs/spec.md §4, for example tests that change one
 * thing and watch the ledger accept or refuse it. Each is valid on its own under the default policy
 * (§5) except where the stream must hold something first (a revocation needs its recognition, …).
 */

/** The district the examples are recorded in (路南区, Tangshan). */
export const EXAMPLE_DISTRICT: string = FIXTURE_DISTRICT;
/** GB 32100-2015's worked example of a unified social credit code. */
export const EXAMPLE_ENTERPRISE = '91350100M000100Y43';
/** A real Beijing enterprise's code, valid. */
export const OTHER_ENTERPRISE = '91110000600037341L';
/** An invention patent's application number (5th digit 1), check character 3. */
export const EXAMPLE_PATENT = '201710601862.3';

const EXAMPLE_DATA: { readonly [T in EventType]: EventDataJson[T] } = {
  EnterpriseRecognized: { enterpriseId: EXAMPLE_ENTERPRISE, name: '唐山精密陶瓷科技有限公司', designation: 'high-tech' },
  EnterpriseRecognitionRevoked: { enterpriseId: EXAMPLE_ENTERPRISE, designation: 'high-tech', reason: '不再符合认定条件' },
  PlatformCertified: { platformId: 'KJPT-2020-001', name: '唐山市陶瓷材料重点实验室', kind: 'key-laboratory', level: 'municipal' },
  PlatformDecertified: { platformId: 'KJPT-2020-001', reason: '考核不合格' },
  FundsAllocated: { allocationId: 'CZ-2020-0001', amountFen: 50_000_000, purpose: 'st-project' },
  PatentGranted: { patentNo: EXAMPLE_PATENT, kind: 'invention', filingDate: '2017-07-26' },
  PatentLapsed: { patentNo: EXAMPLE_PATENT, reason: 'annuity-unpaid' },
  StatisticReported: { statistic: 'resident-population', year: 2020, value: 350_000, status: 'final' },
  ProjectApproved: { projectId: 'XM-2020-001', title: '高性能陶瓷关键技术研发', level: 'municipal' },
  CommissionerDispatched: { commissionerId: 'TPY-001', name: '张伟' },
  TargetSet: { indicator: 'high-tech-enterprises', year: 2020, comparator: 'gte', value: 75 },
  EventRetracted: { eventId: '00000000-0000-4000-8000-000000000000', reason: '录入错误' },
};

/** A unit the default policy lets record each type (docs/spec.md §5). */
export const EXAMPLE_UNIT: { readonly [T in EventType]: Unit } = {
  EnterpriseRecognized: 'development-reform',
  EnterpriseRecognitionRevoked: 'development-reform',
  PlatformCertified: 'development-reform',
  PlatformDecertified: 'development-reform',
  FundsAllocated: 'finance',
  PatentGranted: 'market-regulation',
  PatentLapsed: 'market-regulation',
  StatisticReported: 'statistics',
  ProjectApproved: 'development-reform',
  CommissionerDispatched: 'human-resources',
  TargetSet: 'development-reform',
  EventRetracted: 'development-reform',
};

/** What to change in an example: envelope fields replace, `data` fields merge (an `undefined` removes one). */
export interface ExampleChanges<T extends EventType> {
  readonly eventId?: string;
  readonly district?: string;
  readonly effectiveDate?: string;
  readonly recordedAt?: string;
  readonly unit?: Unit;
  readonly user?: string;
  readonly source?: string;
  readonly data?: { [K in keyof EventDataJson[T]]?: EventDataJson[T][K] | undefined };
}

/** The example input of `type` (effective 2020-11-20, in {@link EXAMPLE_DISTRICT}), with `changes`. */
export const exampleEvent = <T extends EventType>(type: T, changes: ExampleChanges<T> = {}): EventInputJson<T> => {
  const data = Object.fromEntries(Object.entries({ ...EXAMPLE_DATA[type], ...changes.data }).filter(([, v]) => v !== undefined));
  const event: Record<string, unknown> = {
    type,
    district: changes.district ?? EXAMPLE_DISTRICT,
    effectiveDate: changes.effectiveDate ?? '2020-11-20',
    actor: { unit: changes.unit ?? EXAMPLE_UNIT[type], user: changes.user ?? 'zhang.san' },
    data,
  };
  if (changes.eventId !== undefined) event.eventId = changes.eventId;
  if (changes.recordedAt !== undefined) event.recordedAt = changes.recordedAt;
  if (changes.source !== undefined) event.source = changes.source;
  return event as EventInputJson<T>;
};

/**
 * What must be in the stream before the example of `type` is accepted: the recognition before a
 * revocation, the certification before a decertification, the grant before a lapse; the event a
 * retraction retracts has the example retraction's target id.
 */
export const examplePrerequisites = (type: EventType): EventInputJson[] => {
  switch (type) {
    case 'EnterpriseRecognitionRevoked':
      return [exampleEvent('EnterpriseRecognized', { effectiveDate: '2019-11-20' })];
    case 'PlatformDecertified':
      return [exampleEvent('PlatformCertified', { effectiveDate: '2019-11-20' })];
    case 'PatentLapsed':
      return [exampleEvent('PatentGranted', { effectiveDate: '2019-11-20' })];
    case 'EventRetracted':
      return [exampleEvent('FundsAllocated', { eventId: EXAMPLE_DATA.EventRetracted.eventId })];
    default:
      return [];
  }
};
