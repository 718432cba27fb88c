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
 * Every platform's history (docs/spec.md §6 rows 3–6). A query walks each platform's few events once, so it
 * costs O(platform events) — a small share of a stream.
 */
export interface PlatformTable {
  readonly index: Map<string, number>;
  readonly histories: PlatformHistory[];
}

export const emptyPlatformTable = (): PlatformTable => ({ index: new Map(), histories: [] });

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
 * in one pass over the platforms.
 */
export const platformCountsAt = (
  t: PlatformTable,
  k: Knowledge,
  date: DateKey,
  sink?: (indicator: PlatformIndicator, platformId: string, position: number) => void,
): PlatformCounts => {
  const yearStart = yearOfKey(date) * 10000 + 101;
  let rd = 0;
  let incubation = 0;
  let parks = 0;
  let newMakers = 0;
  for (const h of t.histories) {
    const dates = h.date;
    // Events are in date order: a platform whose first event comes after D is neither active at D nor
    // newly certified by D, so it is passed over without walking it.
    if (dates.length === 0 || dates[0]! > date) continue;
    const active = activeCertificationAt(h, k, date);
    if (active !== -1) {
      // Bits decided at fold time: no string comparisons per platform and query.
      const category = h.category[active]!;
      const position = h.position[active]!;
      if ((category & PLATFORM_CATEGORY.rdCounted) !== 0) {
        rd++;
        sink?.('rd-platforms', h.platformId, position);
      } else if ((category & PLATFORM_CATEGORY.incubationCounted) !== 0) {
        incubation++;
        sink?.('incubators-maker-spaces', h.platformId, position);
      } else if ((category & PLATFORM_CATEGORY.agriculturalPark) !== 0) {
        parks++;
        sink?.('agricultural-science-parks', h.platformId, position);
      }
    }
    // The earliest certification is on or before the last event: if that is before January 1 of Y, it cannot be new in Y.
    if (dates[dates.length - 1]! < yearStart) continue;
    const first = earliestCertification(h, k);
    if (first !== -1 && (h.category[first]! & PLATFORM_CATEGORY.makerSpace) !== 0 && h.date[first]! >= yearStart && h.date[first]! <= date) {
      newMakers++;
      sink?.('new-maker-spaces', h.platformId, h.position[first]!);
    }
  }
  return { rdPlatforms: rd, incubatorsMakerSpaces: incubation, newMakerSpaces: newMakers, agriculturalSciencePark: parks };
};

/** Adapts a plain sink to the platform counts' sink for one indicator. */
export const sinkFor =
  (indicator: PlatformIndicator, sink: ContributionSink) =>
  (which: PlatformIndicator, platformId: string, position: number): void => {
    if (which === indicator) sink(platformId, position);
  };
