import * as t from 'io-ts/lib/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { boundedText, describeValue, numberWhere, parseBoundedText, oneOf, parsedString, strictObject, wholeNumberWhere } from './codecs.js';
import { parseCivilDate, EARLIEST_YEAR, LATEST_YEAR } from '../time/civilDate.js';
import { parseUnifiedSocialCreditCode } from '../ids/unifiedSocialCreditCode.js';
import { parsePatentNumber } from '../ids/patentNumber.js';
import { parseEventId, parseLocalId, parsePlatformId } from '../ids/identifiers.js';
import {
  COMPARATORS,
  DESIGNATIONS,
  FUND_PURPOSES,
  LEVELS,
  PATENT_KINDS,
  PATENT_LAPSE_REASONS,
  PLATFORM_KINDS,
  STATISTICS,
  STATISTIC_STATUSES,
} from './vocabulary.js';
import { INDICATOR_IDS } from './indicatorCatalog.js';

/** Codecs of the field formats docs/spec.md §3–4 name. */
export const CivilDateCodec = parsedString('CivilDate', parseCivilDate);
export const EnterpriseIdCodec = parsedString('UnifiedSocialCreditCode', parseUnifiedSocialCreditCode);
export const PatentNumberCodec = parsedString('PatentNumber', parsePatentNumber);
export const PlatformIdCodec = parsedString('PlatformId', parsePlatformId);
export const EventIdCodec = parsedString('EventId', parseEventId);
/** Names, titles, reasons, users (docs/spec.md §3): non-empty, at most 200 characters. */
export const Text200 = boundedText(200);
/**
 * Ids the plan's units choose themselves (allocation, project, commissioner): the bounds of names, and
 * written in normal form (docs/spec.md §8.2, `parseLocalId`), so that look-alike ids cannot count twice.
 */
export const LocalId = parsedString('LocalId', (s) => E.chain(() => parseLocalId(s))(parseBoundedText(200)(s)));
export const YearCodec = wholeNumberWhere('Year', `a whole year from ${EARLIEST_YEAR} to ${LATEST_YEAR}`, (n) => n >= EARLIEST_YEAR && n <= LATEST_YEAR);

const Designation = oneOf('Designation', Object.keys(DESIGNATIONS) as (keyof typeof DESIGNATIONS)[]);
const PlatformKind = oneOf('PlatformKind', Object.keys(PLATFORM_KINDS) as (keyof typeof PLATFORM_KINDS)[]);

/**
 * A statistic counted in persons, enterprises or fen is a whole number, so its value may not lie beyond
 * ±9007199254740991, where numbers are no longer held exactly (docs/spec.md §8.2): it is refused, quoted as
 * written, rather than rounded. Percentages are measured values and keep the bounds of docs/spec.md §4.
 */
const countsHeldExactly = <A extends { readonly statistic: keyof typeof STATISTICS; readonly value: number }, O>(
  codec: t.Type<A, O, unknown>,
): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(
    codec.name,
    (u): u is A => codec.is(u) && !beyondWholeNumbers(u),
    (u, c) => {
      const decoded = codec.validate(u, c);
      if (decoded._tag === 'Left' || !beyondWholeNumbers(decoded.right)) return decoded;
      const written = (u as { readonly value: unknown }).value;
      const unit = STATISTICS[decoded.right.statistic];
      return t.failure(written, [...c, { key: 'value', type: t.number, actual: written }], `should be at most ${Number.MAX_SAFE_INTEGER} (${unit} are whole numbers), got ${describeValue(written)}`);
    },
    codec.encode,
  );

const beyondWholeNumbers = (d: { readonly statistic: keyof typeof STATISTICS; readonly value: number }): boolean =>
  STATISTICS[d.statistic] !== 'percent' && d.value > Number.MAX_SAFE_INTEGER;

/**
 * One data codec per event type (docs/spec.md §4 table). Each is strict: unknown fields are rejected.
 * Rules that need the stream, or defaults, live in `rules/`.
 */
export const DATA_CODECS = {
  EnterpriseRecognized: strictObject(
    'EnterpriseRecognized',
    { enterpriseId: EnterpriseIdCodec, name: Text200, designation: Designation },
    { certificateNo: Text200, validFrom: CivilDateCodec, validUntil: CivilDateCodec },
  ),
  EnterpriseRecognitionRevoked: strictObject(
    'EnterpriseRecognitionRevoked',
    { enterpriseId: EnterpriseIdCodec, designation: Designation, reason: Text200 },
    { revokedFrom: CivilDateCodec },
  ),
  PlatformCertified: strictObject(
    'PlatformCertified',
    { platformId: PlatformIdCodec, name: Text200, kind: PlatformKind, level: oneOf('Level', LEVELS) },
    { hostEnterpriseId: EnterpriseIdCodec },
  ),
  PlatformDecertified: strictObject('PlatformDecertified', { platformId: PlatformIdCodec, reason: Text200 }),
  FundsAllocated: strictObject(
    'FundsAllocated',
    {
      allocationId: LocalId,
      amountFen: wholeNumberWhere('AmountFen', 'a whole number of fen greater than 0', (n) => n > 0),
      purpose: oneOf('FundPurpose', FUND_PURPOSES),
    },
    { recipient: Text200 },
  ),
  PatentGranted: strictObject(
    'PatentGranted',
    { patentNo: PatentNumberCodec, kind: oneOf('PatentKind', PATENT_KINDS), filingDate: CivilDateCodec },
    { title: Text200, holder: Text200 },
  ),
  PatentLapsed: strictObject('PatentLapsed', { patentNo: PatentNumberCodec, reason: oneOf('PatentLapseReason', PATENT_LAPSE_REASONS) }),
  StatisticReported: countsHeldExactly(
    strictObject('StatisticReported', {
      statistic: oneOf('Statistic', Object.keys(STATISTICS) as (keyof typeof STATISTICS)[]),
      year: YearCodec,
      value: numberWhere('StatisticValue', 'a finite number ≥ 0', (n) => Number.isFinite(n) && n >= 0),
      status: oneOf('StatisticStatus', STATISTIC_STATUSES),
    }),
  ),
  ProjectApproved: strictObject('ProjectApproved', {
    projectId: LocalId,
    title: Text200,
    level: oneOf('ProjectLevel', ['municipal', 'provincial', 'national'] as const),
  }),
  CommissionerDispatched: strictObject('CommissionerDispatched', { commissionerId: LocalId, name: Text200 }),
  TargetSet: strictObject('TargetSet', {
    indicator: oneOf('IndicatorId', INDICATOR_IDS),
    year: YearCodec,
    comparator: oneOf('Comparator', COMPARATORS),
    value: numberWhere('TargetValue', 'a finite number', Number.isFinite),
  }),
  EventRetracted: strictObject('EventRetracted', { eventId: EventIdCodec, reason: Text200 }),
} as const;

/** Every event type of docs/spec.md §4, in catalog order. */
export const EVENT_TYPES = Object.keys(DATA_CODECS) as readonly EventType[];
export type EventType = keyof typeof DATA_CODECS;
/** The decoded `data` of each event type. */
export type EventData = { readonly [K in EventType]: Readonly<t.TypeOf<(typeof DATA_CODECS)[K]>> };
/** The `data` of each event type as written in JSON. */
export type EventDataJson = { readonly [K in EventType]: t.OutputOf<(typeof DATA_CODECS)[K]> };

/** Is `s` a known event type? */
export const isEventType = (s: unknown): s is EventType => typeof s === 'string' && Object.prototype.hasOwnProperty.call(DATA_CODECS, s);
