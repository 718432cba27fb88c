import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { EventInputJson } from '../events/envelope.js';
import { PLATFORM_KINDS, type PlatformKind } from '../events/vocabulary.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import { createLedger } from '../ledger/ledger.js';
import { AFTER_EVERY_HISTORY } from './arbitraries.js';
import { DAY_MS, FIXTURE_DISTRICT, civilDateAfter, civilDateOfDay as civilOfDay, creditCodeOf as uscc, dayNumberOf as dayNumber, patentNumberOf as patentNo } from './fixtures.js';
import type { Ledger } from '../ledger/ledger.js';
import type { StoredRecord } from '../record/record.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { MemoryEventStore } from '../store/memoryStore.js';
import type { EventStore, PositionRange } from '../store/port.js';
import { createIndicatorProjections } from '../projection/indicatorProjections.js';
import type { IndicatorProjections } from '../projection/indicatorProjections.js';

/**
 * Test support for the projection tests (explain, vintages, roll-up, replay): small-universe histories that collide often (three
 * enterprises, four platforms, a handful of patents), built through the real ledger so that every
 * history is one the stream rules of docs/spec.md §4 accept, and queries aimed at the dates where rules turn.
 * Not exported from the package.
 */

/** The district every generated history is for. */
export const DISTRICT: DistrictCode = FIXTURE_DISTRICT;

/**
 * A three-event plan: a target of 75 high-tech enterprises for 2020, 24,648,100 yuan allocated and one
 * project approved in 2020 — the figures an adversary moved by editing a projection checkpoint.
 */
