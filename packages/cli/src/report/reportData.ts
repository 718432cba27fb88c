import { INDICATOR_IDS } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, IndicatorId, IndicatorProjections, IndicatorSnapshot, Instant, ProgressRow, Rollup, Vintage } from '@indicator-ledger/core';
import { createIndicatorProjections } from '@indicator-ledger/core';
import type { Problem } from '@indicator-ledger/core';
import { progressQuery, rollupQuery, snapshotQuery, vintagesQuery } from '../queries.js';

/** The vintages of one yearly figure. */
export interface YearVintages {
  readonly year: number;
  readonly vintages: readonly Vintage[];
}

/** Everything a report shows, read from the projections (nothing computed here). */
export interface ReportData {
  /** One district, or the districts of a roll-up report (docs/spec.md §8.5), in the order given. */
  readonly districts: readonly DistrictCode[];
  readonly from: number;
  readonly to: number;
  /** The knowledge instant the report is as of; null: everything recorded. */
  readonly asOf: Instant | null;
  /** Each district's stream position known at `asOf` (its head when everything recorded), in `districts` order. */
  readonly positions: readonly number[];
  /** The latest recordedAt known at `asOf` over the districts (null: nothing known). */
  readonly lastRecordedAt: Instant | null;
  /** Per year, each indicator's figure; a roll-up's have no target, so status `no-target` (docs/spec.md §8.5). */
  readonly years: readonly ProgressRow[];
  readonly vintages: { readonly [K in IndicatorId]: readonly YearVintages[] };
}

/** What a report is asked for: one district or several (a roll-up), a range of years, a knowledge instant. */
export interface ReportQuery {
  readonly districts: readonly string[];
  readonly from: number;
  readonly to: number;
  readonly asOf?: Instant;
}

type Read<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly problems: readonly Problem[] };

const asOfPart = (asOf: Instant | undefined): { asOf?: string } => (asOf !== undefined ? { asOf } : {});

/**
 * The vintages known at `asOf`: those begun by then, the last one still current at that instant (what was
 * known then could not see its end). Everything recorded: the vintages as they are.
 */
export const vintagesKnownAt = (vintages: readonly Vintage[], asOf: Instant | undefined): readonly Vintage[] => {
  if (asOf === undefined) return vintages;
  const at = Date.parse(asOf);
  const known = vintages.filter((v) => Date.parse(v.fromRecordedAt) <= at);
  const last = known[known.length - 1];
  if (last !== undefined && last.toRecordedAt !== null && Date.parse(last.toRecordedAt) > at) known[known.length - 1] = { ...last, toRecordedAt: null };
  return known;
};

/** A roll-up's figures in the shape of a progress row: no targets over several districts, so `no-target`. */
const rollupRow = (year: number, r: Rollup): ProgressRow => ({
  year,
  date: r.date,
  indicators: Object.fromEntries(
    INDICATOR_IDS.map((id): [IndicatorId, IndicatorSnapshot] => {
      const i = r.indicators[id];
      return [id, { value: i.value, unit: i.unit, target: null, status: 'no-target', missing: i.missing }];
    }),
  ) as ProgressRow['indicators'],
});

/** A stream's position known at `asOf` (the library's snapshot says it) and the recordedAt of that record. */
const knownHead = async (store: EventStore, projections: IndicatorProjections, district: string, year: number, asOf: Instant | undefined): Promise<Read<{ position: number; recordedAt: Instant | null }>> => {
  if (asOf === undefined) {
    const head = await store.head(district as DistrictCode);
    return { ok: true, data: { position: head.position, recordedAt: head.recordedAt } };
  }
  const s = await snapshotQuery(projections, district, { year, asOf });
  if (s._tag === 'Left') return { ok: false, problems: s.left };
  let recordedAt: Instant | null = null;
  if (s.right.position > 0) for await (const r of store.read(s.right.district, { from: s.right.position, to: s.right.position })) recordedAt = r.recordedAt;
  return { ok: true, data: { position: s.right.position, recordedAt } };
};

/**
 * The vintages of a roll-up's yearly figure: the library's `rollup` valued at each instant where a member
 * district's figure began a vintage (docs/spec.md §8.5), consecutive equal values merged. `rollups` caches
 * roll-ups by year and instant, since one roll-up holds every indicator.
 */
