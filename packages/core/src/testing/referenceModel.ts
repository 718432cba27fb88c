import { addYears, subDays } from 'date-fns';
import type { StoredRecord } from '../record/record.js';

/**
 * A reference model of the indicators (docs/spec.md §1, §4 "Live", §6, §7), written from docs/spec.md alone as the
 * most direct transcription its words allow, for tests to hold the real projections against.
 *
 * Nothing here is fast, and nothing is shared with the projections: it keeps the whole list of stored
 * records, filters it for every question, and applies each formula of §6 literally over arrays. Where
 * the projections are clever, this is plain, so that a disagreement points at one of them.
 *
 * Cost: every query is O(n²) in the number of records at worst. Use it on test-sized histories only.
 */

/** Indicator ids of docs/spec.md §6, in the order of its table. */
export const REFERENCE_INDICATOR_IDS = [
  'high-tech-enterprises',
  'tech-smes',
  'rd-platforms',
  'incubators-maker-spaces',
  'new-maker-spaces',
  'agricultural-science-parks',
  'st-funds-allocated',
  'st-projects',
  'st-commissioners',
  'invention-patents-per-10k',
  'fiscal-st-share',
  'rd-intensity-above-scale',
  'rd-institution-share',
  'high-tech-value-added-growth',
  'agricultural-industrialization-rate',
] as const;

/** An indicator id of docs/spec.md §6. */
export type ReferenceIndicatorId = (typeof REFERENCE_INDICATOR_IDS)[number];

/** The unit column of docs/spec.md §6, copied from the table. */
export const REFERENCE_UNITS: Readonly<Record<ReferenceIndicatorId, 'count' | 'yuan' | 'per-10k-persons' | 'percent'>> = {
  'high-tech-enterprises': 'count',
  'tech-smes': 'count',
  'rd-platforms': 'count',
  'incubators-maker-spaces': 'count',
  'new-maker-spaces': 'count',
  'agricultural-science-parks': 'count',
  'st-funds-allocated': 'yuan',
  'st-projects': 'count',
  'st-commissioners': 'count',
  'invention-patents-per-10k': 'per-10k-persons',
  'fiscal-st-share': 'percent',
  'rd-intensity-above-scale': 'percent',
  'rd-institution-share': 'percent',
  'high-tech-value-added-growth': 'percent',
  'agricultural-industrialization-rate': 'percent',
};

/** docs/spec.md §4: the R&D platform kinds. */
const RD_KINDS: readonly string[] = [
  'key-laboratory',
  'technology-innovation-center',
  'engineering-research-center',
  'enterprise-technology-center',
  'new-rd-institution',
  'industrial-technology-institute',
];
/** docs/spec.md §4: the incubation platform kinds. */
const INCUBATION_KINDS: readonly string[] = ['incubator', 'maker-space', 'star-innovation-space'];
/** docs/spec.md §4: "市级以上" = municipal or higher. */
const MUNICIPAL_OR_HIGHER: readonly string[] = ['municipal', 'provincial', 'national'];

/** One indicator of a reference snapshot (docs/spec.md §7). */
export interface ReferenceIndicator {
  readonly value: number | null;
  readonly unit: string;
  readonly target: { readonly comparator: 'gte' | 'lte'; readonly value: number } | null;
  readonly status: 'met' | 'not-met' | 'no-data' | 'no-target';
  readonly missing: readonly string[];
}

/** A reference snapshot (docs/spec.md §7). */
export interface ReferenceSnapshot {
  readonly district: string;
  readonly date: string;
  readonly asOf: string | null;
  readonly position: number;
  readonly indicators: Readonly<Record<ReferenceIndicatorId, ReferenceIndicator>>;
}

/** What made one entity count (for `explain`): its key and the ids of the live events behind it. */
export interface ReferenceContribution {
  readonly entity: string;
  readonly eventIds: readonly string[];
}

