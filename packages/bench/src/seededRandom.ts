/**
 * The benchmark's own seeded choices (which dates and knowledge instants to query): mulberry32, a
 * 32-bit generator whose output depends only on the seed, so every run asks the same questions.
 */

/** A seeded source of uniform numbers in [0, 1). */
export type SeededRandom = () => number;

/** mulberry32 seeded with `seed` (any integer; only its low 32 bits count). */
export const seededRandom = (seed: number): SeededRandom => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A uniform integer in [lo, hi]. */
export const integerBetween = (random: SeededRandom, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