export const SMALL_PLAN = [
  { type: 'TargetSet', district: DISTRICT, effectiveDate: '2019-06-01', recordedAt: '2019-06-01T02:00:00.000Z', actor: { unit: 'development-reform', user: 'zhang.san' }, data: { indicator: 'high-tech-enterprises', year: 2020, comparator: 'gte', value: 75 } },
  { type: 'FundsAllocated', district: DISTRICT, effectiveDate: '2020-03-01', recordedAt: '2020-03-02T02:00:00.000Z', actor: { unit: 'finance', user: 'li.na' }, data: { allocationId: 'CZ-1', amountFen: 2_464_810_000, purpose: 'st-project' } },
  { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2020-04-01', recordedAt: '2020-04-02T02:00:00.000Z', actor: { unit: 'development-reform', user: 'zhang.san' }, data: { projectId: 'XM-1', title: '项目', level: 'municipal' } },
] as const;

/** A FundsAllocated input of `amountFen` fen, dated 2020-05-01, recorded by finance, for roll-up and sum tests. */
export const fundsInput = (district: string, allocationId: string, amountFen: number, purpose = 'st-project') => ({
  type: 'FundsAllocated',
  district,
  effectiveDate: '2020-05-01',
  recordedAt: '2020-05-02T00:00:00Z',
  actor: { unit: 'finance', user: 'clerk' },
  data: { allocationId, amountFen, purpose },
});

/** `date` moved by `days` calendar days. */
export const shiftDays = civilDateAfter;

/** Dates where yearly and validity rules turn: year ends, leap days, the day after. */
const EDGE_DATES = [
  '2018-12-31',
  '2000-02-29',
  '2001-02-28',
  '2003-01-01',
  '2019-01-01',
  '2019-12-31',
  '2020-01-01',
  '2020-02-28',
  '2020-02-29',
  '2020-03-01',
  '2020-12-31',
  '2021-01-01',
  '2021-02-28',
  '2021-03-01',
  '2022-12-31',
  '2023-02-27',
  '2023-02-28',
  '2023-12-31',
];

/** A civil date in [from, to], edges over-represented. */
export const arbDate = (from = '2019-01-01', to = '2021-12-31'): fc.Arbitrary<string> => {
  const anyDay = fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(civilOfDay);
  const edges = EDGE_DATES.filter((d) => d >= from && d <= to);
  return edges.length === 0 ? anyDay : fc.oneof({ weight: 3, arbitrary: anyDay }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
};

/** Three enterprises (valid unified social credit codes). */
export const ENTERPRISES = [uscc('91130302MA0CABCD1'), uscc('91130302MA0CABCD2'), uscc('91130302MA0CABCD3')] as const;
/** Four platform ids. */
export const PLATFORMS = ['P-1', 'P-2', 'P-3', 'P-4'] as const;
/** Patents: three invention numbers (5th digit 1 or 8), one utility model, one design. */
export const PATENTS = [
  { patentNo: patentNo('200010000001'), kind: 'invention' },
  { patentNo: patentNo('200180000002'), kind: 'invention' },
  { patentNo: patentNo('201510000003'), kind: 'invention' },
  { patentNo: patentNo('201520000004'), kind: 'utility-model' },
  { patentNo: patentNo('201530000005'), kind: 'design' },
] as const;

// In the vocabulary's order (R&D kinds, incubation kinds, then the rest), so seeded samples stay as they were.
const PLATFORM_KIND_LIST = Object.keys(PLATFORM_KINDS) as PlatformKind[];
const LEVEL_LIST = ['district', 'municipal', 'provincial', 'national'] as const;
const STATISTIC_LIST = [
  'resident-population',
  'general-public-budget-expenditure',
  'fiscal-st-expenditure',
  'above-scale-industrial-rd-expenditure',
  'above-scale-industrial-main-revenue',
  'above-scale-industrial-enterprises',
  'above-scale-industrial-enterprises-with-rd-institution',
  'high-tech-industry-value-added',
  'agricultural-industrialization-rate',
] as const;

const dr = { unit: 'development-reform', user: 'test.clerk' } as const;
const actorFor: Record<string, { unit: string; user: string }> = {
  FundsAllocated: { unit: 'finance', user: 'test.clerk' },
  PatentGranted: { unit: 'market-regulation', user: 'test.clerk' },
  PatentLapsed: { unit: 'market-regulation', user: 'test.clerk' },
  StatisticReported: { unit: 'statistics', user: 'test.clerk' },
};

/**
 * One event to try: type, effective date and data; `advanceMs` moves the clock forward before it (0:
 * same instant as the event before). A retraction names its target by `pick` among the events that can
 * still be retracted when it is tried.
 */
export interface Draft {
  readonly advanceMs: number;
  readonly type: string;
  readonly effectiveDate: string;
  readonly data: Record<string, unknown>;
  readonly pick?: number;
}

const arbAdvance = fc.constantFrom(0, 0, 1, 3_600_000, DAY_MS, 30 * DAY_MS);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });
const withoutUndefined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const draft = (type: string, effectiveDate: fc.Arbitrary<string>, data: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Draft> =>
  fc.record({ advanceMs: arbAdvance, effectiveDate, data }).map((d) => ({ ...d, type, data: withoutUndefined(d.data) }));

/**
 * Statistic values: zeros and small integers (to collide), large integers, and fractions with up to six
 * decimals (as a yearbook prints them; a subnormal denominator would overflow a ratio to Infinity, which
 * no statistics bureau publishes and SPEC does not address).
 */
const arbStatisticValue = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 7, 10000),
  fc.integer({ min: 0, max: 2_000_000_000 }),
  fc.integer({ min: 0, max: 10_000_000_000_000 }).map((n) => n / 1_000_000),
);