const rollupVintages = async (
  projections: IndicatorProjections,
  districts: readonly string[],
  members: readonly (readonly Vintage[])[],
  id: IndicatorId,
  year: number,
  rollups: Map<string, Rollup>,
): Promise<Read<Vintage[]>> => {
  const instants = [...new Set(members.flatMap((vs) => vs.map((v) => v.fromRecordedAt)))].sort((a, b) => Date.parse(a) - Date.parse(b));
  const periods: Vintage[] = [];
  for (const at of instants) {
    const key = `${year} ${at}`;
    let r = rollups.get(key);
    if (r === undefined) {
      const answer = await rollupQuery(projections, districts, { year, asOf: at });
      if (answer._tag === 'Left') return { ok: false, problems: answer.left };
      r = answer.right;
      rollups.set(key, r);
    }
    const i = r.indicators[id];
    const current = periods[periods.length - 1];
    if (current !== undefined && current.value === i.value) continue;
    // The position of a roll-up vintage: the sum of the members' positions known at its instant.
    const position = members.reduce((sum, vs) => sum + (vs.filter((v) => Date.parse(v.fromRecordedAt) <= Date.parse(at)).pop()?.position ?? 0), 0);
    if (current !== undefined) periods[periods.length - 1] = { ...current, toRecordedAt: at };
    periods.push({ fromRecordedAt: at, toRecordedAt: null, position, value: i.value, missing: i.missing });
  }
  return { ok: true, data: periods };
};

/**
 * Reads what a report shows, through the library's projections and the queries the reading commands use
 * (packages/cli/src/queries.ts): for one district its progress and the vintages of every yearly figure;
 * for several, the library's roll-up of each year (docs/spec.md §8.5) and the roll-up's vintages; all as
 * known at `asOf`. Cost: one fold per district, then (indicators × years) vintage queries per district,
 * and for a roll-up one roll-up per year and distinct vintage instant.
 */
export const readReportData = async (store: EventStore, q: ReportQuery, projections: IndicatorProjections = createIndicatorProjections(store)): Promise<Read<ReportData>> => {
  const asOf = q.asOf;
  const rollup = q.districts.length > 1;
  const years: ProgressRow[] = [];
  let districts: DistrictCode[] = [];
  if (rollup) {
    for (let year = q.from; year <= q.to; year++) {
      const r = await rollupQuery(projections, q.districts, { year, ...asOfPart(asOf) });
      if (r._tag === 'Left') return { ok: false, problems: r.left };
      years.push(rollupRow(year, r.right));
      // The library checked the codes: its list is the one reported.
      districts = [...r.right.districts];
    }
  } else {
    const progress = await progressQuery(projections, { district: q.districts[0] ?? '', from: q.from, to: q.to, ...asOfPart(asOf) });
    if (progress._tag === 'Left') return { ok: false, problems: progress.left };
    years.push(...progress.right.years);
    districts = [progress.right.district as DistrictCode];
  }
  const positions: number[] = [];
  let lastRecordedAt: Instant | null = null;
  for (const district of districts) {
    const head = await knownHead(store, projections, district, q.from, asOf);
    if (!head.ok) return head;
    positions.push(head.data.position);
    if (head.data.recordedAt !== null && (lastRecordedAt === null || Date.parse(head.data.recordedAt) > Date.parse(lastRecordedAt))) lastRecordedAt = head.data.recordedAt;
  }
  const vintages = {} as Record<IndicatorId, YearVintages[]>;
  const rollups = new Map<string, Rollup>();
  for (const id of INDICATOR_IDS) {
    vintages[id] = [];
    for (let year = q.from; year <= q.to; year++) {
      const members: (readonly Vintage[])[] = [];
      for (const district of districts) {
        const v = await vintagesQuery(projections, district, id, year);
        if (v._tag === 'Left') return { ok: false, problems: v.left };
        members.push(vintagesKnownAt(v.right.vintages, asOf));
      }
      if (!rollup) vintages[id].push({ year, vintages: members[0] ?? [] });
      else {
        const combined = await rollupVintages(projections, districts, members, id, year, rollups);
        if (!combined.ok) return combined;
        vintages[id].push({ year, vintages: combined.data });
      }
    }
  }
  return { ok: true, data: { districts, from: q.from, to: q.to, asOf: asOf ?? null, positions, lastRecordedAt, years, vintages } };
};
