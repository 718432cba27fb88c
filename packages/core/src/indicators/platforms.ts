import type { Level, PlatformKind } from '../events/vocabulary.js';
import { isIncubationKind, isMunicipalOrHigher, isRdKind } from '../events/vocabulary.js';
import type { DateKey } from './dateKey.js';
import { yearOfKey } from './dateKey.js';
import { countBefore } from './intervalBlocks.js';
import { isLive } from './knowledge.js';
import type { ContributionSink, Knowledge } from './knowledge.js';

/** One platform's certifications and decertifications, ordered by (effectiveDate, position). */
export interface PlatformHistory {
  readonly platformId: string;
  readonly date: DateKey[];
  readonly position: number[];
  /** The certification's kind and level; `null` for a decertification. */
  readonly certification: ({ readonly kind: PlatformKind; readonly level: Level } | null)[];
  /** {@link platformCategoryOf} of each event, decided once when it is folded rather than on every query. */
  readonly category: number[];
}

/** Category bits of a platform event (see {@link platformCategoryOf}). */
export const PLATFORM_CATEGORY = {
  /** A decertification. */
  decertification: -1,
  /** docs/spec.md §6 `rd-platforms`: an R&D kind at municipal level or higher. */
  rdCounted: 1,
  /** docs/spec.md §6 `incubators-maker-spaces`: an incubation kind at municipal level or higher. */
  incubationCounted: 2,
  /** docs/spec.md §6 `agricultural-science-parks`: any level. */
  agriculturalPark: 4,
  /** docs/spec.md §6 `new-maker-spaces` looks at the kind `maker-space`, whatever the level. */
  makerSpace: 8,
} as const;

/** Which docs/spec.md §6 platform rows a certification (or a decertification, `null`) counts towards, as bits. */
export const platformCategoryOf = (certification: { readonly kind: PlatformKind; readonly level: Level } | null): number => {
  if (certification === null) return PLATFORM_CATEGORY.decertification;
  const { kind, level } = certification;
  let category = 0;
  if (isRdKind(kind) && isMunicipalOrHigher(level)) category |= PLATFORM_CATEGORY.rdCounted;
  else if (isIncubationKind(kind) && isMunicipalOrHigher(level)) category |= PLATFORM_CATEGORY.incubationCounted;
  else if (kind === 'agricultural-science-park') category |= PLATFORM_CATEGORY.agriculturalPark;
  if (kind === 'maker-space') category |= PLATFORM_CATEGORY.makerSpace;
  return category;
};

/**
 * Every platform's history (docs/spec.md §6 rows 3–6): what the fold keeps and the checkpoint holds. Queries
 * read it through a derived index ({@link PlatformIndex}): O(blocks · log B) instead of every platform.
 */
export interface PlatformTable {
  readonly index: Map<string, number>;
  readonly histories: PlatformHistory[];
}

/**
 * A table with no platform. `blockSize` (points per block of the derived query index, default
 * {@link PLATFORM_BLOCK_SIZE}) other than the default is for tests, which want many small blocks; it stays
 * outside the table, so the checkpointed state is the same whatever it is.
 */
export const emptyPlatformTable = (blockSize?: number): PlatformTable => {
  const t: PlatformTable = { index: new Map(), histories: [] };
  if (blockSize !== undefined) blockSizes.set(t, blockSize);
  return t;
};

/** Adds a certification (`certification` given) or a decertification (`null`), keeping the order. */
export const addPlatformEvent = (
  t: PlatformTable,
  platformId: string,
  date: DateKey,
  position: number,
  certification: { readonly kind: PlatformKind; readonly level: Level } | null,
): void => {
  let i = t.index.get(platformId);
  if (i === undefined) {
    i = t.histories.length;
    t.index.set(platformId, i);
    t.histories.push({ platformId, date: [], position: [], certification: [], category: [] });
  }
  const h = t.histories[i]!;
  // Positions only grow, so the new event goes after every event of an earlier or equal date.
  let at = h.date.length;
  while (at > 0 && h.date[at - 1]! > date) at--;
  h.date.splice(at, 0, date);
  h.position.splice(at, 0, position);
  h.certification.splice(at, 0, certification);
  h.category.splice(at, 0, platformCategoryOf(certification));
  indexPlatformEvent(t, i, position);
};