// ------------------------------------------------------------------------------------------------
// Time (docs/spec.md §1, §4)
// ------------------------------------------------------------------------------------------------

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const toDate = (civil: string): Date => new Date(Number(civil.slice(0, 4)), Number(civil.slice(5, 7)) - 1, Number(civil.slice(8, 10)));
const toCivil = (d: Date): string => `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;

/** addYears with date-fns semantics (Feb 29 → Feb 28), docs/spec.md §4. */
export const referenceAddYears = (civil: string, years: number): string => toCivil(addYears(toDate(civil), years));
/** The day before, docs/spec.md §4 "− 1 day". */
export const referenceDayBefore = (civil: string): string => toCivil(subDays(toDate(civil), 1));

/** An instant in the ledger's stored form (UTC, milliseconds, `Z`), docs/spec.md §1; `null` stays `null`. */
export const referenceNormaliseInstant = (text: string | null | undefined): string | null =>
  text === null || text === undefined ? null : new Date(Date.parse(text)).toISOString();

// ------------------------------------------------------------------------------------------------
// Live records (docs/spec.md §1, §4 "Live")
// ------------------------------------------------------------------------------------------------

/** "Known as of K" means recordedAt ≤ K (docs/spec.md §1); no asOf means everything recorded. */
const knownAsOf = (record: StoredRecord, asOf: string | null): boolean => asOf === null || record.recordedAt <= asOf;

/**
 * docs/spec.md §4 "Live": known as of asOf, and not retracted by an EventRetracted known as of the same asOf.
 * Retractions themselves are returned too (they are live events), but no formula below counts them.
 */
export const referenceLiveRecords = (records: readonly StoredRecord[], asOf: string | null): StoredRecord[] => {
  const known = records.filter((r) => knownAsOf(r, asOf));
  const retracted = known.filter((r) => r.type === 'EventRetracted').map((r) => (r.data as { eventId: string }).eventId);
  return known.filter((r) => !retracted.includes(r.eventId));
};

/** docs/spec.md §7: the last stream position known as of asOf, 0 for none. */
export const referencePositionKnownAt = (records: readonly StoredRecord[], asOf: string | null): number =>
  records.filter((r) => knownAsOf(r, asOf)).reduce((last, r) => Math.max(last, r.position), 0);

// ------------------------------------------------------------------------------------------------
// Per-family rules (docs/spec.md §4, §6)
// ------------------------------------------------------------------------------------------------

type Data = Record<string, unknown>;
const dataOf = (r: StoredRecord): Data => r.data as unknown as Data;
const ofType = (live: readonly StoredRecord[], type: string): StoredRecord[] => live.filter((r) => r.type === type);
const yearOf = (civil: string): number => Number(civil.slice(0, 4));
const firstOfYear = (civil: string): string => `${civil.slice(0, 4)}-01-01`;

/** docs/spec.md §4: validFrom defaults to effectiveDate. */
const validFromOf = (r: StoredRecord): string => (dataOf(r)['validFrom'] as string | undefined) ?? r.effectiveDate;

/** docs/spec.md §4: validUntil defaults to addYears(validFrom, 3) − 1 day (high-tech), Dec 31 of validFrom's year (tech-sme). */
const validUntilOf = (r: StoredRecord): string => {
  const given = dataOf(r)['validUntil'] as string | undefined;
  if (given !== undefined) return given;
  const from = validFromOf(r);
  return dataOf(r)['designation'] === 'high-tech' ? referenceDayBefore(referenceAddYears(from, 3)) : `${from.slice(0, 4)}-12-31`;
};

/** docs/spec.md §4: revokedFrom defaults to effectiveDate. */
const revokedFromOf = (v: StoredRecord): string => (dataOf(v)['revokedFrom'] as string | undefined) ?? v.effectiveDate;

/** docs/spec.md §6 high-tech-enterprises / tech-smes: the recognitions that hold at D, per enterprise. */
const enterprisesAt = (live: readonly StoredRecord[], designation: string, date: string): ReferenceContribution[] => {
  const revocations = ofType(live, 'EnterpriseRecognitionRevoked').filter((v) => dataOf(v)['designation'] === designation);
  const holding = ofType(live, 'EnterpriseRecognized').filter((r) => {
    if (dataOf(r)['designation'] !== designation) return false;
    if (!(validFromOf(r) <= date && date <= validUntilOf(r))) return false;
    const voiding = revocations.filter(
      (v) => dataOf(v)['enterpriseId'] === dataOf(r)['enterpriseId'] && validFromOf(r) <= v.effectiveDate && revokedFromOf(v) <= date,
    );
    return voiding.length === 0;
  });
  return groupByEntity(holding, (r) => dataOf(r)['enterpriseId'] as string);
};

const groupByEntity = (records: readonly StoredRecord[], keyOf: (r: StoredRecord) => string): ReferenceContribution[] => {
  const keys = [...new Set(records.map(keyOf))].sort();
  return keys.map((entity) => ({ entity, eventIds: records.filter((r) => keyOf(r) === entity).map((r) => r.eventId) }));
};

/** docs/spec.md §6: a platform's live certification events, ordered by (effectiveDate, position). */
const platformEvents = (live: readonly StoredRecord[], platformId: string): StoredRecord[] =>
  live
    .filter((r) => (r.type === 'PlatformCertified' || r.type === 'PlatformDecertified') && dataOf(r)['platformId'] === platformId)
    .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.position - b.position));

/**
 * docs/spec.md §6: a platform is active at D when, of its live certification events with effectiveDate ≤ D, the
 * last by (effectiveDate, position) is a certification; returns that certification, or undefined.
 */
const activeCertificationAt = (live: readonly StoredRecord[], platformId: string, date: string): StoredRecord | undefined => {
  const upToD = platformEvents(live, platformId).filter((r) => r.effectiveDate <= date);
  const last = upToD[upToD.length - 1];
  return last !== undefined && last.type === 'PlatformCertified' ? last : undefined;
};

const platformIds = (live: readonly StoredRecord[]): string[] =>
  [...new Set(live.filter((r) => r.type === 'PlatformCertified').map((r) => dataOf(r)['platformId'] as string))].sort();

/** docs/spec.md §6 rd-platforms / incubators-maker-spaces / agricultural-science-parks. */
const platformsActiveAt = (live: readonly StoredRecord[], date: string, counts: (kind: string, level: string) => boolean): ReferenceContribution[] =>
  platformIds(live).flatMap((id) => {
    const cert = activeCertificationAt(live, id, date);
    if (cert === undefined || !counts(dataOf(cert)['kind'] as string, dataOf(cert)['level'] as string)) return [];
    return [{ entity: id, eventIds: [cert.eventId] }];
  });

/** docs/spec.md §6 new-maker-spaces: earliest live certification (by effectiveDate, then position) is a maker-space in Y-01-01..D. */
const newMakerSpacesAt = (live: readonly StoredRecord[], date: string): ReferenceContribution[] =>
  platformIds(live).flatMap((id) => {
    const earliest = platformEvents(live, id).filter((r) => r.type === 'PlatformCertified')[0];
    if (earliest === undefined) return [];
    const inYear = firstOfYear(date) <= earliest.effectiveDate && earliest.effectiveDate <= date;
    return dataOf(earliest)['kind'] === 'maker-space' && inYear ? [{ entity: id, eventIds: [earliest.eventId] }] : [];
  });

const inYearToDate = (r: StoredRecord, date: string): boolean => firstOfYear(date) <= r.effectiveDate && r.effectiveDate <= date;

/** docs/spec.md §6 invention-patents-per-10k numerator: live invention grants in force at D. */
const inventionPatentsAt = (live: readonly StoredRecord[], date: string): ReferenceContribution[] => {
  const lapses = ofType(live, 'PatentLapsed');
  const inForce = ofType(live, 'PatentGranted').filter((g) => {
    if (dataOf(g)['kind'] !== 'invention') return false;
    if (!(g.effectiveDate <= date)) return false;
    if (!(date <= referenceDayBefore(referenceAddYears(dataOf(g)['filingDate'] as string, 20)))) return false;
    return lapses.filter((l) => dataOf(l)['patentNo'] === dataOf(g)['patentNo'] && l.effectiveDate <= date).length === 0;
  });
  return groupByEntity(inForce, (g) => dataOf(g)['patentNo'] as string);
};

/** docs/spec.md §6: statistic(Y) is the last live StatisticReported by position for it and Y; undefined when none. */
export const referenceStatistic = (live: readonly StoredRecord[], statistic: string, year: number): StoredRecord | undefined =>
  ofType(live, 'StatisticReported')
    .filter((r) => dataOf(r)['statistic'] === statistic && dataOf(r)['year'] === year)
    .sort((a, b) => a.position - b.position)
    .pop();

/** The inputs of each ratio indicator of docs/spec.md §6: numerator and denominator statistic with their year offsets. */
const RATIOS = {
  'fiscal-st-share': { numerator: ['fiscal-st-expenditure', 0], denominator: ['general-public-budget-expenditure', 0] },
  'rd-intensity-above-scale': { numerator: ['above-scale-industrial-rd-expenditure', 0], denominator: ['above-scale-industrial-main-revenue', 0] },
  'rd-institution-share': {
    numerator: ['above-scale-industrial-enterprises-with-rd-institution', 0],
    denominator: ['above-scale-industrial-enterprises', 0],
  },
  'high-tech-value-added-growth': { numerator: ['high-tech-industry-value-added', 0], denominator: ['high-tech-industry-value-added', -1] },
} as const;

// ------------------------------------------------------------------------------------------------
// Indicators (docs/spec.md §6)
// ------------------------------------------------------------------------------------------------

/** An indicator's value and missing inputs before targets, with what made it (docs/spec.md §6). */
export interface ReferenceFigure {
  readonly value: number | null;
  readonly missing: readonly string[];
  /** Counted entities (count indicators and the patent numerator), with their event ids. */
  readonly contributions: readonly ReferenceContribution[];
  /** The statistic reports used (ratio and statistic indicators). */
  readonly reports: readonly StoredRecord[];
}

const counted = (contributions: ReferenceContribution[]): ReferenceFigure => ({
  value: contributions.length,
  missing: [],
  contributions,
  reports: [],
});

/** The value of one indicator at D over already-live records (docs/spec.md §6), before targets. */
export const referenceFigure = (live: readonly StoredRecord[], indicator: ReferenceIndicatorId, date: string): ReferenceFigure => {
  const year = yearOf(date);
  switch (indicator) {
    case 'high-tech-enterprises':
      return counted(enterprisesAt(live, 'high-tech', date));
    case 'tech-smes':
      return counted(enterprisesAt(live, 'tech-sme', date));
    case 'rd-platforms':
      return counted(platformsActiveAt(live, date, (kind, level) => RD_KINDS.includes(kind) && MUNICIPAL_OR_HIGHER.includes(level)));
    case 'incubators-maker-spaces':
      return counted(platformsActiveAt(live, date, (kind, level) => INCUBATION_KINDS.includes(kind) && MUNICIPAL_OR_HIGHER.includes(level)));
    case 'new-maker-spaces':
      return counted(newMakerSpacesAt(live, date));
    case 'agricultural-science-parks':
      return counted(platformsActiveAt(live, date, (kind) => kind === 'agricultural-science-park'));
    case 'st-funds-allocated': {
      const funds = ofType(live, 'FundsAllocated').filter((r) => inYearToDate(r, date));
      // Σ amountFen / 100 (docs/spec.md §6) in exact integers, then the decimal yuan read as the nearest number.
      const fen = funds.reduce((sum, r) => sum + BigInt(dataOf(r)['amountFen'] as number), 0n);
      const yuan = Number(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
      return { value: yuan, missing: [], contributions: groupByEntity(funds, (r) => dataOf(r)['allocationId'] as string), reports: [] };
    }
    case 'st-projects':
      return counted(groupByEntity(ofType(live, 'ProjectApproved').filter((r) => inYearToDate(r, date)), (r) => dataOf(r)['projectId'] as string));
    case 'st-commissioners':
      return counted(
        groupByEntity(ofType(live, 'CommissionerDispatched').filter((r) => inYearToDate(r, date)), (r) => dataOf(r)['commissionerId'] as string),
      );
    case 'invention-patents-per-10k': {
      const patents = inventionPatentsAt(live, date);
      const population = referenceStatistic(live, 'resident-population', year);
      const reports = population === undefined ? [] : [population];
      if (population === undefined) return { value: null, missing: [`resident-population:${year}`], contributions: patents, reports };
      const persons = dataOf(population)['value'] as number;
      if (persons === 0) return { value: null, missing: [`resident-population:${year}=0`], contributions: patents, reports };
      return finiteOr(indicator, year, { value: patents.length / (persons / 10000), missing: [], contributions: patents, reports });
    }
    case 'agricultural-industrialization-rate': {
      const rate = referenceStatistic(live, 'agricultural-industrialization-rate', year);
      if (rate === undefined) return { value: null, missing: [`agricultural-industrialization-rate:${year}`], contributions: [], reports: [] };
      return { value: dataOf(rate)['value'] as number, missing: [], contributions: [], reports: [rate] };
    }
    default: {
      const ratio = RATIOS[indicator];
      const [numStat, numOffset] = ratio.numerator;
      const [denStat, denOffset] = ratio.denominator;
      const num = referenceStatistic(live, numStat, year + numOffset);
      const den = referenceStatistic(live, denStat, year + denOffset);
      const reports = [num, den].filter((r): r is StoredRecord => r !== undefined);
      const missing: string[] = [];
      if (num === undefined) missing.push(`${numStat}:${year + numOffset}`);
      if (den === undefined) missing.push(`${denStat}:${year + denOffset}`);
      else if (dataOf(den)['value'] === 0) missing.push(`${denStat}:${year + denOffset}=0`);
      if (num === undefined || den === undefined || missing.length > 0) return { value: null, missing, contributions: [], reports };
      const a = dataOf(num)['value'] as number;
      const b = dataOf(den)['value'] as number;
      const value = indicator === 'high-tech-value-added-growth' ? 100 * (a / b - 1) : (100 * a) / b;
      return finiteOr(indicator, year, { value, missing: [], contributions: [], reports });
    }
  }
};

/** docs/spec.md §8.5: a ratio that is not a finite number is null, missing `indicator:year=non-finite`. */
const finiteOr = (indicator: ReferenceIndicatorId, year: number, figure: ReferenceFigure): ReferenceFigure =>
  figure.value !== null && !Number.isFinite(figure.value) ? { ...figure, value: null, missing: [`${indicator}:${year}=non-finite`] } : figure;

/** docs/spec.md §6 Targets: the last live TargetSet (by position) for the indicator and year, or null. */
export const referenceTarget = (
  live: readonly StoredRecord[],
  indicator: ReferenceIndicatorId,
  year: number,
): { comparator: 'gte' | 'lte'; value: number } | null => {
  const last = ofType(live, 'TargetSet')
    .filter((r) => dataOf(r)['indicator'] === indicator && dataOf(r)['year'] === year)
    .sort((a, b) => a.position - b.position)
    .pop();
  return last === undefined ? null : { comparator: dataOf(last)['comparator'] as 'gte' | 'lte', value: dataOf(last)['value'] as number };
};

/** docs/spec.md §6 Status. */
export const referenceStatus = (
  value: number | null,
  target: { comparator: 'gte' | 'lte'; value: number } | null,
): ReferenceIndicator['status'] => {
  if (target === null) return 'no-target';
  if (value === null) return 'no-data';
  const met = target.comparator === 'gte' ? value >= target.value : value <= target.value;
  return met ? 'met' : 'not-met';
};

/** One indicator at D as known at asOf (docs/spec.md §6–7), over the whole stored list. */
export const referenceIndicator = (
  records: readonly StoredRecord[],
  indicator: ReferenceIndicatorId,
  date: string,
  asOf: string | null,
): ReferenceIndicator => {
  const live = referenceLiveRecords(records, asOf);
  const figure = referenceFigure(live, indicator, date);
  const target = referenceTarget(live, indicator, yearOf(date));
  return { value: figure.value, unit: REFERENCE_UNITS[indicator], target, status: referenceStatus(figure.value, target), missing: figure.missing };
};

/** A query of the reference model: a date or a year (→ its Dec 31), and an optional asOf in any ISO form. */
export interface ReferenceQuery {
  readonly date?: string;
  readonly year?: number;
  readonly asOf?: string | null;
}

/** The civil date a query values on (docs/spec.md §1: a yearly figure is the value on YYYY-12-31). */
export const referenceDateOf = (query: ReferenceQuery): string => query.date ?? `${pad(query.year ?? 0, 4)}-12-31`;

/** The snapshot of docs/spec.md §7 for one district's stored records, computed the slow, literal way. */
export const referenceSnapshot = (district: string, records: readonly StoredRecord[], query: ReferenceQuery): ReferenceSnapshot => {
  const date = referenceDateOf(query);
  const asOf = referenceNormaliseInstant(query.asOf);
  const indicators = Object.fromEntries(REFERENCE_INDICATOR_IDS.map((id) => [id, referenceIndicator(records, id, date, asOf)])) as Record<
    ReferenceIndicatorId,
    ReferenceIndicator
  >;
  return { district, date, asOf, position: referencePositionKnownAt(records, asOf), indicators };
};

/** One reference vintage: the yearly value over knowledge time `[fromRecordedAt, toRecordedAt)`. */
export interface ReferenceVintage {
  readonly fromRecordedAt: string;
  readonly toRecordedAt: string | null;
  readonly position: number;
  readonly value: number | null;
}

/**
 * Vintages of a yearly figure (docs/indicators.md "Vintages", after docs/spec.md §1): the value on Y-12-31 as known at each distinct
 * recordedAt of the stream, merged where the value did not change; periods closed-open, the last open.
 * `position` is the last position known at the period's start.
 */
export const referenceVintages = (records: readonly StoredRecord[], indicator: ReferenceIndicatorId, year: number): ReferenceVintage[] => {
  const instants = [...new Set(records.map((r) => r.recordedAt as string))].sort();
  const starts: { at: string; value: number | null }[] = [];
  for (const at of instants) {
    const value = referenceIndicator(records, indicator, `${pad(year, 4)}-12-31`, at).value;
    const previous = starts[starts.length - 1];
    if (previous === undefined || previous.value !== value) starts.push({ at, value });
  }
  return starts.map((s, i) => ({
    fromRecordedAt: s.at,
    toRecordedAt: starts[i + 1]?.at ?? null,
    position: referencePositionKnownAt(records, s.at),
    value: s.value,
  }));
};
