import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { EventDataJson, EventType } from '../events/catalog.js';
import { EVENT_TYPES } from '../events/catalog.js';
import type { EventInputJson } from '../events/envelope.js';
import {
  COMPARATORS,
  DESIGNATIONS,
  FISCAL_STATISTICS,
  FUND_PURPOSES,
  LEVELS,
  PATENT_KINDS,
  PATENT_LAPSE_REASONS,
  PLATFORM_KINDS,
  STATISTICS,
  STATISTIC_STATUSES,
} from '../events/vocabulary.js';
import type { Designation, PlatformKind, Statistic, Unit } from '../events/vocabulary.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId, PlatformId } from '../ids/identifiers.js';
import { normalLocalId } from '../ids/identifiers.js';
import { findControlCharacter } from '../events/controlCharacters.js';
import { parsePatentNumber, patentCheckCharacter } from '../ids/patentNumber.js';
import type { PatentKind } from '../ids/patentNumber.js';
import { USCC_ALPHABET, usccCheckCharacter } from '../ids/unifiedSocialCreditCode.js';
import type { UnifiedSocialCreditCode } from '../ids/unifiedSocialCreditCode.js';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import { DEFAULT_PERMISSIONS } from '../rules/authorization.js';
import { EARLIEST_CIVIL_DATE, LATEST_CIVIL_DATE } from '../time/civilDate.js';
import type { CivilDate } from '../time/civilDate.js';

/**
 * fast-check arbitraries of valid ledger inputs (docs/spec.md §2–5): the formatted codes, dates and instants,
 * one event input of any type, and whole histories a ledger accepts. Everything produced is the JSON
 * form an NDJSON line or an `append` call carries, so tests feed it to the ledger exactly as a clerk's
 * file would be fed.
 */

// ---------------------------------------------------------------------------------------------------
// Codes and dates
// ---------------------------------------------------------------------------------------------------

/** Province-level prefixes of docs/spec.md §2, written out here rather than imported so tests stay independent. */
const PROVINCE_PREFIXES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
] as const;

/** A valid district code (docs/spec.md §2): a real province-level prefix and any four further digits. */
export const arbDistrictCode = (): fc.Arbitrary<DistrictCode> =>
  fc
    .tuple(fc.constantFrom(...PROVINCE_PREFIXES), fc.integer({ min: 0, max: 9999 }))
    .map(([province, rest]) => `${province}${String(rest).padStart(4, '0')}` as DistrictCode);

/** Bounds of {@link arbCivilDate}, both included, written `YYYY-MM-DD`. */
export interface CivilDateBounds {
  readonly min?: string;
  readonly max?: string;
}

const DAY_MS = 86_400_000;
const dayNumberOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const civilDateOfDayNumber = (day: number): CivilDate => new Date(day * DAY_MS).toISOString().slice(0, 10) as CivilDate;
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * A real calendar date within `bounds` (default the whole range docs/spec.md §3 accepts, 1980-01-01..2100-12-31).
 * Leap days (Feb 29 of leap years), the first and last day of a year and the bounds themselves come up
 * far more often than chance would have them, since that is where date code breaks.
 */
