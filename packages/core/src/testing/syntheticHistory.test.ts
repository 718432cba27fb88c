import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PERMISSIONS,
  EVENT_TYPES,
  INDICATORS,
  INDICATOR_IDS,
  STATISTICS,
  UNITS,
  UNIT_IDS,
  canonicalJson,
  civilDateInChina,
  createIndicatorProjections,
  createLedger,
  createMemoryStore,
  decodeNdjson,
  defaultPolicy,
  parseInstant,
} from '../index.js';
import type { EventInput, EventInputJson, EventType, IndicatorId, Statistic, Unit } from '../index.js';
import {
  PLAN_EFFECTIVE_DATE,
  PLAN_RECORDED_AT,
  PLAN_TARGETS,
  PLAN_TARGETS_NAMESPACE,
  PLAN_TITLE,
  eventsToNdjson,
  generateSyntheticHistory,
  planTargetEvents,
  syntheticHistoryEvents,
  uuidV5,
} from './syntheticHistory.js';
import type { SyntheticHistoryOptions } from './syntheticHistory.js';
import { AFTER_EVERY_HISTORY } from './arbitraries.js';

const seedFile = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../../seeds/${name}`, import.meta.url)), 'utf8');

/** Appends in import-sized batches; returns the problems of the first refused batch, or none. */
const importAll = async (
  ledger: ReturnType<typeof createLedger>,
  district: string,
  events: readonly unknown[],
): Promise<{ problems: readonly unknown[]; appended: number; skipped: number }> => {
  let appended = 0;
  let skipped = 0;
  for (let i = 0; i < events.length; i += 2000) {
    const r = await ledger.append(district, events.slice(i, i + 2000));
    if (E.isLeft(r)) return { problems: r.left.kind === 'invalid' ? r.left.problems.slice(0, 5) : [r.left], appended, skipped };
    appended += r.right.appended.length;
    skipped += r.right.skipped.length;
  }
  return { problems: [], appended, skipped };
};

const countEvents = (options: SyntheticHistoryOptions): number => {
  let n = 0;
  for (const _ of syntheticHistoryEvents(options)) n++;
  return n;
};

const dayNumber = (civil: string): number => Date.parse(`${civil}T00:00:00Z`) / 86_400_000;

// The default history is big enough (~11k events) to compute once.
const history = generateSyntheticHistory();

const fileEvents = (name: string): unknown[] =>
  seedFile(name)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);

/** One ledger holding both committed files, plan first (docs/spec.md §2 import order), imported once for the tests that read it. */
let importedSeeds: Promise<{ store: ReturnType<typeof createMemoryStore>; ledger: ReturnType<typeof createLedger>; results: Awaited<ReturnType<typeof importAll>>[] }> | undefined;
const importSeeds = () =>
  (importedSeeds ??= (async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store });
    const results = [await importAll(ledger, '130302', fileEvents('plan-targets.ndjson')), await importAll(ledger, '130302', fileEvents('synthetic-130302.ndjson'))];
    return { store, ledger, results };
  })());

describe('plan targets (docs/spec.md §6 "The plan\'s targets")', () => {
  // docs/spec.md §6's table restated independently of PLAN_TARGETS: [indicator, 2020, 2025, every year 2019–2025].
  const SPEC_TABLE: readonly [IndicatorId, number | null, number | null, number | null][] = [
    ['high-tech-enterprises', 75, 180, null],
    ['tech-smes', 650, 1100, null],
    ['rd-platforms', 60, 80, null],
    ['rd-institution-share', 40, 90, null],
    ['incubators-maker-spaces', 10, 20, null],
    ['new-maker-spaces', 1, null, null],
    ['agricultural-science-parks', 7, 12, null],
    ['agricultural-industrialization-rate', 60, 75, null],
    ['fiscal-st-share', 1, 2, null],
    ['rd-intensity-above-scale', 0.75, 1.5, null],
    ['invention-patents-per-10k', null, 25, null],
    ['st-funds-allocated', null, null, 20_000_000],
    ['high-tech-value-added-growth', null, null, 10],
    ['st-projects', null, null, 30],
    ['st-commissioners', null, null, 30],
  ];
  const expected = SPEC_TABLE.flatMap(([indicator, at2020, at2025, every]) => [
    ...(every !== null ? [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((year) => [indicator, year, every] as const) : []),
    ...(at2020 !== null ? [[indicator, 2020, at2020] as const] : []),
    ...(at2025 !== null ? [[indicator, 2025, at2025] as const] : []),
  ]);
  const events = planTargetEvents();

  it('has one gte TargetSet per cell of the table, with the values of the table', () => {
    const cells = events.map((e) => [e.data.indicator, e.data.year, e.data.value] as const);
    expect(cells).toHaveLength(48);
    expect(new Set(cells.map((c) => `${c[0]}|${c[1]}|${c[2]}`))).toEqual(new Set(expected.map((c) => `${c[0]}|${c[1]}|${c[2]}`)));
    expect(events.every((e) => e.data.comparator === 'gte')).toBe(true);
  });

  it('is recorded once by the leading group office, from the plan document, effective on the adoption date', () => {
    for (const e of events) {
      expect(e).toMatchObject({
        type: 'TargetSet',
        district: '130302',
        effectiveDate: PLAN_EFFECTIVE_DATE,
        recordedAt: PLAN_RECORDED_AT,
        actor: { unit: 'development-reform', user: 'leading-group-office' },
      });
      expect(e.source?.startsWith(PLAN_TITLE)).toBe(true);
    }
    expect(planTargetEvents('110101').every((e) => e.district === '110101')).toBe(true);
  });

  it('quotes, for every value, a clause of the plan that states it', () => {
    for (const target of PLAN_TARGETS) {
      for (const { value } of target.values) {
        // The plan states money in 万元 (10,000 yuan); everything else as written.
        const written = target.indicator === 'st-funds-allocated' ? `${value / 10_000}万元` : String(value);
        expect(target.clause, `${target.indicator} ${value}`).toContain(written);
      }
    }
  });

  it('derives each id as a UUIDv5 of the canonical content, so ids are unique and re-derivable', () => {
    // RFC 4122's own example namespace and name, with the id Python's uuid.uuid5 gives.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(PLAN_TARGETS_NAMESPACE).toBe(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'urn:indicator-ledger:plan-targets'));
    for (const e of events) {
      const { eventId, ...content } = e;
      expect(eventId).toBe(uuidV5(PLAN_TARGETS_NAMESPACE, canonicalJson(content)));
      expect(eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it('imports, and importing it again appends nothing', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    expect(await importAll(ledger, '130302', events)).toEqual({ problems: [], appended: 48, skipped: 0 });
    expect(await importAll(ledger, '130302', events)).toEqual({ problems: [], appended: 0, skipped: 48 });
  });
});

describe('committed seed files', () => {
  it('plan-targets.ndjson is what planTargetEvents() gives now', () => {
    expect(seedFile('plan-targets.ndjson')).toBe(eventsToNdjson(planTargetEvents()));
  });

  it('synthetic-130302.ndjson is what the generator gives now with default options', () => {
    const committed = seedFile('synthetic-130302.ndjson');
    // Compared line by line first, so a drift names its first differing line instead of a 4 MB diff.
    const lines = committed.split('\n');
    const generated = history.map((e) => JSON.stringify(e));
    const firstDifference = generated.findIndex((line, i) => line !== lines[i]);
    expect(firstDifference).toBe(-1);
    expect(committed).toBe(eventsToNdjson(history));
  });

  it('both files decode and import into one ledger, plan first; importing them again changes nothing', async () => {
    for (const name of ['plan-targets.ndjson', 'synthetic-130302.ndjson']) expect(E.isRight(decodeNdjson(seedFile(name))), name).toBe(true);
    const { ledger, results } = await importSeeds();
    expect(results).toEqual([
      { problems: [], appended: 48, skipped: 0 },
      { problems: [], appended: history.length, skipped: 0 },
    ]);
    const head = await ledger.head('130302' as never);
    expect(head.position).toBe(48 + history.length);
    for (const name of ['plan-targets.ndjson', 'synthetic-130302.ndjson']) {
      expect(await importAll(ledger, '130302', fileEvents(name)), name).toMatchObject({ problems: [], appended: 0 });
    }
    expect(await ledger.head('130302' as never)).toEqual(head);
  });

  describe('units.json', () => {
    const units = JSON.parse(seedFile('units.json')) as {
      units: { id: Unit; zh: string; eventTypes: EventType[]; statistics: Statistic[]; retracts: 'own' | 'any' }[];
      indicators: { id: IndicatorId; zh: string; en: string; unit: string }[];
    };
    // Asks the default policy itself (docs/spec.md §5), so special cases (fiscal statistics, retractions) are covered too.
    const allows = (unit: Unit, type: EventType, data: Record<string, unknown> = {}, recordedBy?: Unit): boolean =>
      defaultPolicy({ type, actor: { unit, user: 'u' }, data } as unknown as EventInput, { recordedUnitOf: () => recordedBy }) === undefined;

    it('lists every unit of docs/spec.md §5 once, in order, with its Chinese name', () => {
      expect(units.units.map((u) => [u.id, u.zh])).toEqual(UNIT_IDS.map((id) => [id, UNITS[id]]));
    });

    it("gives each unit exactly the event types and statistics the default policy allows it", () => {
      for (const u of units.units) {
        const types = EVENT_TYPES.filter((type) =>
          type === 'EventRetracted' ? false : type === 'StatisticReported' ? Object.keys(STATISTICS).some((statistic) => allows(u.id, type, { statistic })) : allows(u.id, type),
        );
        expect(new Set(u.eventTypes), u.id).toEqual(new Set(types));
        expect(new Set(u.statistics), u.id).toEqual(new Set(Object.keys(STATISTICS).filter((statistic) => allows(u.id, 'StatisticReported', { statistic }))));
        const other: Unit = u.id === 'statistics' ? 'finance' : 'statistics';
        expect(u.retracts, u.id).toBe(allows(u.id, 'EventRetracted', { eventId: 'x' }, other) ? 'any' : 'own');
        expect(allows(u.id, 'EventRetracted', { eventId: 'x' }, u.id), `${u.id} retracts its own`).toBe(true);
      }
    });

    it('agrees with the DEFAULT_PERMISSIONS table, the fiscal statistics being the one addition', () => {
      for (const u of units.units) {
        const table = (Object.keys(DEFAULT_PERMISSIONS) as (keyof typeof DEFAULT_PERMISSIONS)[]).filter((type) => DEFAULT_PERMISSIONS[type].includes(u.id));
        const extra = u.eventTypes.filter((type) => !(table as EventType[]).includes(type));
        expect(table.every((type) => u.eventTypes.includes(type)), u.id).toBe(true);
        expect(extra, u.id).toEqual(u.id === 'finance' ? ['StatisticReported'] : []);
      }
    });

    it('lists every indicator of docs/spec.md §6 with the names and unit of the catalog', () => {
      expect(units.indicators).toEqual(INDICATOR_IDS.map((id) => ({ id, zh: INDICATORS[id].zh, en: INDICATORS[id].en, unit: INDICATORS[id].unit })));
    });
  });
});

describe('synthetic history', () => {
  it('is deterministic: the same options give the same events', () => {
    expect(generateSyntheticHistory()).toEqual(history);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.double({ min: 0.02, max: 0.2, noNaN: true }), (seed, scale) => {
        expect(generateSyntheticHistory({ seed, scale })).toEqual(generateSyntheticHistory({ seed, scale }));
      }),
      { numRuns: 5 },
    );
  });

  it('differs with the seed and with the district', () => {
    const other = generateSyntheticHistory({ seed: 20190102 });
    expect(other).not.toEqual(history);
    expect(new Set(other.map((e) => e.eventId)).has(history[0]!.eventId)).toBe(false);
    const elsewhere = generateSyntheticHistory({ district: '110101', scale: 0.1 });
    expect(elsewhere.every((e) => e.district === '110101')).toBe(true);
    expect(elsewhere.map((e) => e.eventId)).not.toEqual(generateSyntheticHistory({ scale: 0.1 }).map((e) => e.eventId));
  });

  it('is accepted by the ledger whatever the seed, scale and years (no problems)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.double({ min: 0.02, max: 0.25, noNaN: true }),
        fc.integer({ min: 2012, max: 2024 }),
        fc.integer({ min: 0, max: 4 }),
        async (seed, scale, fromYear, span) => {
          const events = generateSyntheticHistory({ seed, scale, fromYear, toYear: fromYear + span, district: '370102' });
          // Histories up to 2028 are recorded into 2029: the ledger's clock must be past them (docs/spec.md §8.2).
          const ledger = createLedger({ store: createMemoryStore(), clock: AFTER_EVERY_HISTORY });
          const result = await importAll(ledger, '370102', events);
          expect(result.problems).toEqual([]);
          expect(result.appended).toBe(events.length);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('labels every event synthetic and has ids that are unique UUIDs', () => {
    expect(history.every((e) => e.source?.startsWith('SYNTHETIC '))).toBe(true);
    expect(history.every((e) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.eventId!))).toBe(true);
    expect(new Set(history.map((e) => e.eventId)).size).toBe(history.length);
  });

  it('contains every event type', () => {
    expect(new Set(history.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it('records in order, on working days 01:00–09:00Z, on or after the effective date, with a short lag after the opening import', () => {
    const openingDate = history[0]!.recordedAt!.slice(0, 10);
    expect(openingDate).toBe('2019-06-03'); // the first working day after the plan (2019-06-01), so it imports after plan-targets
    expect(history[0]!.recordedAt! > PLAN_RECORDED_AT).toBe(true);
    let previous = '';
    for (const e of history) {
      const at = e.recordedAt!;
      expect(parseInstant(at)).toEqual(E.right(at));
      expect(at >= previous, at).toBe(true);
      previous = at;
      const hour = Number(at.slice(11, 13));
      expect(hour >= 1 && hour < 9, at).toBe(true);
      const weekday = new Date(at).getUTCDay();
      expect(weekday >= 1 && weekday <= 5, at).toBe(true);
      const recordedOn = civilDateInChina(at as never);
      expect(recordedOn >= e.effectiveDate, `${e.type} ${e.effectiveDate} ${at}`).toBe(true);
      if (at.slice(0, 10) !== openingDate) expect(dayNumber(recordedOn) - dayNumber(e.effectiveDate), `${e.type} ${e.effectiveDate} ${at}`).toBeLessThanOrEqual(40);
    }
  });

  it('has actors the default policy allows, and retractions by the unit that recorded the retracted event', () => {
    const unitOf = new Map(history.map((e) => [e.eventId!, e.actor.unit as Unit]));
    const retractions = history.filter((e): e is EventInputJson<'EventRetracted'> => e.type === 'EventRetracted');
    expect(retractions.length).toBeGreaterThanOrEqual(3);
    for (const r of retractions) expect(r.actor.unit).toBe(unitOf.get(r.data.eventId));
    for (const e of history) {
      const denied = defaultPolicy(e as unknown as EventInput, { recordedUnitOf: (id) => unitOf.get(id) });
      expect(denied, e.eventId).toBeUndefined();
    }
  });

  it('revokes tech-SME registrations as void from January 1 of the year before the decision', () => {
    const revocations = history.filter((e): e is EventInputJson<'EnterpriseRecognitionRevoked'> => e.type === 'EnterpriseRecognitionRevoked');
    const techSme = revocations.filter((r) => r.data.designation === 'tech-sme');
    expect(techSme.length).toBeGreaterThan(0);
    for (const r of techSme) expect(r.data.revokedFrom).toBe(`${Number(r.effectiveDate.slice(0, 4)) - 1}-01-01`);
    expect(revocations.some((r) => r.data.designation === 'high-tech')).toBe(true);
  });

  it('reports statistics in vintages: preliminary, then final, and some revised later', () => {
    const reports = history.filter((e): e is EventInputJson<'StatisticReported'> => e.type === 'StatisticReported');
    const statuses = new Map<string, string[]>();
    for (const r of reports) {
      const key = `${r.data.statistic}|${r.data.year}`;
      statuses.set(key, [...(statuses.get(key) ?? []), r.data.status]);
    }
    for (let year = 2019; year <= 2025; year++) {
      for (const statistic of Object.keys(STATISTICS)) expect(statuses.get(`${statistic}|${year}`)?.slice(0, 2), `${statistic} ${year}`).toEqual(['preliminary', 'final']);
    }
    expect([...statuses.values()].filter((s) => s.includes('revised')).length).toBeGreaterThan(5);
    for (const r of reports) expect(r.effectiveDate > `${r.data.year}-12-31` || r.data.year === 2018).toBe(true);
  });

  it('moves near the plan, year by year (docs/spec.md §6 indicators of the imported seed files)', async () => {
    const { store, results } = await importSeeds();
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    const projections = createIndicatorProjections(store);
    const valueOf = async (year: number) => {
      const s = await projections.snapshot('130302', { year });
      if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
      return (id: IndicatorId) => s.right.indicators[id].value;
    };
    const first = await valueOf(2019);
    const last = await valueOf(2025);
    expect(first('high-tech-enterprises')).toBeGreaterThanOrEqual(40);
    expect(first('high-tech-enterprises')).toBeLessThanOrEqual(65);
    expect(last('high-tech-enterprises')).toBeGreaterThanOrEqual(160);
    expect(last('high-tech-enterprises')).toBeLessThanOrEqual(210);
    expect(first('tech-smes')).toBeGreaterThanOrEqual(430);
    expect(first('tech-smes')).toBeLessThanOrEqual(570);
    expect(last('tech-smes')).toBeGreaterThanOrEqual(1000);
    expect(last('tech-smes')).toBeLessThanOrEqual(1200);
    expect(first('rd-platforms')).toBeGreaterThanOrEqual(45);
    expect(last('rd-platforms')).toBeGreaterThanOrEqual(74);
    expect(last('rd-platforms')).toBeLessThanOrEqual(88);
    expect(first('incubators-maker-spaces')).toBeGreaterThanOrEqual(6);
    expect(last('incubators-maker-spaces')).toBeGreaterThanOrEqual(18);
    expect(first('agricultural-science-parks')).toBe(5);
    expect(last('agricultural-science-parks')).toBeGreaterThanOrEqual(11);
    expect(last('invention-patents-per-10k')).toBeGreaterThanOrEqual(22);
    expect(last('invention-patents-per-10k')).toBeLessThanOrEqual(28);
    for (let year = 2019; year <= 2025; year++) {
      const v = await valueOf(year);
      expect(v('st-funds-allocated'), `funds ${year}`).toBeGreaterThanOrEqual(19_500_000);
      expect(v('st-funds-allocated'), `funds ${year}`).toBeLessThanOrEqual(31_500_000);
      expect(v('st-projects'), `projects ${year}`).toBeGreaterThanOrEqual(30);
      expect(v('st-commissioners'), `commissioners ${year}`).toBeGreaterThanOrEqual(30);
      expect(v('new-maker-spaces'), `maker spaces ${year}`).toBeGreaterThanOrEqual(1);
      expect(v('fiscal-st-share'), `fiscal share ${year}`).toBeGreaterThanOrEqual(0.8);
      expect(v('fiscal-st-share'), `fiscal share ${year}`).toBeLessThanOrEqual(2.5);
      expect(v('rd-intensity-above-scale'), `R&D intensity ${year}`).toBeGreaterThanOrEqual(0.6);
      expect(v('rd-intensity-above-scale'), `R&D intensity ${year}`).toBeLessThanOrEqual(1.7);
      expect(v('high-tech-value-added-growth'), `growth ${year}`).toBeGreaterThanOrEqual(5);
      expect(v('high-tech-value-added-growth'), `growth ${year}`).toBeLessThanOrEqual(16);
      expect(v('agricultural-industrialization-rate'), `agriculture ${year}`).toBeGreaterThanOrEqual(55);
      expect(v('agricultural-industrialization-rate'), `agriculture ${year}`).toBeLessThanOrEqual(78);
      expect(v('rd-institution-share'), `R&D institutions ${year}`).toBeGreaterThanOrEqual(25);
    }
    const population = history.filter((e): e is EventInputJson<'StatisticReported'> => e.type === 'StatisticReported' && e.data.statistic === 'resident-population');
    for (const p of population) {
      expect(p.data.value).toBeGreaterThanOrEqual(500_000);
      expect(p.data.value).toBeLessThanOrEqual(600_000);
    }
    // A year-end count grows from year to year.
    expect(last('high-tech-enterprises')!).toBeGreaterThan(first('high-tech-enterprises')! * 2.5);
  });

  it('grows about linearly with scale', () => {
    const at1 = history.length;
    const at2 = countEvents({ scale: 2 });
    const atHalf = countEvents({ scale: 0.5 });
    expect(at2 / at1).toBeGreaterThan(1.85);
    expect(at2 / at1).toBeLessThan(2.15);
    expect(atHalf / at1).toBeGreaterThan(0.45);
    expect(atHalf / at1).toBeLessThan(0.55);
  });

  it('refuses options that cannot make a valid history', () => {
    expect(() => generateSyntheticHistory({ district: '990000' })).toThrow(RangeError);
    expect(() => generateSyntheticHistory({ scale: 0 })).toThrow(RangeError);
    expect(() => generateSyntheticHistory({ scale: Number.NaN })).toThrow(RangeError);
    expect(() => generateSyntheticHistory({ seed: 1.5 })).toThrow(RangeError);
    expect(() => generateSyntheticHistory({ fromYear: 2025, toYear: 2019 })).toThrow(RangeError);
    expect(() => generateSyntheticHistory({ fromYear: 1990 })).toThrow(RangeError);
  });
});
