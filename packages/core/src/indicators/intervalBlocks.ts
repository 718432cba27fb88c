import type { DateKey } from './dateKey.js';

/** Entries per block of an {@link IntervalBlocks}. */
export const INTERVAL_BLOCK_SIZE = 256;

/**
 * Date intervals [from, until], each known from a stream position, appended in the order they become known,
 * that a derived query index counts at (D, P): #(known at P, from ≤ D ≤ until) = #(from ≤ D) − #(until < D)
 * over the entries known at P, for intervals with from ≤ until. A full block keeps its entries' `from` and
 * `until` sorted, so a block wholly known at P costs two binary searches, none when all its intervals start
 * after D or end before it; the last, partial block is scanned. An entry can be taken out (O(block size)).
 * Holds its columns in typed arrays grown by doubling, so it is a class, like `RecordedEvents`.
 */
export class IntervalBlocks {
  readonly #blockSize: number;
  #from = new Float64Array(16);
  #until = new Float64Array(16);
  #knownAt = new Float64Array(16);
  #removed = new Uint8Array(16);
  #length = 0;
  readonly #blockFrom: Float64Array[] = [];
  readonly #blockUntil: Float64Array[] = [];
  readonly #blockCount: number[] = [];
  readonly #blockFirstFrom: number[] = [];
  readonly #blockLastUntil: number[] = [];

  constructor(blockSize: number = INTERVAL_BLOCK_SIZE) {
    this.#blockSize = blockSize;
  }

  /** Entries appended so far (taken out ones included). */
  get length(): number {
    return this.#length;
  }

  /** Appends [from, until] known from `knownAt` (never before the last entry's); its id is the entry count before. */
  append(from: DateKey, until: DateKey, knownAt: number): number {
    const id = this.#length;
    this.#from = withRoom(this.#from, id + 1, 0);
    this.#until = withRoom(this.#until, id + 1, 0);
    this.#knownAt = withRoom(this.#knownAt, id + 1, 0);
    this.#removed = withRoom(this.#removed, id + 1, 0);
    this.#from[id] = from;
    this.#until[id] = until;
    this.#knownAt[id] = knownAt;
    this.#length++;
    if (this.#length % this.#blockSize === 0) this.#seal(this.#length - this.#blockSize);
    return id;
  }

  /** Takes entry `id` out: it counts no more. */
  remove(id: number): void {
    if (id >= this.#length || this.#removed[id] === 1) return;
    this.#removed[id] = 1;
    const b = Math.floor(id / this.#blockSize);
    if (b >= this.#blockFrom.length) return;
    const n = this.#blockCount[b]!;
    removeSorted(this.#blockFrom[b]!, this.#from[id]!, n);
    removeSorted(this.#blockUntil[b]!, this.#until[id]!, n);
    this.#blockCount[b] = n - 1;
  }

  /** The entries known at `position`, not taken out, with from ≤ `date` ≤ until. */
  countAt(position: number, date: DateKey): number {
    const size = this.#blockSize;
    let count = 0;
    let id = 0;
    for (let b = 0; b < this.#blockFrom.length; b++, id += size) {
      if (this.#knownAt[id + size - 1]! > position) break;
      // Bounds taken when the block was sealed stay true as entries leave it.
      if (this.#blockFirstFrom[b]! > date || this.#blockLastUntil[b]! < date) continue;
      const n = this.#blockCount[b]!;
      count += countBefore(this.#blockFrom[b]!, date + 1, n) - countBefore(this.#blockUntil[b]!, date, n);
    }
    for (; id < this.#length; id++) {
      if (this.#knownAt[id]! > position) break;
      if (this.#removed[id] === 0 && this.#from[id]! <= date && this.#until[id]! >= date) count++;
    }
    return count;
  }

  #seal(first: number): void {
    const from = new Float64Array(this.#blockSize);
    const until = new Float64Array(this.#blockSize);
    let n = 0;
    for (let id = first; id < first + this.#blockSize; id++) {
      if (this.#removed[id] === 1) continue;
      from[n] = this.#from[id]!;
      until[n] = this.#until[id]!;
      n++;
    }
    // Typed arrays sort numerically; the slots past `n` stay at the end.
    from.subarray(0, n).sort();
    until.subarray(0, n).sort();
    this.#blockFrom.push(from);
    this.#blockUntil.push(until);
    this.#blockCount.push(n);
    this.#blockFirstFrom.push(n > 0 ? from[0]! : Number.POSITIVE_INFINITY);
    this.#blockLastUntil.push(n > 0 ? until[n - 1]! : Number.NEGATIVE_INFINITY);
  }
}

/** `column` with room for `length` entries (doubling), new entries set to `fill`. */
export const withRoom = <A extends Float64Array | Int32Array | Uint8Array>(column: A, length: number, fill: number): A => {
  if (length <= column.length) return column;
  const grown = new (column.constructor as new (length: number) => A)(Math.max(length, 2 * column.length));
  grown.set(column);
  if (fill !== 0) grown.fill(fill, column.length);
  return grown;
};

/** Count of the first `length` of the ascending `sorted` that are < `x`. */
export const countBefore = (sorted: ArrayLike<number>, x: number, length: number = sorted.length): number => {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Takes `value` out of the first `length` of the ascending `sorted` (it is there). */
export const removeSorted = (sorted: Float64Array, value: number, length: number): void => {
  const at = countBefore(sorted, value, length);
  sorted.copyWithin(at, at + 1, length);
};
