/**
 * The seeded randomness of the synthetic history: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator). Only 32-bit integer operations and IEEE division, so a seed gives the same choices on every
 * JavaScript engine and Node version; `Math.random` is never used.
 */

/** A seeded source of choices. */
export interface Random {
  /** Uniform 32-bit unsigned integer. */
  readonly u32: () => number;
  /** Uniform in [0, 1). */
  readonly next: () => number;
  /** Uniform integer in [lo, hi]. */
  readonly int: (lo: number, hi: number) => number;
  /** Uniform in [lo, hi). */
  readonly between: (lo: number, hi: number) => number;
  /** True with probability p. */
  readonly chance: (p: number) => boolean;
  /** One element, uniformly. */
  readonly pick: <T>(items: readonly T[]) => T;
  /** One value, with probability proportional to its weight. */
  readonly weighted: <T>(choices: readonly (readonly [T, number])[]) => T;
}

/** FNV-1a over UTF-16 code units: turns a label into 32 bits for seeding. */
const fnv1a = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

/** A generator whose state is filled by hashing `label`; different labels give independent streams. */
export const createRandom = (label: string): Random => {
  let a = fnv1a(`a:${label}`);
  let b = fnv1a(`b:${label}`);
  let c = fnv1a(`c:${label}`);
  let d = 1;
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) u32(); // the warm-up sfc32's author recommends
  const next = (): number => u32() / 4294967296;
  return {
    u32,
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    between: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (choices) => {
      let total = 0;
      for (const [, w] of choices) total += w;
      let x = next() * total;
      for (const [value, w] of choices) {
        if (x < w) return value;
        x -= w;
      }
      return choices[choices.length - 1]![0];
    },
  };
};

/** Shuffles in place (Fisher–Yates), O(n). */
export const shuffle = <T>(items: T[], random: Random): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
};

/** Removes and returns a random element in O(1); the order of the rest is not kept. */
export const takeRandom = <T>(items: T[], random: Random): T | undefined => {
  if (items.length === 0) return undefined;
  const i = random.int(0, items.length - 1);
  const item = items[i]!;
  items[i] = items[items.length - 1]!;
  items.pop();
  return item;
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (w: number): string => HEX[w >>> 24]! + HEX[(w >>> 16) & 0xff]! + HEX[(w >>> 8) & 0xff]! + HEX[w & 0xff]!;

/**
 * A UUID with the version-4 layout (RFC 4122) whose 122 free bits come from `random`: looks like any
 * other event id, yet the same seed gives the same ids.
 */
export const uuidFrom = (random: Random): string => {
  const a = hex32(random.u32());
  const b = random.u32();
  const c = random.u32();
  const d = hex32(random.u32());
  const timeMid = HEX[b >>> 24]! + HEX[(b >>> 16) & 0xff]!;
  const version = `4${HEX[(b >>> 8) & 0x0f]!.slice(1)}${HEX[b & 0xff]!}`;
  const clockSeq = HEX[((c >>> 24) & 0x3f) | 0x80]! + HEX[(c >>> 16) & 0xff]!;
  const node = HEX[(c >>> 8) & 0xff]! + HEX[c & 0xff]! + d;
  return `${a}-${timeMid}-${version}-${clockSeq}-${node}`;
};