export const arbCivilDate = (bounds: CivilDateBounds = {}): fc.Arbitrary<CivilDate> => {
  const min = bounds.min ?? EARLIEST_CIVIL_DATE;
  const max = bounds.max ?? LATEST_CIVIL_DATE;
  const from = dayNumberOf(min);
  const to = dayNumberOf(max);
  if (from > to) throw new RangeError(`arbCivilDate: min ${min} is after max ${max}`);
  const anyDay = fc.integer({ min: from, max: to }).map(civilDateOfDayNumber);
  const edges: CivilDate[] = [min as CivilDate, max as CivilDate];
  for (let year = Number(min.slice(0, 4)); year <= Number(max.slice(0, 4)); year++) {
    const candidates = [`${year}-01-01`, `${year}-12-31`, ...(isLeapYear(year) ? [`${year}-02-29`, `${year}-03-01`] : [`${year}-02-28`])];
    for (const date of candidates) if (date >= min && date <= max) edges.push(date as CivilDate);
  }
  return fc.oneof({ weight: 4, arbitrary: anyDay }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
};

/** A whole year within the years of `bounds` (default 1980..2100, docs/spec.md §3). */
export const arbYear = (bounds: CivilDateBounds = {}): fc.Arbitrary<number> =>
  fc.integer({ min: Number((bounds.min ?? EARLIEST_CIVIL_DATE).slice(0, 4)), max: Number((bounds.max ?? LATEST_CIVIL_DATE).slice(0, 4)) });

/** UTC offsets, in minutes, that inputs write instants with: China's first, then others from around the world. */
const OFFSETS_MINUTES = [480, 0, -300, 330, 345, 540, -570, 840, -720] as const;

/** How an instant is written: which offset, and whether `Z`, `+08:00` or `+0800`. */
export interface InstantWriting {
  /** Minutes east of UTC. */
  readonly offsetMinutes: number;
  /** Write `+0800` rather than `+08:00` (and `+0000` rather than `Z`). */
  readonly compactOffset?: boolean;
  /** Write six fraction digits rather than three. */
  readonly microseconds?: boolean;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * The ISO-8601 text of the instant `epochMs` as a clerk in a zone `offsetMinutes` east of UTC would write
 * it: `2021-01-01T08:30+08:00`. Seconds and fractions are left out where they are zero, as people do.
 * The ledger normalises any such text to the same UTC instant (docs/spec.md §1).
 */
export const writtenInstant = (epochMs: number, writing: InstantWriting): string => {
  const wall = new Date(epochMs + writing.offsetMinutes * 60_000).toISOString();
  const hhmm = wall.slice(0, 16);
  const seconds = wall.slice(17, 19);
  const millis = wall.slice(20, 23);
  const time =
    millis !== '000' ? `${hhmm}:${seconds}.${writing.microseconds === true ? `${millis}000` : millis}` : seconds !== '00' ? `${hhmm}:${seconds}` : hhmm;
  const abs = Math.abs(writing.offsetMinutes);
  const sign = writing.offsetMinutes < 0 ? '-' : '+';
  const offset =
    writing.offsetMinutes === 0 && writing.compactOffset !== true
      ? 'Z'
      : `${sign}${pad(Math.floor(abs / 60), 2)}${writing.compactOffset === true ? '' : ':'}${pad(abs % 60, 2)}`;
  return `${time}${offset}`;
};

/** An {@link InstantWriting}: an offset and a style. */
export const arbInstantWriting = (): fc.Arbitrary<InstantWriting> =>
  fc.record({ offsetMinutes: fc.constantFrom(...OFFSETS_MINUTES), compactOffset: fc.boolean(), microseconds: fc.boolean() });

/** Bounds of {@link arbInstantText}, as instants in any ISO-8601 form `Date.parse` reads. */
export interface InstantBounds {
  readonly min?: string;
  readonly max?: string;
}

/**
 * An instant as an input may write it (docs/spec.md §1): any of several offsets, with or without seconds and
 * milliseconds. Default range 1980..2100. Whole minutes and whole seconds come up often.
 */
export const arbInstantText = (bounds: InstantBounds = {}): fc.Arbitrary<string> => {
  const min = Date.parse(bounds.min ?? '1980-01-01T00:00:00Z');
  const max = Date.parse(bounds.max ?? '2100-12-31T00:00:00Z');
  const ms = fc.oneof(
    fc.integer({ min, max }),
    fc.integer({ min: Math.ceil(min / 60_000), max: Math.floor(max / 60_000) }).map((m) => m * 60_000),
    fc.integer({ min: Math.ceil(min / 1000), max: Math.floor(max / 1000) }).map((s) => s * 1000),
  );
  return fc.tuple(ms, arbInstantWriting()).map(([at, writing]) => writtenInstant(at, writing));
};

/** An event id (docs/spec.md §2): a UUID, in upper case now and then (the ledger lower-cases it). */
export const arbEventId = (): fc.Arbitrary<string> =>
  fc.tuple(fc.uuid(), fc.integer({ min: 0, max: 7 })).map(([id, roll]) => (roll === 0 ? id.toUpperCase() : id));

/**
 * A valid unified social credit code (docs/spec.md §4, GB 32100-2015): 17 characters of the code alphabet and
 * the check character {@link usccCheckCharacter} computes. Mostly shaped like a real enterprise's code
 * (`91` + a district code + a 9-character organisation code), sometimes any 17 characters.
 */
export const arbUnifiedSocialCreditCode = (): fc.Arbitrary<UnifiedSocialCreditCode> => {
  const codeChar = fc.constantFrom(...USCC_ALPHABET);
  const anyFirst17 = fc.string({ unit: codeChar, minLength: 17, maxLength: 17 });
  const enterpriseShaped = fc
    .tuple(fc.constantFrom('91', '92', '93', '12', '52'), arbDistrictCode(), fc.string({ unit: codeChar, minLength: 9, maxLength: 9 }))
    .map(([kind, district, organisation]) => `${kind}${district}${organisation}`);
  return fc
    .oneof({ weight: 3, arbitrary: enterpriseShaped }, { weight: 1, arbitrary: anyFirst17 })
    .map((first17) => `${first17}${usccCheckCharacter(first17)}` as UnifiedSocialCreditCode);
};

/** The 5th digits that encode each patent kind (docs/spec.md §4). */
const KIND_DIGITS: Readonly<Record<PatentKind, readonly string[]>> = { invention: ['1', '8'], 'utility-model': ['2', '9'], design: ['3'] };

/** Options of {@link arbPatentNumber}. */
export interface PatentNumberOptions {
  /** The kind the 5th digit must encode (default: any). */
  readonly kind?: PatentKind;
  /** The application year, the first four digits (default: 1985..2100). */
  readonly year?: number;
  /** Write the `ZL` prefix (default: sometimes). */
  readonly prefixed?: boolean;
}

/**
 * The application number of a CNIPA patent (docs/spec.md §4) with its right check character:
 * year, kind digit, 7-digit serial, `.`, check (`X` for 10). Sometimes written with the `ZL` prefix.
 */
export const arbPatentNumber = (options: PatentNumberOptions = {}): fc.Arbitrary<string> =>
  fc
    .record({
      year: options.year !== undefined ? fc.constant(options.year) : fc.integer({ min: 1985, max: 2100 }),
      kindDigit: fc.constantFrom(...(options.kind !== undefined ? KIND_DIGITS[options.kind] : ['1', '2', '3', '8', '9'])),
      serial: fc.integer({ min: 0, max: 9_999_999 }),
      prefixed: options.prefixed !== undefined ? fc.constant(options.prefixed) : fc.boolean(),
    })
    .map(({ year, kindDigit, serial, prefixed }) => patentNumberText(year, kindDigit, serial, prefixed));

const patentNumberText = (year: number, kindDigit: string, serial: number, prefixed: boolean): string => {
  const digits = `${pad(year, 4)}${kindDigit}${pad(serial, 7)}`;
  return `${prefixed ? 'ZL' : ''}${digits}.${patentCheckCharacter(digits)}`;
};

const PLATFORM_ID_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-';

/** A platform id (docs/spec.md §4): 1–64 of `A-Za-z0-9._-`, often shaped like `KJPT-2020-017`. */
export const arbPlatformId = (): fc.Arbitrary<PlatformId> =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom('KJPT', 'FHQ', 'ZCKJ', 'NYYQ', 'lab'), fc.integer({ min: 2015, max: 2030 }), fc.integer({ min: 1, max: 999 }))
      .map(([prefix, year, n]) => `${prefix}-${year}-${pad(n, 3)}` as PlatformId),
    fc.string({ unit: fc.constantFrom(...PLATFORM_ID_CHARACTERS), minLength: 1, maxLength: 64 }).map((s) => s as PlatformId),
  );