/**
 * docs/spec.md §6: the platform is active at D when its last live event with effectiveDate ≤ D, by
 * (effectiveDate, position), is a certification; returns that event's index in the history, or −1.
 */
export const activeCertificationAt = (h: PlatformHistory, k: Knowledge, date: DateKey): number => {
  for (let i = h.date.length - 1; i >= 0; i--) {
    if (h.date[i]! > date || !isLive(k, h.position[i]!)) continue;
    return h.certification[i] !== null ? i : -1;
  }
  return -1;
};

/** docs/spec.md §6 `new-maker-spaces`: the index of the earliest live certification, or −1. */
export const earliestCertification = (h: PlatformHistory, k: Knowledge): number => {
  for (let i = 0; i < h.date.length; i++) {
    if (h.certification[i] !== null && isLive(k, h.position[i]!)) return i;
  }
  return -1;
};

/** The four platform counts of docs/spec.md §6 at one (date, knowledge). */
export interface PlatformCounts {
  readonly rdPlatforms: number;
  readonly incubatorsMakerSpaces: number;
  readonly newMakerSpaces: number;
  readonly agriculturalSciencePark: number;
}

/** Which platform indicator a contribution belongs to, for `explain`. */
export type PlatformIndicator = 'rd-platforms' | 'incubators-maker-spaces' | 'new-maker-spaces' | 'agricultural-science-parks';

/**
 * docs/spec.md §6 `rd-platforms`, `incubators-maker-spaces`, `new-maker-spaces`, `agricultural-science-parks`
 * together, from the signed points of the derived index ({@link PlatformIndex}): O(blocks · log B). With a
 * `sink`, or under a retraction column the index does not follow, every platform is walked.
 */
export const platformCountsAt = (
  t: PlatformTable,
  k: Knowledge,
  date: DateKey,
  sink?: (indicator: PlatformIndicator, platformId: string, position: number) => void,
): PlatformCounts => {
  const yearStart = yearOfKey(date) * 10000 + 101;
  const counts: MutableCounts = { rdPlatforms: 0, incubatorsMakerSpaces: 0, newMakerSpaces: 0, agriculturalSciencePark: 0 };
  // `sink` needs every counted platform by name, so with a sink every platform is walked.
  const x = sink === undefined ? indexFor(t, k) : undefined;
  if (x === undefined) {
    for (const h of t.histories) countPlatform(h, k, date, yearStart, counts, sink);
    return counts;
  }
  const { blockSize, blockDates, blockSums, blockFirstDate, blockLastDate, pointPosition, pointDate, pointSeries, pointWeight } = x;
  const inSeries = [0, 0, 0];
  let newMakers = 0;
  let point = 0;
  const afterDate = date + 1;
  for (let b = 0; b < blockDates.length; b++, point += blockSize) {
    // Only blocks wholly known at k (points are in position order, so the block's last point says).
    if (pointPosition[point + blockSize - 1]! > k.position) break;
    // Points are dated near when they were recorded, so most blocks lie wholly before or after D: those
    // need no search.
    if (blockFirstDate[b]! > date) continue;
    const dates = blockDates[b]!;
    const sums = blockSums[b]!;
    const whole = blockLastDate[b]! <= date;
    for (let s = 0; s < 3; s++) inSeries[s]! += whole ? sums[s]![sums[s]!.length - 1]! : sums[s]![countBefore(dates[s]!, afterDate)]!;
    const makers = dates[SERIES.maker]!;
    if (makers.length > 0) newMakers += sums[SERIES.maker]![countBefore(makers, afterDate)]! - sums[SERIES.maker]![countBefore(makers, yearStart)]!;
  }
  for (; point < pointPosition.length; point++) {
    if (pointPosition[point]! > k.position) break;
    const pointOn = pointDate[point]!;
    if (pointOn > date) continue;
    const s = pointSeries[point]!;
    if (s !== SERIES.maker) inSeries[s]! += pointWeight[point]!;
    else if (pointOn >= yearStart) newMakers += pointWeight[point]!;
  }
  counts.rdPlatforms = inSeries[SERIES.rd]!;
  counts.incubatorsMakerSpaces = inSeries[SERIES.incubation]!;
  counts.agriculturalSciencePark = inSeries[SERIES.park]!;
  counts.newMakerSpaces = newMakers;
  return counts;
};