/** Drafts of every event type of docs/spec.md §4, over the small universe above. */
export const arbDraft = (): fc.Arbitrary<Draft> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: draft(
        'EnterpriseRecognized',
        arbDate(),
        fc.record({
          enterpriseId: fc.constantFrom(...ENTERPRISES),
          name: fc.constant('某科技有限公司'),
          designation: fc.constantFrom('high-tech', 'tech-sme'),
          validFrom: maybe(arbDate()),
          validUntil: fc.option(arbDate(), { nil: undefined, freq: 4 }),
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: draft(
        'EnterpriseRecognitionRevoked',
        arbDate(),
        fc.record({
          enterpriseId: fc.constantFrom(...ENTERPRISES),
          designation: fc.constantFrom('high-tech', 'tech-sme'),
          reason: fc.constant('fraud'),
          revokedFrom: maybe(arbDate('2018-06-01')),
        }),
      ),
    },
    {
      weight: 4,
      arbitrary: draft(
        'PlatformCertified',
        arbDate(),
        fc.record({
          platformId: fc.constantFrom(...PLATFORMS),
          name: fc.constant('平台'),
          kind: fc.constantFrom(...PLATFORM_KIND_LIST),
          level: fc.constantFrom(...LEVEL_LIST),
        }),
      ),
    },
    { weight: 2, arbitrary: draft('PlatformDecertified', arbDate(), fc.record({ platformId: fc.constantFrom(...PLATFORMS), reason: fc.constant('review') })) },
    {
      weight: 2,
      arbitrary: draft(
        'FundsAllocated',
        arbDate(),
        fc.record({
          allocationId: fc.constantFrom('A1', 'A2', 'A3', 'A4', 'A5', 'A6'),
          amountFen: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 5_000_000_000 })),
          purpose: fc.constantFrom('st-project', 'talent', 'award'),
        }),
      ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          draft(
            'PatentGranted',
            arbDate(),
            fc.record({ patent: fc.constantFrom(...PATENTS), filingDate: fc.oneof(arbDate('1998-01-01', '2004-12-31'), fc.constant('2000-02-29'), arbDate('2010-01-01', '2017-12-31')) }),
          ),
        )
        .map(([d]) => {
          const { patent, filingDate } = d.data as { patent: (typeof PATENTS)[number]; filingDate: string };
          return { ...d, data: { patentNo: patent.patentNo, kind: patent.kind, filingDate } };
        }),
    },
    {
      weight: 2,
      arbitrary: draft(
        'PatentLapsed',
        arbDate(),
        fc.record({ patentNo: fc.constantFrom(...PATENTS.map((p) => p.patentNo)), reason: fc.constantFrom('annuity-unpaid', 'invalidated', 'abandoned') }),
      ),
    },
    {
      weight: 9,
      arbitrary: draft(
        'StatisticReported',
        arbDate(),
        fc.record({
          statistic: fc.constantFrom(...STATISTIC_LIST),
          year: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2019, max: 2021 }) }, { weight: 1, arbitrary: fc.integer({ min: 2017, max: 2023 }) }),
          value: arbStatisticValue,
          status: fc.constantFrom('preliminary', 'final', 'revised'),
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: draft(
        'ProjectApproved',
        arbDate(),
        fc.record({ projectId: fc.constantFrom('J1', 'J2', 'J3', 'J4', 'J5', 'J6'), title: fc.constant('项目'), level: fc.constantFrom('municipal', 'provincial', 'national') }),
      ),
    },
    {
      weight: 2,
      arbitrary: draft('CommissionerDispatched', arbDate(), fc.record({ commissionerId: fc.constantFrom('C1', 'C2', 'C3'), name: fc.constant('特派员') })),
    },
    {
      weight: 2,
      arbitrary: draft(
        'TargetSet',
        arbDate(),
        fc.record({
          indicator: fc.constantFrom(...INDICATOR_IDS),
          year: fc.integer({ min: 2019, max: 2021 }),
          comparator: fc.constantFrom('gte', 'lte'),
          value: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: -10, max: 200, noNaN: true, noDefaultInfinity: true })),
        }),
      ),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ advanceMs: arbAdvance, effectiveDate: arbDate(), pick: fc.nat() })
        .map((d) => ({ ...d, type: 'EventRetracted', data: { reason: 'entered in error' } })),
    },
  );

/**
 * A statistical yearbook: most statistics of docs/spec.md §4 for 2018–2021 (so ratios and growth have both their
 * inputs), some left out, zeros now and then.
 */
export const arbYearbook = (): fc.Arbitrary<Draft[]> =>
  fc
    .array(fc.tuple(fc.boolean(), arbStatisticValue, arbDate(), fc.constantFrom('preliminary', 'final', 'revised')), {
      minLength: STATISTIC_LIST.length * 4,
      maxLength: STATISTIC_LIST.length * 4,
    })
    .map((cells) =>
      cells.flatMap(([omit, value, effectiveDate, status], i) => {
        if (omit && i % 3 === 0) return [];
        const statistic = STATISTIC_LIST[i % STATISTIC_LIST.length]!;
        const year = 2018 + Math.floor(i / STATISTIC_LIST.length);
        return [{ advanceMs: i % 5 === 0 ? DAY_MS : 0, type: 'StatisticReported', effectiveDate, data: { statistic, year, value, status } }];
      }),
    );

/** A list of drafts, half of the time after a yearbook. */
export const arbDrafts = (maxLength = 40): fc.Arbitrary<Draft[]> =>
  fc
    .tuple(fc.option(arbYearbook(), { nil: undefined }), fc.array(arbDraft(), { minLength: 0, maxLength, size: 'max' }), fc.nat())
    .map(([yearbook, drafts, at]) => {
      if (yearbook === undefined) return drafts;
      const cut = drafts.length === 0 ? 0 : at % drafts.length;
      return [...drafts.slice(0, cut), ...yearbook, ...drafts.slice(cut)];
    });