// ---------------------------------------------------------------------------------------------------
// Texts: names, titles, reasons, users (docs/spec.md §3: non-blank, at most 200 characters)
// ---------------------------------------------------------------------------------------------------

const codePointLength = (s: string): number => [...s].length;

/**
 * docs/spec.md §3's limits on a text, as the arbitraries check them independently of the codecs: at most
 * 200 characters counted in code points, and no control character (docs/spec.md §8.2). Blankness is each
 * caller's own condition (a text must not be blank; a normalised local id must not be empty).
 */
const withinTextLimits = (s: string): boolean => codePointLength(s) <= 200 && findControlCharacter(s) === undefined;

/**
 * Any text docs/spec.md §3 accepts for a name, title, reason or user: non-blank, at most 200 characters (code
 * points), from all of Unicode's printable graphemes but control characters (docs/spec.md §8.2). Includes texts of exactly 200 code points, one of
 * them with characters outside the Basic Multilingual Plane (longer than 200 in UTF-16 units).
 */
export const arbText = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
        .filter((s) => s.trim() !== '' && withinTextLimits(s)),
    },
    { weight: 1, arbitrary: fc.constantFrom('名'.repeat(200), `${'a'.repeat(199)}𠀀`, `  ${'科'.repeat(198)}`, '𠀀') },
  );

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '欧阳', '司马'] as const;
const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '强', '晓明', '建华'] as const;
const PINYIN_SURNAMES = ['zhang', 'wang', 'li', 'zhao', 'liu', 'chen', 'yang', 'huang'] as const;
const PINYIN_GIVEN = ['san', 'si', 'wei', 'fang', 'min', 'lei', 'jie', 'qiang'] as const;

/** A person's name: Chinese mostly, sometimes any text. */
export const arbPersonName = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...SURNAMES), fc.constantFrom(...GIVEN_NAMES)).map(([s, g]) => `${s}${g}`) },
    { weight: 1, arbitrary: arbText() },
  );

/** A clerk's user name (`actor.user`): `zhang.san`, a Chinese name, or any text. */
export const arbUser = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...PINYIN_SURNAMES), fc.constantFrom(...PINYIN_GIVEN)).map(([s, g]) => `${s}.${g}`) },
    { weight: 1, arbitrary: arbPersonName() },
    { weight: 1, arbitrary: arbText() },
  );

const PLACES = ['唐山', '路南', '冀东', '滦河', '渤海'] as const;
const TRADES = ['精密机械', '新材料', '电子信息', '生物医药', '智能装备', '陶瓷'] as const;

/** An enterprise's name: `唐山精密机械科技有限公司`-like mostly, sometimes any text. */
const arbEnterpriseName = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...PLACES), fc.constantFrom(...TRADES)).map(([p, t]) => `${p}${t}科技有限公司`) },
    { weight: 1, arbitrary: arbText() },
  );

/** A document number such as `冀科高〔2020〕5号`, as `source` and certificate numbers carry. */
const arbDocumentNumber = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom('冀科高', '唐科', '路南发改', '冀财教'), fc.integer({ min: 2015, max: 2030 }), fc.integer({ min: 1, max: 300 }))
      .map(([org, year, n]) => `${org}〔${year}〕${n}号`),
    fc.tuple(fc.integer({ min: 2015, max: 2030 }), fc.integer({ min: 1, max: 9999 })).map(([year, n]) => `GR${year}1300${pad(n, 4)}`),
    arbText(),
  );