type MutableCounts = { -readonly [K in keyof PlatformCounts]: PlatformCounts[K] };

/** One platform's part of the four counts, walked as docs/spec.md §6 reads (the linear answer). */
const countPlatform = (
  h: PlatformHistory,
  k: Knowledge,
  date: DateKey,
  yearStart: DateKey,
  counts: MutableCounts,
  sink?: (indicator: PlatformIndicator, platformId: string, position: number) => void,
): void => {
  const dates = h.date;
  // Events are in date order: a platform whose first event comes after D is neither active at D nor
  // newly certified by D, so it is passed over without walking it.
  if (dates.length === 0 || dates[0]! > date) return;
  const active = activeCertificationAt(h, k, date);
  if (active !== -1) {
    // Bits decided at fold time: no string comparisons per platform and query.
    const category = h.category[active]!;
    const position = h.position[active]!;
    if ((category & PLATFORM_CATEGORY.rdCounted) !== 0) {
      counts.rdPlatforms++;
      sink?.('rd-platforms', h.platformId, position);
    } else if ((category & PLATFORM_CATEGORY.incubationCounted) !== 0) {
      counts.incubatorsMakerSpaces++;
      sink?.('incubators-maker-spaces', h.platformId, position);
    } else if ((category & PLATFORM_CATEGORY.agriculturalPark) !== 0) {
      counts.agriculturalSciencePark++;
      sink?.('agricultural-science-parks', h.platformId, position);
    }
  }
  // The earliest certification is on or before the last event: if that is before January 1 of Y, it cannot be new in Y.
  if (dates[dates.length - 1]! < yearStart) return;
  const first = earliestCertification(h, k);
  if (first !== -1 && (h.category[first]! & PLATFORM_CATEGORY.makerSpace) !== 0 && h.date[first]! >= yearStart && h.date[first]! <= date) {
    counts.newMakerSpaces++;
    sink?.('new-maker-spaces', h.platformId, h.position[first]!);
  }
};

/**
 * The four counts walking every platform, ignoring the index: the linear answer the index must give
 * (for tests and measurements).
 */
export const platformCountsByWalk = (t: PlatformTable, k: Knowledge, date: DateKey): PlatformCounts => {
  const counts: MutableCounts = { rdPlatforms: 0, incubatorsMakerSpaces: 0, newMakerSpaces: 0, agriculturalSciencePark: 0 };
  const yearStart = yearOfKey(date) * 10000 + 101;
  for (const h of t.histories) countPlatform(h, k, date, yearStart, counts);
  return counts;
};

/** Adapts a plain sink to the platform counts' sink for one indicator. */
export const sinkFor =
  (indicator: PlatformIndicator, sink: ContributionSink) =>
  (which: PlatformIndicator, platformId: string, position: number): void => {
    if (which === indicator) sink(platformId, position);
  };

// ---- the derived index: signed step points in blocks -------------------------------------------------------

/**
 * Series of the {@link PlatformIndex} points: the three active counts and the new maker spaces.
 *
 * Fix a platform and a position c. Its live events at c (recorded at or before c, not retracted at or before
 * c) give a step function of the date: the active certification at D is the last live event dated ≤ D
 * (docs/spec.md §6). As a sum of signed points: +1 at (series, date of a certification that becomes active),
 * −1 at (series, date of the live event that supersedes it). Its earliest live certification, when a maker
 * space, is +1 at (maker, its date). Whenever the platform's live events change — an event recorded at c, or
 * one retracted at c — the index appends, at position c, the difference between the new points and the old.
 * So the platforms active at (D, P) in a series are the sum of the weights of points with position ≤ P and
 * date ≤ D, and the new maker spaces those with position ≤ P and January 1 of Y ≤ date ≤ D. An event
 * recorded in date order after the platform's others (the common case) appends two points; a back-dated one
 * or a retraction appends the few that its platform's step function changes by.
 */
const SERIES = { rd: 0, incubation: 1, park: 2, maker: 3 } as const;
const SERIES_COUNT = 4;
const NO_SERIES = -1;
/** Dates are YYYYMMDD, below 10^8: a (series, date) pair as one number. */
const SERIES_SPAN = 100_000_000;

