import fc from 'fast-check';
import { FUND_PURPOSES, INDICATOR_IDS, LEVELS, PLATFORM_KINDS, STATISTICS, STATISTIC_STATUSES, findControlCharacter } from '@indicator-ledger/core';
import { FIXTURE_DISTRICT, civilDateAfter, creditCodeOf, numberedInventionPatent } from '@indicator-ledger/core/testing';

/**
 * fast-check arbitraries of ledger inputs for one district: every event type, mostly valid (docs/spec.md §3–5)
 * so that appends succeed, sometimes refused by a stream rule (a revocation without recognition, a
 * retraction of a refused event), which both stores must refuse alike. Ids that must be unique are
 * derived from the event's index; `recordedAt`, when given, increases with the index.
 */

/** The district every generated event belongs to. */
export const INPUT_DISTRICT: string = FIXTURE_DISTRICT;

const civilDate = (day: number): string => civilDateAfter('2019-01-01', day);
const enterpriseId = (n: number): string => creditCodeOf(`91130302MA0CAB${String(n).padStart(3, '0')}`);
const inventionPatent = numberedInventionPatent;
/** The event id given to the `index`-th generated event when it carries one. */
export const inputEventId = (index: number): string => `eeeeeeee-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
/** A deterministic `newEventId` for ledgers under test: the same sequence for every store. */
export const sequentialEventIds = (): (() => string) => {
  let n = 0;
  return () => `ffffffff-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
};
/** The fixed clock of ledgers under test; generated `recordedAt`s are all later. */
export const FIXED_CLOCK = (): Date => new Date('2024-06-01T00:00:00.000Z');
/**
 * How far ahead of {@link FIXED_CLOCK} the generated `recordedAt`s (2025 onwards) may run: the ledgers under
 * test allow it (docs/spec.md §8.2), so that clock-stamped events still take the stream's last `recordedAt`.
 */
export const FIXED_CLOCK_SKEW_MS = 10 * 366 * 24 * 60 * 60 * 1000;

const text = fc.oneof(
  fc.constantFrom('高新区创新中心', '𠀀𪚥 实验室', '🔬 Lab ❤️', 'café', 'cafe\u0301'),
  // Control characters are refused in text (docs/spec.md §8.2): generated names are printable.
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '' && findControlCharacter(s) === undefined),
);
const day = fc.integer({ min: 0, max: 7 * 365 });
const year = fc.integer({ min: 2019, max: 2025 });

/** The type-specific part of an event: everything but the envelope's ids and times. */
type EventBody = { readonly type: string; readonly effectiveDate: string; readonly actor: { unit: string; user: string }; readonly source?: string; readonly data: Record<string, unknown> };
type BodyOf = (index: number) => EventBody;

// Events that need an earlier one (revocation, decertification, retraction) are rarer and drawn from few
// ids, so that most batches are accepted and the comparison covers real records.
const dependent = <T>(arbitrary: fc.Arbitrary<T>) => ({ arbitrary, weight: 1 });
const standalone = <T>(arbitrary: fc.Arbitrary<T>) => ({ arbitrary, weight: 4 });