/** A reason, a title, a recipient: plausible words mostly, any text sometimes. */
const arbWords = (plausible: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...plausible) }, { weight: 1, arbitrary: arbText() });

/** An id a unit chooses itself (allocation, project, commissioner): `CZ-2021-0042` mostly, any text sometimes. */
const arbLocalId = (prefix: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 2015, max: 2030 }), fc.integer({ min: 1, max: 99999 })).map(([y, n]) => `${prefix}-${y}-${pad(n, 5)}`) },
    // Any text written in its normal form (docs/spec.md §8.2), as a unit's own ids may be.
    { weight: 1, arbitrary: arbText().map(normalLocalId).filter((id) => id !== '' && withinTextLimits(id)) },
  );

// ---------------------------------------------------------------------------------------------------
// Event inputs
// ---------------------------------------------------------------------------------------------------

/** Drops the keys whose value is `undefined`, so an absent optional field is absent, not `undefined`. */
const withoutAbsent = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** `arb`'s value about half the time, `undefined` otherwise. */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });

const sorted = <T extends string>(values: readonly T[]): T[] => [...values].sort();

/** An effective date and the data of one event type, consistent with each other (docs/spec.md §4 rules that need no stream). */
interface Fact<T extends EventType> {
  readonly effectiveDate: CivilDate;
  readonly data: EventDataJson[T];
}

type FactArbitraries = { readonly [T in EventType]: (dates: CivilDateBounds) => fc.Arbitrary<Fact<T>> };

const statisticValue = (statistic: Statistic): fc.Arbitrary<number> => {
  const unit = STATISTICS[statistic];
  const typical =
    unit === 'percent'
      ? fc.double({ min: 0, max: 100, noNaN: true })
      : unit === 'persons'
        ? fc.integer({ min: 0, max: 5_000_000 })
        : unit === 'count'
          ? fc.integer({ min: 0, max: 10_000 })
          : fc.integer({ min: 0, max: 1e14 });
  // Any finite value ≥ 0 is valid (docs/spec.md §4), up to 2^53 − 1 for whole-number units (§8.2); odd ones
  // exercise canonical number writing in the hashes.
  const max = unit === 'percent' ? Number.MAX_VALUE : Number.MAX_SAFE_INTEGER;
  return fc.oneof({ weight: 4, arbitrary: typical }, { weight: 1, arbitrary: fc.double({ min: 0, max, noNaN: true }) });
};