/** Points per block of a {@link PlatformIndex}. */
export const PLATFORM_BLOCK_SIZE = 256;

/**
 * A query structure derived from a {@link PlatformTable} (never part of the checkpointed state: it is built
 * from the table and the stream's retractions on the first query, then kept up by the fold). Points are
 * appended in position order; a full block keeps each series' dates sorted with the running sum of their
 * weights, so a block wholly known at P counts a series with one binary search.
 */
interface PlatformIndex {
  /** The per-position retraction column the index was built against (`Knowledge.retractedAt`). */
  readonly retractedAt: readonly number[];
  readonly blockSize: number;
  readonly pointPosition: number[];
  readonly pointDate: DateKey[];
  readonly pointSeries: number[];
  readonly pointWeight: number[];
  /** Per full block, per series: its points' dates ascending, and the running sums of their weights (one longer). */
  readonly blockDates: DateKey[][][];
  readonly blockSums: number[][][];
  /** Per full block, the earliest and the latest date of its points. */
  readonly blockFirstDate: DateKey[];
  readonly blockLastDate: DateKey[];
  /** Per platform, its current points as (series · SERIES_SPAN + date) → weight. */
  readonly platformPoints: Map<number, number>[];
  /** Platform of each event's position, for retractions. */
  readonly platformOfPosition: Map<number, number>;
}

const indexes = new WeakMap<PlatformTable, PlatformIndex>();
/** Tables made with another block size than {@link PLATFORM_BLOCK_SIZE} (tests). */
const blockSizes = new WeakMap<PlatformTable, number>();
let builds = 0;

/** How many platform indexes were built in this process: for tests that check a query does not rebuild one. */
export const platformIndexBuilds = (): number => builds;

/** The series a certification of `category` bits is active in (the first that applies, as the counts read them). */
const activeSeriesOf = (category: number): number => {
  if (category === PLATFORM_CATEGORY.decertification) return NO_SERIES;
  if ((category & PLATFORM_CATEGORY.rdCounted) !== 0) return SERIES.rd;
  if ((category & PLATFORM_CATEGORY.incubationCounted) !== 0) return SERIES.incubation;
  if ((category & PLATFORM_CATEGORY.agriculturalPark) !== 0) return SERIES.park;
  return NO_SERIES;
};

/** The platform's points when its live events are those recorded by `c` and not retracted by it. */
const pointsAt = (h: PlatformHistory, retractedAt: readonly number[], c: number): Map<number, number> => {
  const points = new Map<number, number>();
  const add = (key: number, weight: number): void => {
    const w = (points.get(key) ?? 0) + weight;
    if (w === 0) points.delete(key);
    else points.set(key, w);
  };
  const live = (i: number): boolean => {
    const position = h.position[i]!;
    const r = retractedAt[position] ?? 0;
    return position <= c && (r === 0 || r > c);
  };
  let earliestSeen = false;
  for (let i = 0; i < h.date.length; i++) {
    if (!live(i)) continue;
    if (!earliestSeen && h.certification[i] !== null) {
      earliestSeen = true;
      if ((h.category[i]! & PLATFORM_CATEGORY.makerSpace) !== 0) add(SERIES.maker * SERIES_SPAN + h.date[i]!, 1);
    }
    const series = activeSeriesOf(h.category[i]!);
    if (series === NO_SERIES) continue;
    let next = i + 1;
    while (next < h.date.length && !live(next)) next++;
    // A later event of the same day supersedes it at once: no step.
    if (next < h.date.length && h.date[next] === h.date[i]) continue;
    add(series * SERIES_SPAN + h.date[i]!, 1);
    if (next < h.date.length) add(series * SERIES_SPAN + h.date[next]!, -1);
  }
  return points;
};

