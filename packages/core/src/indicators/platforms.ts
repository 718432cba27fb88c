import type { Level, PlatformKind } from '../events/vocabulary.js';
import { isIncubationKind, isMunicipalOrHigher, isRdKind } from '../events/vocabulary.js';
import type { DateKey } from './dateKey.js';
import { yearOfKey } from './dateKey.js';
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
 * read it through a derived index ({@link PlatformIndex}): O(blocks · log B + platforms not clean) instead of
 * every platform.
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
  indexPlatformEvent(t, i, at);
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
 * together: the clean platforms counted from the blocks of the derived index, the others walked one by
 * one. With a `sink`, or under a retraction column the index does not follow, every platform is walked.
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
  for (const platform of x.unclean) countPlatform(t.histories[platform]!, k, date, yearStart, counts);
  const { blockSize, blockDates, pointPosition, pointDate, pointSeries, pointRemoved } = x;
  const inSeries = [0, 0, 0, 0, 0, 0];
  let newMakers = 0;
  let point = 0;
  const afterDate = date + 1;
  for (let b = 0; b < blockDates.length; b++, point += blockSize) {
    // Only blocks wholly known at k (points are in position order, so the block's last point says).
    if (pointPosition[point + blockSize - 1]! > k.position) break;
    const dates = blockDates[b]!;
    for (let s = 0; s < 6; s++) inSeries[s]! += countBefore(dates[s]!, afterDate);
    const makers = dates[SERIES.makerM]!;
    if (makers.length > 0) newMakers += countBefore(makers, afterDate) - countBefore(makers, yearStart);
  }
  for (; point < pointPosition.length; point++) {
    if (pointPosition[point]! > k.position) break;
    const pointOn = pointDate[point]!;
    if (pointRemoved[point] || pointOn > date) continue;
    const s = pointSeries[point]!;
    if (s !== SERIES.makerM) inSeries[s]!++;
    else if (pointOn >= yearStart) newMakers++;
  }
  counts.rdPlatforms += inSeries[SERIES.rdA]! - inSeries[SERIES.rdB]!;
  counts.incubatorsMakerSpaces += inSeries[SERIES.incubationA]! - inSeries[SERIES.incubationB]!;
  counts.agriculturalSciencePark += inSeries[SERIES.parkA]! - inSeries[SERIES.parkB]!;
  counts.newMakerSpaces += newMakers;
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

// ---- the derived index: interval points in blocks ---------------------------------------------------------

/**
 * Series of the {@link PlatformIndex} points. For a platform whose events were recorded in date order and of
 * which none is retracted (a "clean" platform), the events known at position P are a prefix of its history,
 * so its event i is the active one at (D, P) exactly when i is known with date ≤ D and its successor i + 1
 * is not (unknown, or dated after D). With `A` a point (position, date) per certification and `B` a point
 * (position, date) of each certification's successor, the clean platforms active at (D, P) in a category
 * are #A(≤ P, ≤ D) − #B(≤ P, ≤ D): every B point counted has its A point counted too (both coordinates of
 * i are ≤ those of i + 1). `M` is the first certification of a platform when it is a maker space: known
 * when its position is ≤ P, new in Y when its date is in [January 1 of Y, D] (docs/spec.md §6).
 */
const SERIES = { rdA: 0, rdB: 1, incubationA: 2, incubationB: 3, parkA: 4, parkB: 5, makerM: 6 } as const;
const SERIES_COUNT = 7;
const NO_SERIES = -1;

/** Points per block of a {@link PlatformIndex}. */
export const PLATFORM_BLOCK_SIZE = 256;

/**
 * A query structure derived from a {@link PlatformTable} (never part of the checkpointed state: it is built
 * from the table and the stream's retractions on the first query, then kept up by the fold). Points are
 * appended in position order; a full block keeps each series' dates sorted, so a block wholly known at P
 * counts a series with one binary search. Platforms that are not clean (an event retracted, or recorded
 * before an event of a later date) leave the blocks and are walked one by one as before.
 */
interface PlatformIndex {
  /** The per-position retraction column the index was built against (`Knowledge.retractedAt`). */
  readonly retractedAt: readonly number[];
  readonly blockSize: number;
  readonly pointPosition: number[];
  readonly pointDate: DateKey[];
  readonly pointSeries: number[];
  readonly pointPlatform: number[];
  readonly pointRemoved: boolean[];
  /** Per full block, per series, the dates of its points still in, ascending. */
  readonly blockDates: DateKey[][][];
  /** Per platform, its points (empty once it is not clean). */
  readonly platformPoints: number[][];
  readonly platformClean: boolean[];
  /** Platforms that are not clean, walked at every query. */
  readonly unclean: number[];
  /** Platform of each event's position, for retractions. */
  readonly platformOfPosition: Map<number, number>;
}

const indexes = new WeakMap<PlatformTable, PlatformIndex>();
/** Tables made with another block size than {@link PLATFORM_BLOCK_SIZE} (tests). */
const blockSizes = new WeakMap<PlatformTable, number>();

/** The series a certification of `category` bits is active in (the first that applies, as the counts read them). */
const activeSeriesOf = (category: number): number => {
  if (category === PLATFORM_CATEGORY.decertification) return NO_SERIES;
  if ((category & PLATFORM_CATEGORY.rdCounted) !== 0) return SERIES.rdA;
  if ((category & PLATFORM_CATEGORY.incubationCounted) !== 0) return SERIES.incubationA;
  if ((category & PLATFORM_CATEGORY.agriculturalPark) !== 0) return SERIES.parkA;
  return NO_SERIES;
};