const FACTS: FactArbitraries = {
  EnterpriseRecognized: (dates) =>
    fc
      .record({
        days: fc.tuple(arbCivilDate(dates), arbCivilDate(dates), arbCivilDate(dates)).map(sorted),
        period: fc.constantFrom('default', 'from', 'until', 'both'),
        enterpriseId: arbUnifiedSocialCreditCode(),
        name: arbEnterpriseName(),
        designation: fc.constantFrom(...(Object.keys(DESIGNATIONS) as Designation[])),
        certificateNo: sometimes(arbDocumentNumber()),
      })
      .map(({ days: [early, middle, late], period, enterpriseId, name, designation, certificateNo }) => ({
        // validFrom ≤ validUntil after defaults (docs/spec.md §4): a given validUntil is never before the start.
        effectiveDate: period === 'until' ? early! : middle!,
        data: withoutAbsent({
          enterpriseId,
          name,
          designation,
          certificateNo,
          validFrom: period === 'from' ? late : period === 'both' ? early : undefined,
          validUntil: period === 'until' || period === 'both' ? late : undefined,
        }),
      })),
  EnterpriseRecognitionRevoked: (dates) =>
    fc
      .record({
        days: fc.tuple(arbCivilDate(dates), arbCivilDate(dates)).map(sorted),
        enterpriseId: arbUnifiedSocialCreditCode(),
        designation: fc.constantFrom(...(Object.keys(DESIGNATIONS) as Designation[])),
        reason: arbWords(['不再符合认定条件', '提供虚假材料', '发生重大安全事故', '未按期更新信息']),
        withRevokedFrom: fc.boolean(),
      })
      .map(({ days: [voidFrom, decided], enterpriseId, designation, reason, withRevokedFrom }) => ({
        effectiveDate: decided!,
        // revokedFrom is never later than the decision date (docs/spec.md §4).
        data: withoutAbsent({ enterpriseId, designation, reason, revokedFrom: withRevokedFrom ? voidFrom : undefined }),
      })),
  PlatformCertified: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc
        .record({
          platformId: arbPlatformId() as fc.Arbitrary<string>,
          name: arbWords(['唐山市陶瓷材料重点实验室', '路南区众创空间', '冀东农业科技园区', '智能装备技术创新中心']),
          kind: fc.constantFrom(...(Object.keys(PLATFORM_KINDS) as PlatformKind[])),
          level: fc.constantFrom(...LEVELS),
          hostEnterpriseId: sometimes(arbUnifiedSocialCreditCode() as fc.Arbitrary<string>),
        })
        .map(withoutAbsent),
    }),
  PlatformDecertified: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc.record({ platformId: arbPlatformId() as fc.Arbitrary<string>, reason: arbWords(['考核不合格', '主动申请撤销', '依托单位注销']) }),
    }),
  FundsAllocated: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc
        .record({
          allocationId: arbLocalId('CZ'),
          amountFen: fc.oneof(fc.integer({ min: 1, max: 1_000_000_000 }), fc.constant(1), fc.constant(Number.MAX_SAFE_INTEGER)),
          purpose: fc.constantFrom(...FUND_PURPOSES),
          recipient: sometimes(arbEnterpriseName()),
        })
        .map(withoutAbsent),
    }),
  PatentGranted: (dates) =>
    fc
      .record({
        days: fc.tuple(arbCivilDate(dates), arbCivilDate(dates)).map(sorted),
        kind: fc.constantFrom(...PATENT_KINDS),
        digitRoll: fc.nat(),
        serial: fc.integer({ min: 0, max: 9_999_999 }),
        prefixed: fc.boolean(),
        title: sometimes(arbWords(['一种陶瓷坯体的成型方法', '智能巡检机器人', '包装盒（礼品）'])),
        holder: sometimes(arbEnterpriseName()),
      })
      .map(({ days: [filed, granted], kind, digitRoll, serial, prefixed, title, holder }) => {
        const digits = KIND_DIGITS[kind];
        // The number's year is the filing year and its 5th digit the kind (docs/spec.md §4); filingDate ≤ grant date.
        const patentNo = patentNumberText(Number(filed!.slice(0, 4)), digits[digitRoll % digits.length]!, serial, prefixed);
        return { effectiveDate: granted!, data: withoutAbsent({ patentNo, kind, filingDate: filed!, title, holder }) };
      }),
  PatentLapsed: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc.record({ patentNo: arbPatentNumber(), reason: fc.constantFrom(...PATENT_LAPSE_REASONS) }),
    }),
  StatisticReported: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc
        .record({
          statistic: fc.constantFrom(...(Object.keys(STATISTICS) as Statistic[])),
          year: arbYear(dates),
          status: fc.constantFrom(...STATISTIC_STATUSES),
        })
        .chain((d) => statisticValue(d.statistic).map((value) => ({ statistic: d.statistic, year: d.year, value, status: d.status }))),
    }),
  ProjectApproved: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc.record({
        projectId: arbLocalId('XM'),
        title: arbWords(['高性能陶瓷关键技术研发', '智慧农业示范项目', '工业互联网平台建设']),
        level: fc.constantFrom('municipal' as const, 'provincial' as const, 'national' as const),
      }),
    }),
  CommissionerDispatched: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc.record({ commissionerId: arbLocalId('TPY'), name: arbPersonName() }),
    }),
  TargetSet: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc.record({
        indicator: fc.constantFrom(...INDICATOR_IDS),
        year: arbYear(dates),
        comparator: fc.constantFrom(...COMPARATORS),
        // Any finite number (docs/spec.md §4), -0 included: the ledger reads it as 0.
        value: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
      }),
    }),
  EventRetracted: (dates) =>
    fc.record({
      effectiveDate: arbCivilDate(dates),
      data: fc.record({ eventId: arbEventId(), reason: arbWords(['录入错误', '重复录入', '依据文件已撤销']) }),
    }),
};

/**
 * The units the default policy (docs/spec.md §5) lets record an event of `type` with this `data`. A retraction
 * gets development-reform, the one unit that may retract whatever unit recorded the target.
 */
export const unitsAllowedByDefault = <T extends EventType>(type: T, data: EventDataJson[T]): readonly Unit[] => {
  if (type === 'EventRetracted') return ['development-reform'];
  const allowed = DEFAULT_PERMISSIONS[type as Exclude<EventType, 'EventRetracted'>];
  if (type === 'StatisticReported' && FISCAL_STATISTICS.includes((data as EventDataJson['StatisticReported']).statistic as Statistic)) {
    return [...allowed, 'finance'];
  }
  return allowed;
};

/** Options of {@link arbEventInputOf} and {@link arbEventInput}. */
export interface EventInputOptions {
  /** The district of every event (default: any valid district code). */
  readonly district?: string;
  /** Bounds of effective dates and of `year` fields (default: docs/spec.md §3's whole range). */
  readonly dates?: CivilDateBounds;
}

/**
 * A valid input event of `type` (docs/spec.md §3–4), in its JSON form: it decodes, and its actor may record it
 * under the default policy (§5). Optional envelope fields (`eventId`, `recordedAt` with an offset,
 * `source`, `schemaVersion`) and optional data fields are sometimes present, sometimes absent; patent
 * numbers sometimes carry `ZL`; names are any Unicode. Rules that look at the stream (a revocation needs
 * a recognition, …) are not arranged here: see {@link arbValidHistory} for that.
 */
export const arbEventInputOf = <T extends EventType>(type: T, options: EventInputOptions = {}): fc.Arbitrary<EventInputJson<T>> =>
  (FACTS[type] as (dates: CivilDateBounds) => fc.Arbitrary<Fact<T>>)(options.dates ?? {}).chain(({ effectiveDate, data }) =>
    fc
      .record({
        eventId: sometimes(arbEventId()),
        district: options.district !== undefined ? fc.constant(options.district) : arbDistrictCode(),
        recordedAt: sometimes(arbInstantText()),
        unit: fc.constantFrom(...unitsAllowedByDefault(type, data)),
        user: arbUser(),
        source: sometimes(arbDocumentNumber()),
        schemaVersion: sometimes(fc.constant(1)),
      })
      .map(
        ({ unit, user, ...envelope }) =>
          withoutAbsent({ type, ...envelope, effectiveDate, actor: { unit, user }, data }) as unknown as EventInputJson<T>,
      ),
  );