/** The event id of the n-th draft of a build: deterministic, so two builds of the same drafts are identical. */
export const eventIdOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Where a built history starts its clock. */
export const HISTORY_START_MS = Date.parse('2018-01-01T00:00:00.000Z');

/** A history the ledger accepted: its inputs (with eventId and recordedAt) and the records stored, one for one. */
export interface BuiltHistory {
  readonly inputs: readonly EventInputJson[];
  readonly records: readonly StoredRecord[];
}

/**
 * Tries each draft in turn against a scratch ledger and keeps those it accepts (so every kept input
 * passes docs/spec.md §4's stream rules given the ones before it, whatever the batching). With `previous`, the
 * new history continues it (and includes it); `firstId` and `startMs` move the ids and the clock.
 */
export const buildHistory = async (
  drafts: readonly Draft[],
  options: { readonly previous?: BuiltHistory; readonly startMs?: number; readonly firstId?: number; readonly district?: DistrictCode } = {},
): Promise<BuiltHistory> => {
  const district = options.district ?? DISTRICT;
  const store = createMemoryStore();
  // Built histories run years ahead of the wall clock's "now" at times: the ledger's clock is past them all.
  const ledger = createLedger({ store, clock: AFTER_EVERY_HISTORY });
  const previous = options.previous?.inputs ?? [];
  const inputs: EventInputJson[] = [...previous];
  const retractable: string[] = [];
  if (previous.length > 0) {
    const r = await ledger.append(district, previous);
    if (E.isLeft(r)) throw new Error(`previous history rejected: ${JSON.stringify(r.left)}`);
    for (const i of previous) {
      if (i.type === 'EventRetracted') retractable.splice(retractable.indexOf(i.data.eventId), 1);
      else retractable.push(i.eventId!);
    }
  }
  const lastPrevious = previous[previous.length - 1]?.recordedAt;
  let clock = options.startMs ?? (lastPrevious !== undefined ? Date.parse(lastPrevious) : HISTORY_START_MS);
  let n = options.firstId ?? previous.length + 1;
  for (const d of drafts) {
    clock += d.advanceMs;
    let data = d.data;
    if (d.type === 'EventRetracted') {
      if (retractable.length === 0) continue;
      data = { ...data, eventId: retractable[d.pick! % retractable.length] };
    }
    const input = {
      type: d.type,
      eventId: eventIdOf(n),
      district,
      effectiveDate: d.effectiveDate,
      recordedAt: new Date(clock).toISOString(),
      actor: actorFor[d.type] ?? dr,
      data,
    } as unknown as EventInputJson;
    const r = await ledger.append(district, [input]);
    if (E.isLeft(r)) continue;
    n++;
    inputs.push(input);
    if (input.type === 'EventRetracted') retractable.splice(retractable.indexOf(input.data.eventId), 1);
    else retractable.push(input.eventId!);
  }
  const records: StoredRecord[] = [];
  for await (const r of store.read(district)) records.push(r);
  return { inputs, records };
};

/** A memory store with a ledger and live projections over it. */
export interface Workspace {
  readonly store: MemoryEventStore;
  readonly ledger: Ledger;
  readonly projections: IndicatorProjections;
}

/** A fresh store, ledger and projections following the ledger. */
export const workspace = (): Workspace => {
  const store = createMemoryStore();
  const ledger = createLedger({ store });
  return { store, ledger, projections: createIndicatorProjections(store, { ledger }) };
};

/** Appends `inputs` in batches of the given sizes (the last batch takes the rest); throws on rejection. */
export const appendInBatches = async (ledger: Ledger, inputs: readonly object[], sizes: readonly number[] = []): Promise<void> => {
  const district = (inputs[0] as { district?: string } | undefined)?.district ?? DISTRICT;
  let at = 0;
  for (const size of sizes) {
    if (at >= inputs.length) break;
    const batch = inputs.slice(at, at + Math.max(1, size));
    at += batch.length;
    const r = await ledger.append(district, batch);
    if (E.isLeft(r)) throw new Error(`batch rejected: ${JSON.stringify(r.left)}`);
  }
  if (at < inputs.length) {
    const r = await ledger.append(district, inputs.slice(at));
    if (E.isLeft(r)) throw new Error(`batch rejected: ${JSON.stringify(r.left)}`);
  }
};