const body: fc.Arbitrary<BodyOf> = fc.oneof(
  standalone(
    fc.record({ ent: fc.integer({ min: 0, max: 2 }), designation: fc.constantFrom('high-tech', 'tech-sme'), day, name: text }).map(
      (x): BodyOf => () => ({ type: 'EnterpriseRecognized', effectiveDate: civilDate(x.day), actor: { unit: 'development-reform', user: 'zhang.san' }, source: '冀科高〔2020〕5号', data: { enterpriseId: enterpriseId(x.ent), name: x.name, designation: x.designation } }),
    ),
  ),
  dependent(
    fc.record({ ent: fc.integer({ min: 0, max: 2 }), designation: fc.constantFrom('high-tech', 'tech-sme'), day, reason: text }).map(
      (x): BodyOf => () => ({ type: 'EnterpriseRecognitionRevoked', effectiveDate: civilDate(x.day), actor: { unit: 'administrative-approval', user: 'li.si' }, data: { enterpriseId: enterpriseId(x.ent), designation: x.designation, reason: x.reason } }),
    ),
  ),
  standalone(
    fc.record({ platform: fc.integer({ min: 0, max: 2 }), kind: fc.constantFrom(...(Object.keys(PLATFORM_KINDS) as string[])), level: fc.constantFrom(...LEVELS), day, name: text }).map(
      (x): BodyOf => () => ({ type: 'PlatformCertified', effectiveDate: civilDate(x.day), actor: { unit: 'development-reform', user: 'zhang.san' }, data: { platformId: `P-${x.platform}`, name: x.name, kind: x.kind, level: x.level } }),
    ),
  ),
  dependent(
    fc.record({ platform: fc.integer({ min: 0, max: 2 }), day, reason: text }).map(
      (x): BodyOf => () => ({ type: 'PlatformDecertified', effectiveDate: civilDate(x.day), actor: { unit: 'agriculture-rural', user: 'zhao.liu' }, data: { platformId: `P-${x.platform}`, reason: x.reason } }),
    ),
  ),
  standalone(
    fc.record({ amountFen: fc.integer({ min: 1, max: 2_000_000_000 }), purpose: fc.constantFrom(...FUND_PURPOSES), day, recipient: fc.option(text, { nil: undefined }) }).map(
      (x): BodyOf => (i) => ({ type: 'FundsAllocated', effectiveDate: civilDate(x.day), actor: { unit: 'finance', user: 'qian.qi' }, data: { allocationId: `A-${i}`, amountFen: x.amountFen, purpose: x.purpose, ...(x.recipient !== undefined ? { recipient: x.recipient } : {}) } }),
    ),
  ),
  standalone(
    fc.record({ title: text, level: fc.constantFrom('municipal', 'provincial', 'national'), day }).map(
      (x): BodyOf => (i) => ({ type: 'ProjectApproved', effectiveDate: civilDate(x.day), actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: `项目-${i}`, title: x.title, level: x.level } }),
    ),
  ),
  standalone(
    fc.record({ day, filedBefore: fc.integer({ min: 0, max: 3000 }) }).map(
      (x): BodyOf => (i) => ({ type: 'PatentGranted', effectiveDate: civilDate(x.day), actor: { unit: 'market-regulation', user: 'sun.ba' }, data: { patentNo: inventionPatent(i), kind: 'invention', filingDate: civilDate(x.day - x.filedBefore) } }),
    ),
  ),
  standalone(
    fc.record({ statistic: fc.constantFrom(...(Object.keys(STATISTICS) as string[])), year, value: fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)), status: fc.constantFrom(...STATISTIC_STATUSES), day }).map(
      (x): BodyOf => () => ({ type: 'StatisticReported', effectiveDate: civilDate(x.day), actor: { unit: 'statistics', user: 'zhou.jiu' }, data: { statistic: x.statistic, year: x.year, value: x.value, status: x.status } }),
    ),
  ),
  standalone(
    fc.record({ indicator: fc.constantFrom(...INDICATOR_IDS), year, comparator: fc.constantFrom('gte', 'lte'), value: fc.integer({ min: 0, max: 1000 }), day }).map(
      (x): BodyOf => () => ({ type: 'TargetSet', effectiveDate: civilDate(x.day), actor: { unit: 'development-reform', user: 'zhang.san' }, data: { indicator: x.indicator, year: x.year, comparator: x.comparator, value: x.value } }),
    ),
  ),
  standalone(
    fc.record({ commissioner: fc.integer({ min: 0, max: 3 }), name: text, day }).map(
      (x): BodyOf => () => ({ type: 'CommissionerDispatched', effectiveDate: civilDate(x.day), actor: { unit: 'human-resources', user: 'wu.shi' }, data: { commissionerId: `C-${x.commissioner}`, name: x.name } }),
    ),
  ),
  dependent(
    fc.record({ back: fc.integer({ min: 1, max: 8 }), day, reason: text }).map(
      (x): BodyOf => (i) => ({ type: 'EventRetracted', effectiveDate: civilDate(x.day), actor: { unit: 'development-reform', user: 'zhang.san' }, data: { eventId: inputEventId(Math.max(0, i - x.back)), reason: x.reason } }),
    ),
  ),
);

/** One generated event: its body, and whether it carries its own event id and recordedAt. */
const event = fc.record({ body, ownId: fc.boolean(), ownTime: fc.boolean() });

/** A batch of inputs, and whether it is sent a second time right after (an idempotent retry). */
export interface InputBatch {
  readonly inputs: readonly unknown[];
  readonly resend: boolean;
}

/**
 * Batches of 1–5 inputs, `minEvents..maxEvents` events in all. Events carry their own id when
 * `ownId` (retractions target those), their own `recordedAt` (2025 onwards, increasing) when `ownTime`.
 */
export const inputBatches = (minEvents: number, maxEvents: number): fc.Arbitrary<InputBatch[]> =>
  fc
    .record({
      events: fc.array(event, { minLength: minEvents, maxLength: maxEvents, size: 'max' }),
      sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: maxEvents, maxLength: maxEvents }),
      resends: fc.array(fc.boolean(), { minLength: maxEvents, maxLength: maxEvents }),
    })
    .map(({ events, sizes, resends }) => {
      const inputs = events.map((e, i) => ({
        ...e.body(i),
        district: INPUT_DISTRICT,
        // Retractions point at `inputEventId`s, so the events they may target always carry one.
        ...(e.ownId || i % 2 === 0 ? { eventId: inputEventId(i) } : {}),
        ...(e.ownTime ? { recordedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() } : {}),
      }));
      const batches: InputBatch[] = [];
      for (let first = 0, b = 0; first < inputs.length; first += sizes[b]!, b++) {
        batches.push({ inputs: inputs.slice(first, first + sizes[b]!), resend: resends[b]! });
      }
      return batches;
    });