/** A valid input event of any type of docs/spec.md §4 (see {@link arbEventInputOf}). */
export const arbEventInput = (options: EventInputOptions = {}): fc.Arbitrary<EventInputJson> =>
  fc.constantFrom(...EVENT_TYPES).chain((type) => arbEventInputOf(type, options) as fc.Arbitrary<EventInputJson>);

// ---------------------------------------------------------------------------------------------------
// Histories: sequences the ledger accepts
// ---------------------------------------------------------------------------------------------------

/** Options of {@link arbValidHistory}. */
export interface ValidHistoryOptions {
  /** The district of the stream (default: any valid district code). */
  readonly district?: string;
  /** Fewest events (default 0). */
  readonly minLength?: number;
  /** Most events (default 40). */
  readonly maxLength?: number;
  /** Bounds of effective dates and `year` fields (default 2018-01-01..2025-12-31, the plan's years and one before). */
  readonly dates?: CivilDateBounds;
  /** The earliest `recordedAt` (default `2019-01-01T00:00:00Z`); later events are recorded later or at the same instant. */
  readonly recordedFrom?: string;
}

/**
 * A ledger clock later than every `recordedAt` these arbitraries write (all up to 2100-12-31) and every one
 * of a synthetic history (years up to 2090), for ledgers that replay generated histories: an input ahead
 * of the ledger's clock is refused (docs/spec.md §8.2).
 */
export const AFTER_EVERY_HISTORY = (): Date => new Date('2101-01-01T00:00:00.000Z');

/** A district's history as JSON inputs, in order. */
export interface ValidHistory {
  readonly district: DistrictCode;
  readonly events: readonly EventInputJson[];
}

/**
 * A history of one district that the ledger, under the default policy (docs/spec.md §5), accepts in one batch
 * or split into consecutive batches anyhow (see {@link arbBatches}). Every event carries an `eventId`
 * and a `recordedAt` (written with assorted offsets; non-decreasing once normalised), so re-appending
 * any part of it is an idempotent no-op (docs/spec.md §2).
 *
 * The rules of docs/spec.md §4 hold: revocations, decertifications, lapses (on or after the grant date) and
 * retractions come only after what they need, and never need something already retracted; retractions
 * are recorded by the target's unit or by development-reform and never target a retraction or a retracted
 * event; allocation and project ids are unique, one grant per patent number, one dispatch per
 * commissioner and year. Recognitions are sometimes renewed, platforms re-certified at another level and
 * commissioners dispatched again in later years, so projections see more than one event per subject.
 */
export const arbValidHistory = (options: ValidHistoryOptions = {}): fc.Arbitrary<ValidHistory> => {
  const dates = options.dates ?? { min: '2018-01-01', max: '2025-12-31' };
  const start = Date.parse(options.recordedFrom ?? '2019-01-01T00:00:00Z');
  const step = fc.record({
    event: fc
      .oneof(
        ...HISTORY_WEIGHTS.map(([type, weight]) => ({ weight, arbitrary: arbEventInputOf(type, { district: '110000', dates }) as fc.Arbitrary<EventInputJson> })),
      ),
    eventId: fc.uuid(),
    pick: fc.nat(),
    delayMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * DAY_MS }), fc.integer({ min: 1, max: 90 * DAY_MS })),
    writing: arbInstantWriting(),
    spareName: arbText(),
    spareDate: arbCivilDate(dates),
  });
  return fc
    .record({
      district: options.district !== undefined ? fc.constant(options.district as DistrictCode) : arbDistrictCode(),
      steps: fc.array(step, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 40 }),
    })
    .map(({ district, steps }) => ({ district, events: historyOfSteps(district, steps, start) }));
};

/** How often each type comes up in a history: subjects often, their endings and the plan's figures less. */
const HISTORY_WEIGHTS: readonly (readonly [EventType, number])[] = [
  ['EnterpriseRecognized', 5],
  ['EnterpriseRecognitionRevoked', 2],
  ['PlatformCertified', 4],
  ['PlatformDecertified', 2],
  ['FundsAllocated', 3],
  ['PatentGranted', 4],
  ['PatentLapsed', 2],
  ['StatisticReported', 3],
  ['ProjectApproved', 2],
  ['CommissionerDispatched', 2],
  ['TargetSet', 1],
  ['EventRetracted', 2],
];

interface HistoryStep {
  readonly event: EventInputJson;
  readonly eventId: string;
  readonly pick: number;
  readonly delayMs: number;
  readonly writing: InstantWriting;
  readonly spareName: string;
  readonly spareDate: CivilDate;
}

