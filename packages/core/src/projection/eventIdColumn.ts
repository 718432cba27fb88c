import { slotHash, uuidText, uuidWords } from '../ids/uuidWords.js';

/**
 * The event id of every position of a district's stream, and the position of every id: what a projection
 * keeps to name the events behind a figure (`explain`) and to find the event a retraction takes back. Kept
 * compact because a projection holds one per event: an id in the ledger's UUID form as its 128 bits in a
 * typed array, looked up through an open-addressing table of positions (about 30 bytes an event, against
 * some 110 for an array of id strings beside a `Map` from id to position, docs/benchmarks.md "Peak memory").
 * Any other id — a store may hold one — is kept as text. Answers exactly as that array and `Map` would,
 * the later position of an id given twice included.
 */
export class EventIdColumn {
  /** Four words per position, position p at 4p (position 0 unused); a position in `#texts` leaves its words unused. */
  #words = new Uint32Array(4 * 1024);
  /** Positions whose id is not in the UUID form, and the id. */
  readonly #texts = new Map<number, string>();
  /** Those ids, and the last position of each. */
  readonly #textPositions = new Map<string, number>();
  #last = 0;
  /** The table: a position per slot, 0 for an empty one; keyed by that position's words. */
  #slots = new Int32Array(2048);
  #mask = 2047;
  #indexed = 0;
  readonly #key = new Uint32Array(4);

  /** The column of `ids`, position p holding `ids[p]` (`ids[0]`, position 0's, is not an event and is skipped). */
  static of(ids: readonly string[]): EventIdColumn {
    const column = new EventIdColumn();
    for (let p = 1; p < ids.length; p++) column.push(ids[p]!);
    return column;
  }

  /** The last position holding an id (0 when none). */
  get lastPosition(): number {
    return this.#last;
  }

  /** Gives the next position (`lastPosition + 1`) the event id `id`. */
  push(id: string): void {
    const position = this.#last + 1;
    if (position > 0x7fffffff) throw new RangeError(`an event-id column holds at most ${0x7fffffff} positions`);
    if (4 * position + 4 > this.#words.length) {
      const words = new Uint32Array(this.#words.length * 2);
      words.set(this.#words);
      this.#words = words;
    }
    this.#last = position;
    if (!uuidWords(id, this.#words, 4 * position)) {
      this.#texts.set(position, id);
      this.#textPositions.set(id, position);
      return;
    }
    const w = this.#words;
    const at = 4 * position;
    const slot = this.#find(w[at]!, w[at + 1]!, w[at + 2]!, w[at + 3]!);
    if (this.#slots[slot] === 0) {
      if ((this.#indexed + 1) * 10 > (this.#mask + 1) * 7) {
        this.#grow();
        this.#slots[this.#find(w[at]!, w[at + 1]!, w[at + 2]!, w[at + 3]!)] = position;
      } else {
        this.#slots[slot] = position;
      }
      this.#indexed++;
    } else {
      // The id again: its later position is the one it is found at, as a Map's set would keep.
      this.#slots[slot] = position;
    }
  }

  /** The event id at `position`, `undefined` outside 1..lastPosition. */
  at(position: number): string | undefined {
    if (!Number.isInteger(position) || position < 1 || position > this.#last) return undefined;
    return this.#texts.get(position) ?? uuidText(this.#words, 4 * position);
  }

  /** The (last) position holding the event id `id`, if any. */
  positionOf(id: string): number | undefined {
    const k = this.#key;
    if (!uuidWords(id, k)) return this.#textPositions.get(id);
    const position = this.#slots[this.#find(k[0]!, k[1]!, k[2]!, k[3]!)]!;
    return position === 0 ? undefined : position;
  }

  /** Every id by position, position 0's as `''`: the projection checkpoint's text of the column. */
  toJSON(): string[] {
    const ids: string[] = [''];
    for (let p = 1; p <= this.#last; p++) ids.push(this.at(p)!);
    return ids;
  }

  // The slot holding a position with these words, or the empty slot where one would go (linear probing).
  #find(a: number, b: number, c: number, d: number): number {
    const slots = this.#slots;
    const w = this.#words;
    let i = slotHash(a, b, c, d) & this.#mask;
    for (let p = slots[i]!; p !== 0; p = slots[i]!) {
      const k = 4 * p;
      if (w[k] === a && w[k + 1] === b && w[k + 2] === c && w[k + 3] === d) return i;
      i = (i + 1) & this.#mask;
    }
    return i;
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Int32Array(old.length * 2);
    this.#mask = this.#slots.length - 1;
    const w = this.#words;
    for (const p of old) {
      if (p === 0) continue;
      const k = 4 * p;
      this.#slots[this.#find(w[k]!, w[k + 1]!, w[k + 2]!, w[k + 3]!)] = p;
    }
  }
}