/** A store holding exactly `records` (renumbered from 1), bypassing the ledger: for read-side comparisons. */
export const storeOfRecords = async (records: readonly StoredRecord[]): Promise<MemoryEventStore> => {
  const store = createMemoryStore();
  const renumbered = records.map((r, i) => ({ ...r, position: i + 1 }) as StoredRecord);
  if (renumbered.length > 0) {
    const result = await store.append(DISTRICT, renumbered, 0);
    if (E.isLeft(result)) throw new Error(`store refused records: ${JSON.stringify(result.left)}`);
  }
  return store;
};

/** A query of a snapshot: a civil date and an optional asOf instant. */
export interface Query {
  readonly date: string;
  readonly asOf?: string;
}

/**
 * Queries aimed at a history: dates where its rules turn (each effective date, validity start and end,
 * patent term end, and the day after each) or any date, and asOf instants exactly at a record's
 * recordedAt, one millisecond before it, before everything, or absent.
 */
export const arbQueryFor = (history: BuiltHistory): fc.Arbitrary<Query> => {
  const dates = new Set<string>();
  for (const r of history.records) {
    const data = r.data as unknown as Record<string, unknown>;
    const candidates = [r.effectiveDate, data['validFrom'], data['validUntil'], data['revokedFrom']];
    if (typeof data['filingDate'] === 'string') {
      const f = data['filingDate'];
      const termEnd = `${Number(f.slice(0, 4)) + 20}${f.slice(4)}`;
      candidates.push(shiftDays(termEnd, -1));
    }
    for (const c of candidates) {
      if (typeof c !== 'string') continue;
      dates.add(c);
      dates.add(shiftDays(c, 1));
      dates.add(shiftDays(c, -1));
    }
  }
  const dateArb = dates.size > 0 ? fc.oneof(arbDate(), arbDate('2018-06-01', '2024-12-31'), fc.constantFrom(...[...dates].sort())) : arbDate();
  const instants = history.records.map((r) => r.recordedAt as string);
  const asOfArb: fc.Arbitrary<string | undefined> =
    instants.length > 0
      ? fc.oneof(
          fc.constant(undefined),
          fc.constantFrom(...instants),
          fc.constantFrom(...instants).map((i) => new Date(Date.parse(i) - 1).toISOString()),
          fc.constantFrom(...instants).map((i) => writtenInChina(i)),
          fc.constant('2017-12-31T23:59:59.999Z'),
          fc.constant(undefined),
        )
      : fc.oneof(fc.constant(undefined), fc.constant('2020-01-01T00:00:00Z'));
  return fc.record({ date: dateArb, asOf: asOfArb }).map((q) => (q.asOf === undefined ? { date: q.date } : q));
};

/** The same instant written with China's offset, as a clerk would (`…+08:00`). */
export const writtenInChina = (instant: string): string => {
  const wall = new Date(Date.parse(instant) + 8 * 3_600_000).toISOString();
  return `${wall.slice(0, 23)}+08:00`;
};

/** `count` queries aimed at `history`, drawn reproducibly from `seed` (itself a generated value). */
export const queriesFor = (history: BuiltHistory, seed: number, count: number): Query[] => fc.sample(arbQueryFor(history), { seed, numRuns: count });

/** Reads every record of a district (default {@link DISTRICT}). */
export const recordsOf = async (store: EventStore, district: DistrictCode = DISTRICT): Promise<StoredRecord[]> => {
  const out: StoredRecord[] = [];
  for await (const r of store.read(district)) out.push(r);
  return out;
};

/** A store that counts reads, to show what a query did and did not rescan. */
export interface CountingStore extends EventStore {
  readonly reads: PositionRange[];
}

/** Wraps a store, recording the range of every `readPages` / `read` call. */
export const countingStore = (inner: MemoryEventStore): CountingStore => {
  const reads: PositionRange[] = [];
  return {
    reads,
    append: (s, r, e) => inner.append(s, r, e),
    readPages: (s, range) => {
      reads.push(range ?? {});
      return inner.readPages(s, range);
    },
    read: (s, range) => {
      reads.push(range ?? {});
      return inner.read(s, range);
    },
    head: (s) => inner.head(s),
    streams: () => inner.streams(),
    checkpoints: inner.checkpoints,
    close: () => inner.close(),
  };
};