/** What the history so far holds, as far as the rules of docs/spec.md §4 care. */
interface HistoryModel {
  readonly eventIds: Set<string>;
  /** Events a retraction may target (not retractions, not yet retracted), with their unit. */
  readonly retractable: { eventId: string; unit: Unit }[];
  readonly retracted: Set<string>;
  readonly recognitions: { eventId: string; enterpriseId: string; designation: Designation }[];
  readonly certifications: { eventId: string; platformId: string }[];
  /** Normalised numbers of every grant ever made, retracted or not: a number is granted once. */
  readonly grantedNumbers: Set<string>;
  readonly grants: { eventId: string; patentNo: string; grantDate: CivilDate; lapsed: boolean }[];
  readonly allocationIds: Set<string>;
  readonly projectIds: Set<string>;
  readonly commissionerYears: Set<string>;
  readonly commissioners: string[];
}

const normalisedPatentNo = (text: string): string => {
  const r = parsePatentNumber(text);
  if (E.isLeft(r)) throw new Error(`arbitrary produced an invalid patent number ${text}: ${r.left}`);
  return r.right;
};

/** `id`, or a variant of it not in `used`, still within 200 characters. */
const freshId = (id: string, used: ReadonlySet<string>, salt: number): string => {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? id : [...`${salt}.${n}-${id}`].slice(0, 200).join('');
    if (!used.has(candidate)) return candidate;
  }
};

/** `id` (a lower-case UUID), or, when shrinking has made two steps' ids equal, another UUID not in `used`. */
const freshEventId = (id: string, used: ReadonlySet<string>): string => {
  let candidate = id;
  for (let n = 1; used.has(candidate); n++) candidate = `${id.slice(0, 24)}${n.toString(16).padStart(12, '0')}`;
  return candidate;
};

/** A patent number not yet granted: the same number, or the next serials after it. */
const freshPatentNo = (text: string, granted: ReadonlySet<string>): string => {
  let normal = normalisedPatentNo(text);
  while (granted.has(normal)) {
    const serial = (Number(normal.slice(5, 12)) + 1) % 10_000_000;
    normal = normalisedPatentNo(patentNumberText(Number(normal.slice(0, 4)), normal[4]!, serial, false));
  }
  return normal === normalisedPatentNo(text) ? text : normal;
};

const live = <T extends { eventId: string }>(items: readonly T[], model: HistoryModel): T[] => items.filter((i) => !model.retracted.has(i.eventId));
const later = (a: string, b: string): string => (a >= b ? a : b);
const earlier = (a: string, b: string): string => (a <= b ? a : b);

/**
 * Turns random steps into a valid history: each step gives exactly one event, its own when the stream
 * allows it, otherwise the event that would make it possible (a recognition instead of a revocation of
 * nothing, a grant instead of a lapse of nothing, a target instead of a retraction of nothing).
 */
const historyOfSteps = (district: DistrictCode, steps: readonly HistoryStep[], start: number): EventInputJson[] => {
  const model: HistoryModel = {
    eventIds: new Set(),
    retractable: [],
    retracted: new Set(),
    recognitions: [],
    certifications: [],
    grantedNumbers: new Set(),
    grants: [],
    allocationIds: new Set(),
    projectIds: new Set(),
    commissionerYears: new Set(),
    commissioners: [],
  };
  const events: EventInputJson[] = [];
  let at = start;
  steps.forEach((step, index) => {
    at += step.delayMs;
    const event = eventOfStep(step, model, index);
    const eventId = freshEventId(step.eventId, model.eventIds);
    const recorded = { ...event, eventId, district, recordedAt: writtenInstant(at, step.writing) } as EventInputJson;
    model.eventIds.add(eventId);
    if (recorded.type !== 'EventRetracted') model.retractable.push({ eventId, unit: recorded.actor.unit as Unit });
    rememberEvent(recorded, model);
    events.push(recorded);
  });
  return events;
};