/** Appends at position `c` the difference between the platform's points now and those it had. */
const platformChanged = (x: PlatformIndex, t: PlatformTable, platform: number, c: number): void => {
  while (x.platformPoints.length < t.histories.length) x.platformPoints.push(new Map());
  const before = x.platformPoints[platform]!;
  const after = pointsAt(t.histories[platform]!, x.retractedAt, c);
  const difference = new Map(after);
  for (const [key, weight] of before) {
    const w = (difference.get(key) ?? 0) - weight;
    if (w === 0) difference.delete(key);
    else difference.set(key, w);
  }
  x.platformPoints[platform] = after;
  for (const [key, weight] of difference) {
    const point = x.pointPosition.length;
    x.pointPosition.push(c);
    x.pointDate.push(key % SERIES_SPAN);
    x.pointSeries.push(Math.floor(key / SERIES_SPAN));
    x.pointWeight.push(weight);
    if ((point + 1) % x.blockSize === 0) sealBlock(x, point + 1 - x.blockSize);
  }
};

const sealBlock = (x: PlatformIndex, from: number): void => {
  const dates: DateKey[][] = [];
  const sums: number[][] = [];
  for (let s = 0; s < SERIES_COUNT; s++) {
    const points: number[] = [];
    for (let point = from; point < from + x.blockSize; point++) if (x.pointSeries[point] === s) points.push(point);
    points.sort((a, b) => x.pointDate[a]! - x.pointDate[b]!);
    const running = [0];
    for (const point of points) running.push(running[running.length - 1]! + x.pointWeight[point]!);
    dates.push(points.map((point) => x.pointDate[point]!));
    sums.push(running);
  }
  x.blockDates.push(dates);
  x.blockSums.push(sums);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let point = from; point < from + x.blockSize; point++) {
    first = Math.min(first, x.pointDate[point]!);
    last = Math.max(last, x.pointDate[point]!);
  }
  x.blockFirstDate.push(first);
  x.blockLastDate.push(last);
};

/** Builds the index of a table against the stream's retractions, replaying its changes in position order. */
const buildIndex = (t: PlatformTable, retractedAt: readonly number[], blockSize: number): PlatformIndex => {
  builds++;
  const x: PlatformIndex = {
    retractedAt,
    blockSize,
    pointPosition: [],
    pointDate: [],
    pointSeries: [],
    pointWeight: [],
    blockDates: [],
    blockSums: [],
    blockFirstDate: [],
    blockLastDate: [],
    platformPoints: t.histories.map(() => new Map()),
    platformOfPosition: new Map(),
  };
  // Every change in position order, as the fold met them: each event recorded, each retraction of one.
  const changes: [position: number, platform: number][] = [];
  t.histories.forEach((h, platform) => {
    for (const position of h.position) {
      x.platformOfPosition.set(position, platform);
      changes.push([position, platform]);
      const r = retractedAt[position] ?? 0;
      if (r !== 0) changes.push([r, platform]);
    }
  });
  changes.sort((a, b) => a[0] - b[0]);
  for (const [c, platform] of changes) platformChanged(x, t, platform, c);
  return x;
};

/**
 * The index of `t` for queries under `k`, built on first use; `undefined` when `k` reads another retraction
 * column than the one the index follows (then the caller walks every platform, which is always right).
 */
const indexFor = (t: PlatformTable, k: Knowledge): PlatformIndex | undefined => {
  const x = indexes.get(t);
  if (x !== undefined) return x.retractedAt === k.retractedAt ? x : undefined;
  const built = buildIndex(t, k.retractedAt, blockSizes.get(t) ?? PLATFORM_BLOCK_SIZE);
  indexes.set(t, built);
  return built;
};

/** Keeps the index (if one was built) up with a platform event `addPlatformEvent` just recorded at `position`. */
const indexPlatformEvent = (t: PlatformTable, platform: number, position: number): void => {
  const x = indexes.get(t);
  if (x === undefined) return;
  x.platformOfPosition.set(position, platform);
  platformChanged(x, t, platform, position);
};

/**
 * Tells the table that the event at `position` was retracted (docs/spec.md §4), after the retraction's
 * position was written in the retraction column: if it was a platform event, the index appends its
 * platform's change at the retraction's position. O(events of that platform).
 */
export const markPlatformEventRetracted = (t: PlatformTable, position: number): void => {
  const x = indexes.get(t);
  const platform = x?.platformOfPosition.get(position);
  const at = x?.retractedAt[position] ?? 0;
  if (x !== undefined && platform !== undefined && at !== 0) platformChanged(x, t, platform, at);
};