const ascending = (a: number, b: number): number => a - b;

const addPoint = (x: PlatformIndex, platform: number, position: number, date: DateKey, series: number): void => {
  const point = x.pointPosition.length;
  x.pointPosition.push(position);
  x.pointDate.push(date);
  x.pointSeries.push(series);
  x.pointPlatform.push(platform);
  x.pointRemoved.push(false);
  x.platformPoints[platform]!.push(point);
  if ((point + 1) % x.blockSize === 0) sealBlock(x, point + 1 - x.blockSize);
};

const sealBlock = (x: PlatformIndex, from: number): void => {
  const dates: DateKey[][] = Array.from({ length: SERIES_COUNT }, () => []);
  for (let point = from; point < from + x.blockSize; point++) if (!x.pointRemoved[point]) dates[x.pointSeries[point]!]!.push(x.pointDate[point]!);
  for (const d of dates) d.sort(ascending);
  x.blockDates.push(dates);
};

/** The points event `i` of a clean history adds when it is the last one recorded. */
const addPointsOfEvent = (x: PlatformIndex, platform: number, h: PlatformHistory, i: number): void => {
  const position = h.position[i]!;
  const date = h.date[i]!;
  x.platformOfPosition.set(position, platform);
  if (i > 0) {
    const before = activeSeriesOf(h.category[i - 1]!);
    if (before !== NO_SERIES) addPoint(x, platform, position, date, before + 1);
  }
  const series = activeSeriesOf(h.category[i]!);
  if (series !== NO_SERIES) addPoint(x, platform, position, date, series);
  if (h.certification[i] !== null && (h.category[i]! & PLATFORM_CATEGORY.makerSpace) !== 0 && !h.certification.slice(0, i).some((c) => c !== null)) {
    addPoint(x, platform, position, date, SERIES.makerM);
  }
};

/** Count of the ascending `sorted` that are < `x`. */
const countBefore = (sorted: readonly number[], x: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Takes a platform out of the blocks: it is walked one by one from now on. */
const makeUnclean = (x: PlatformIndex, platform: number): void => {
  if (!x.platformClean[platform]) return;
  x.platformClean[platform] = false;
  x.unclean.push(platform);
  const sealed = x.blockDates.length * x.blockSize;
  for (const point of x.platformPoints[platform]!) {
    x.pointRemoved[point] = true;
    if (point >= sealed) continue;
    const dates = x.blockDates[Math.floor(point / x.blockSize)]![x.pointSeries[point]!]!;
    dates.splice(countBefore(dates, x.pointDate[point]!), 1);
  }
  x.platformPoints[platform] = [];
};

/** Is each event of `h` recorded after every event before it in date order, and none retracted? */
const isClean = (h: PlatformHistory, retractedAt: readonly number[]): boolean => {
  for (let i = 0; i < h.position.length; i++) {
    if ((i > 0 && h.position[i]! < h.position[i - 1]!) || (retractedAt[h.position[i]!] ?? 0) !== 0) return false;
  }
  return true;
};

/** Builds the index of a table against the stream's retractions: O(platform events · log). */
const buildIndex = (t: PlatformTable, retractedAt: readonly number[], blockSize: number): PlatformIndex => {
  const x: PlatformIndex = {
    retractedAt,
    blockSize,
    pointPosition: [],
    pointDate: [],
    pointSeries: [],
    pointPlatform: [],
    pointRemoved: [],
    blockDates: [],
    platformPoints: t.histories.map(() => []),
    platformClean: t.histories.map(() => true),
    unclean: [],
    platformOfPosition: new Map(),
  };
  // Every event in position order, as the fold appended them (positions are unique).
  const events: [position: number, platform: number, i: number][] = [];
  t.histories.forEach((h, platform) => {
    if (!isClean(h, retractedAt)) {
      x.platformClean[platform] = false;
      x.unclean.push(platform);
      return;
    }
    for (let i = 0; i < h.position.length; i++) events.push([h.position[i]!, platform, i]);
  });
  events.sort((a, b) => a[0] - b[0]);
  for (const [, platform, i] of events) addPointsOfEvent(x, platform, t.histories[platform]!, i);
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

/** Keeps the index (if one was built) up with a platform event `addPlatformEvent` just placed at `at`. */
const indexPlatformEvent = (t: PlatformTable, platform: number, at: number): void => {
  const x = indexes.get(t);
  if (x === undefined) return;
  const h = t.histories[platform]!;
  if (platform === x.platformClean.length) {
    x.platformClean.push(true);
    x.platformPoints.push([]);
  }
  if (!x.platformClean[platform]) return;
  if (at !== h.date.length - 1) makeUnclean(x, platform);
  else addPointsOfEvent(x, platform, h, at);
};

/**
 * Tells the table that the event at `position` was retracted (docs/spec.md §4): if it was a platform event,
 * its platform is walked one by one from now on. O(points of that platform).
 */
export const markPlatformEventRetracted = (t: PlatformTable, position: number): void => {
  const x = indexes.get(t);
  const platform = x?.platformOfPosition.get(position);
  if (x !== undefined && platform !== undefined) makeUnclean(x, platform);
};