/** The event a step contributes, adjusted to what the history holds so far. */
const eventOfStep = (step: HistoryStep, model: HistoryModel, index: number): EventInputJson => {
  const e = step.event;
  const pickFrom = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[step.pick % items.length]);
  const renew = step.pick % 4 === 0;
  switch (e.type) {
    case 'EnterpriseRecognized': {
      const earlierOne = renew ? pickFrom(live(model.recognitions, model)) : undefined;
      return earlierOne === undefined
        ? e
        : { ...e, data: { ...e.data, enterpriseId: earlierOne.enterpriseId, designation: earlierOne.designation } };
    }
    case 'EnterpriseRecognitionRevoked': {
      const target = pickFrom(live(model.recognitions, model));
      if (target !== undefined) return { ...e, data: { ...e.data, enterpriseId: target.enterpriseId, designation: target.designation } };
      return {
        ...e,
        type: 'EnterpriseRecognized',
        data: { enterpriseId: e.data.enterpriseId, name: step.spareName, designation: e.data.designation },
      };
    }
    case 'PlatformCertified': {
      const earlierOne = renew ? pickFrom(live(model.certifications, model)) : undefined;
      return earlierOne === undefined ? e : { ...e, data: { ...e.data, platformId: earlierOne.platformId } };
    }
    case 'PlatformDecertified': {
      const target = pickFrom(live(model.certifications, model));
      if (target !== undefined) return { ...e, data: { ...e.data, platformId: target.platformId } };
      const kinds = Object.keys(PLATFORM_KINDS) as PlatformKind[];
      return {
        ...e,
        type: 'PlatformCertified',
        data: { platformId: e.data.platformId, name: step.spareName, kind: kinds[step.pick % kinds.length]!, level: LEVELS[step.pick % LEVELS.length]! },
      };
    }
    case 'FundsAllocated':
      return { ...e, data: { ...e.data, allocationId: freshId(e.data.allocationId, model.allocationIds, index) } };
    case 'PatentGranted':
      return { ...e, data: { ...e.data, patentNo: freshPatentNo(e.data.patentNo, model.grantedNumbers) } };
    case 'PatentLapsed': {
      const target = pickFrom(live(model.grants, model).filter((g) => !g.lapsed));
      if (target !== undefined) {
        // The lapse is on or after the grant date (docs/spec.md §4).
        return { ...e, effectiveDate: later(e.effectiveDate, target.grantDate), data: { ...e.data, patentNo: target.patentNo } };
      }
      const patentNo = freshPatentNo(e.data.patentNo, model.grantedNumbers);
      const kind = (['invention', 'utility-model', 'design'] as const).find((k) => KIND_DIGITS[k].includes(normalisedPatentNo(patentNo)[4]!))!;
      return { ...e, type: 'PatentGranted', data: { patentNo, kind, filingDate: earlier(step.spareDate, e.effectiveDate) } };
    }
    case 'ProjectApproved':
      return { ...e, data: { ...e.data, projectId: freshId(e.data.projectId, model.projectIds, index) } };
    case 'CommissionerDispatched': {
      const again = step.pick % 3 === 0 ? pickFrom(model.commissioners) : undefined;
      const year = e.effectiveDate.slice(0, 4);
      const keys = new Set([...model.commissionerYears].filter((k) => k.endsWith(`|${year}`)).map((k) => k.slice(0, -5)));
      return { ...e, data: { ...e.data, commissionerId: freshId(again ?? e.data.commissionerId, keys, index) } };
    }
    case 'EventRetracted': {
      const target = pickFrom(model.retractable.filter((r) => !model.retracted.has(r.eventId)));
      if (target !== undefined) {
        // docs/spec.md §5: the unit that recorded the target, or development-reform.
        const unit = step.pick % 2 === 0 ? target.unit : 'development-reform';
        return { ...e, actor: { ...e.actor, unit }, data: { ...e.data, eventId: target.eventId } };
      }
      return {
        ...e,
        type: 'TargetSet',
        actor: { ...e.actor, unit: 'development-reform' },
        data: { indicator: INDICATOR_IDS[step.pick % INDICATOR_IDS.length]!, year: Number(e.effectiveDate.slice(0, 4)), comparator: 'gte', value: step.pick % 1000 },
      };
    }
    default:
      return e;
  }
};

/** Adds what an accepted event makes possible or uses up. */
const rememberEvent = (e: EventInputJson, model: HistoryModel): void => {
  const eventId = e.eventId!;
  switch (e.type) {
    case 'EnterpriseRecognized':
      model.recognitions.push({ eventId, enterpriseId: e.data.enterpriseId, designation: e.data.designation as Designation });
      break;
    case 'PlatformCertified':
      model.certifications.push({ eventId, platformId: e.data.platformId });
      break;
    case 'FundsAllocated':
      model.allocationIds.add(e.data.allocationId);
      break;
    case 'PatentGranted': {
      const patentNo = normalisedPatentNo(e.data.patentNo);
      model.grantedNumbers.add(patentNo);
      model.grants.push({ eventId, patentNo, grantDate: e.effectiveDate as CivilDate, lapsed: false });
      break;
    }
    case 'PatentLapsed': {
      const patentNo = normalisedPatentNo(e.data.patentNo);
      for (const g of model.grants) if (g.patentNo === patentNo) g.lapsed = true;
      break;
    }
    case 'ProjectApproved':
      model.projectIds.add(e.data.projectId);
      break;
    case 'CommissionerDispatched':
      model.commissionerYears.add(`${e.data.commissionerId}|${e.effectiveDate.slice(0, 4)}`);
      if (!model.commissioners.includes(e.data.commissionerId)) model.commissioners.push(e.data.commissionerId);
      break;
    case 'EventRetracted':
      model.retracted.add(e.data.eventId.toLowerCase());
      break;
    default:
      break;
  }
};

/**
 * `items` cut into consecutive non-empty batches in every possible way (one batch, one per item, and
 * everything between); no batches for no items. Appending the batches of a valid history one after
 * another must give the same stream as appending it whole.
 */
export const arbBatches = <T>(items: readonly T[]): fc.Arbitrary<T[][]> =>
  fc.array(fc.boolean(), { minLength: Math.max(0, items.length - 1), maxLength: Math.max(0, items.length - 1) }).map((cuts) => {
    const batches: T[][] = [];
    let current: T[] = [];
    items.forEach((item, i) => {
      current.push(item);
      if (i === items.length - 1 || cuts[i] === true) {
        batches.push(current);
        current = [];
      }
    });
    return batches;
  });
