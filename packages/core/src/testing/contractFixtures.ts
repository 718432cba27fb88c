/**
 * Fixtures for store tests that need no test runner: sample events, hashed chains and awkward strings.
 * The vitest contract suite ({@link describeEventStoreContract}) builds on them, in its own entry.
 */
import type { Unit } from '../events/vocabulary.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import { chainRecords as chainAfter } from '../record/record.js';
import type { RecordContent, StoredRecord } from '../record/record.js';
import type { EventStore, StreamHead } from '../store/port.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';

/** A store under test, and how to throw it away afterwards. */
export interface StoreUnderTest {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

/** An event as the contract suite writes it: a stored record before its position and hashes. */
export interface ContractEvent {
  readonly eventId: EventId;
  readonly type: StoredRecord['type'];
  readonly effectiveDate: CivilDate;
  readonly recordedAt: Instant;
  readonly actor: { readonly unit: Unit; readonly user: string };
  readonly source?: string;
  readonly data: StoredRecord['data'];
}

/**
 * Hashed records continuing a stream after `head`: positions `head.position + 1, …`, each `prevHash`
 * the previous record's `hash`, hashes computed as the ledger does. The stores never check rules, so
 * the suite builds records directly and stays independent of the ledger.
 */
export const chainRecords = (
  stream: DistrictCode,
  head: Pick<StreamHead, 'position' | 'hash'>,
  events: readonly ContractEvent[],
): StoredRecord[] => chainAfter(head, events.map((e) => ({ ...e, district: stream, schemaVersion: 1 }) as RecordContent));

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A UUID unique per (salt, n), so the suite controls every event id. */
export const contractEventId = (n: number, salt = 0): EventId =>
  `${pad(salt, 8)}-0000-4000-8000-${n.toString(16).padStart(12, '0')}` as EventId;

/**
 * The `n`-th sample event: a project approval, a fund allocation or a statistic in turn, with
 * well-formed fields (docs/spec.md §3–4) so that stores with typed columns accept them too.
 */
export const contractEvent = (n: number, salt = 0): ContractEvent => {
  const eventId = contractEventId(n, salt);
  const effectiveDate = `2021-${pad(1 + (n % 12), 2)}-${pad(1 + (n % 28), 2)}` as CivilDate;
  const recordedAt = new Date(Date.UTC(2021, 5, 1) + n * 1000).toISOString() as Instant;
  switch (n % 3) {
    case 0:
      return { eventId, type: 'ProjectApproved', effectiveDate, recordedAt, actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: `P-${n}`, title: `科技项目 ${n}`, level: 'municipal' } };
    case 1:
      return { eventId, type: 'FundsAllocated', effectiveDate, recordedAt, actor: { unit: 'finance', user: 'li.si' }, source: `财科〔2021〕${n}号`, data: { allocationId: `A-${n}`, amountFen: 100 * (n + 1), purpose: 'st-project' } };
    default:
      return { eventId, type: 'StatisticReported', effectiveDate, recordedAt, actor: { unit: 'statistics', user: 'wang.wu' }, data: { statistic: 'resident-population', year: 2019 + (n % 7), value: 123_456 + n, status: 'final' } };
  }
};

/** Strings that break careless encodings: CJK, astral planes, emoji sequences, NFC next to NFD, controls. */
export const UNICODE_SAMPLES: readonly string[] = [
  '高新技术企业认定 冀科高〔2020〕5号',
  '𠀀𠀁𪚥 (CJK Extension B) 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝌆',
  '🔬🧪 👩🏽‍🔬 🇨🇳 ❤️',
  'caf\u00e9 ≠ cafe\u0301',
  'مرحبا שלום \u200f\u200e',
  '\ufeffBOM, \u200b zero width, \u2028\u2029 separators',
  'tab\tnewline\ncr\r quote" backslash\\ </script>',
  'private \ue000 and last \u{10ffff}',
];

/** A name no other text of a store holds, so finding its bytes in a file means finding the name. */
export const DISTINCTIVE_NAME = '欧阳翠花Zhuzhou';

/** The human-resources clerk who records (and may redact) commissioner dispatches. */
export const HR_CLERK = { unit: 'human-resources', user: 'chen.jie' } as const;

/** CommissionerDispatched inputs for `names`, commissioners TP-001, TP-002, …, recorded by {@link HR_CLERK}. */
export const commissionerDispatches = (district: DistrictCode, names: readonly string[]) =>
  names.map((name, i) => ({
    type: 'CommissionerDispatched',
    district,
    effectiveDate: '2021-04-01',
    recordedAt: '2021-04-02T08:00:00+08:00',
    actor: HR_CLERK,
    data: { commissionerId: `TP-${String(i + 1).padStart(3, '0')}`, name },
  }));

/** A redaction request by {@link HR_CLERK} of the record at `position`, at a fixed instant. */
export const redactionRequest = (position: number) => ({ position, reason: '个人信息保护', actor: HR_CLERK, clock: () => new Date('2024-06-01T02:00:00Z') });
