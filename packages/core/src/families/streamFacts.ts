import { EVENT_TYPES } from '../events/catalog.js';
import type { EventType } from '../events/catalog.js';
import { UNIT_IDS } from '../events/vocabulary.js';
import type { Unit } from '../events/vocabulary.js';
import type { EventId } from '../ids/identifiers.js';
import { slotHash, uuidWords } from '../ids/uuidWords.js';
import type { CivilDate } from '../time/civilDate.js';
import { yearOf } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';
import type { Sha256Hex } from '../record/record.js';
import { GENESIS_HASH } from '../record/record.js';

/**
 * The shape of what the stream rules know about a district stream. It sits here, below the family modules,
 * because each family states which facts its events record and which of them its rules read; `rules/` folds
 * events into these facts by asking the families (`addEventFacts`).
 */

/** What the stream rules (docs/spec.md §4) and the policy (§5) need to know about one recorded event. */
export interface RecordedEventFacts {
  readonly position: number;
  readonly type: EventType;
  readonly unit: Unit;
  readonly retracted: boolean;
}

// What RecordedEvents keeps of one event besides its position, in 16 bits: type (bits 0–3), unit (4–9), retracted (15).
const TYPE_BITS = 4;
const UNIT_BITS = 6;
const RETRACTED = 0x8000;
const TYPE_MASK = (1 << TYPE_BITS) - 1;
/** Bytes of one event of the table in {@link RecordedEvents.pack}. */
export const PACKED_EVENT_BYTES = 22;
const typeCodes: ReadonlyMap<string, number> = new Map(EVENT_TYPES.map((type, i) => [type, i]));
const unitCodes: ReadonlyMap<string, number> = new Map(UNIT_IDS.map((unit, i) => [unit, i]));
if (EVENT_TYPES.length > 1 << TYPE_BITS || UNIT_IDS.length > 1 << UNIT_BITS) throw new Error('RecordedEvents: more event types or units than its codes hold');

const codeOf = (type: EventType, unit: Unit): number | undefined => {
  const t = typeCodes.get(type);
  const u = unitCodes.get(unit);
  return t === undefined || u === undefined ? undefined : t | (u << TYPE_BITS);
};

const factsOf = (position: number, code: number): RecordedEventFacts => ({
  position,
  type: EVENT_TYPES[code & ((1 << TYPE_BITS) - 1)]!,
  unit: UNIT_IDS[(code >> TYPE_BITS) & ((1 << UNIT_BITS) - 1)]!,
  retracted: (code & RETRACTED) !== 0,
});

/**
 * The events of a stream by `eventId`: position, type, unit and whether retracted — a map from event id
 * to {@link RecordedEventFacts}, kept compact because a ledger holds one entry per event of every stream
 * it appends to (docs/spec.md §8.1: a million-event import). An id in the ledger's UUID form is kept as
 * its 128 bits in an open-addressing table (about 40 bytes an event, against some 110 for a `Map` of the
 * id's text to an object); any other id (a record handed to the audit may hold anything) in a plain `Map`.
 */
export class RecordedEvents {
  #mask = 1023;
  #keys = new Uint32Array(4 * 1024);
  /** Position of the event in each slot; 0 marks an empty slot (positions start at 1). */
  #positions = new Int32Array(1024);
  #codes = new Uint16Array(1024);
  #count = 0;
  readonly #others = new Map<string, RecordedEventFacts>();
  readonly #words = new Uint32Array(4);

  /** How many events are kept. */
  get size(): number {
    return this.#count + this.#others.size;
  }

  /** The facts of the event `id`, if the stream holds it. */
  get(id: string): RecordedEventFacts | undefined {
    const slot = this.#slotOf(id);
    if (slot < 0) {
      const other = this.#others.get(id);
      return other === undefined ? undefined : { ...other };
    }
    return factsOf(this.#positions[slot]!, this.#codes[slot]!);
  }

  /** The position of the event `id`, if the stream holds it. */
  positionOf(id: string): number | undefined {
    const slot = this.#slotOf(id);
    return slot < 0 ? this.#others.get(id)?.position : this.#positions[slot]!;
  }

  /** The unit that recorded the event `id`, if the stream holds it. */
  unitOf(id: string): Unit | undefined {
    const slot = this.#slotOf(id);
    return slot < 0 ? this.#others.get(id)?.unit : UNIT_IDS[(this.#codes[slot]! >> TYPE_BITS) & ((1 << UNIT_BITS) - 1)]!;
  }

  /** Keeps (or replaces) the event `id`, not retracted. */
  set(id: string, position: number, type: EventType, unit: Unit): void {
    const code = codeOf(type, unit);
    const w = this.#words;
    if (code === undefined || !Number.isInteger(position) || position < 1 || position > 0x7fffffff || !uuidWords(id, w)) {
      // Replacing: the id is kept in one place only.
      const slot = this.#slotOf(id);
      if (slot >= 0) this.#removeSlot(slot);
      this.#others.set(id, { position, type, unit, retracted: false });
      return;
    }
    this.#others.delete(id);
    let slot = this.#find(w[0]!, w[1]!, w[2]!, w[3]!);
    if (this.#positions[slot] === 0) {
      if ((this.#count + 1) * 10 > (this.#mask + 1) * 7) {
        this.#grow();
        slot = this.#find(w[0]!, w[1]!, w[2]!, w[3]!);
      }
      this.#count++;
      this.#keys.set(w, slot * 4);
    }
    this.#positions[slot] = position;
    this.#codes[slot] = code;
  }

  /** Forgets the event `id`; whether it was kept. */
  delete(id: string): boolean {
    const slot = this.#slotOf(id);
    if (slot < 0) return this.#others.delete(id);
    this.#removeSlot(slot);
    return true;
  }

  /** Marks the event `id` retracted or not (nothing when the stream does not hold it). */
  setRetracted(id: string, retracted: boolean): void {
    const slot = this.#slotOf(id);
    if (slot < 0) {
      const other = this.#others.get(id);
      if (other !== undefined) this.#others.set(id, { ...other, retracted });
      return;
    }
    this.#codes[slot] = retracted ? this.#codes[slot]! | RETRACTED : this.#codes[slot]! & ~RETRACTED;
  }

  /**
   * Every event kept, for a stream-facts checkpoint (ledger/factsCheckpoint.ts): those of the table as
   * {@link PACKED_EVENT_BYTES} bytes each — the id's four 32-bit words, the position (32 bits) and the 16-bit
   * code, big-endian — and the others as they are, both in position order, so that equal contents pack to
   * equal bytes whatever order the table's slots are in.
   */
  pack(): { readonly table: Uint8Array; readonly others: readonly (readonly [string, RecordedEventFacts])[] } {
    const slots = this.#slotsByPosition();
    const out = new Uint8Array(slots.length * PACKED_EVENT_BYTES);
    const view = new DataView(out.buffer);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const at = i * PACKED_EVENT_BYTES;
      for (let w = 0; w < 4; w++) view.setUint32(at + 4 * w, this.#keys[slot * 4 + w]!);
      view.setUint32(at + 16, this.#positions[slot]!);
      view.setUint16(at + 20, this.#codes[slot]!);
    }
    const others = [...this.#others].map(([id, f]) => [id, { ...f }] as const).sort((a, b) => a[1].position - b[1].position);
    return { table: out, others };
  }

  /**
   * The events a {@link pack} gave, or why these bytes are not what any stream's facts pack to: entries in
   * position order, every position from 1 to `lastPosition` at most once across both lists, every code one
   * of an event type and a unit, no id twice, and the others only ids the table cannot hold.
   */
  static unpack(table: Uint8Array, others: readonly (readonly [string, RecordedEventFacts])[], lastPosition: number): RecordedEvents | string {
    if (table.length % PACKED_EVENT_BYTES !== 0) return `its events are ${table.length} bytes, not a whole number of ${PACKED_EVENT_BYTES}-byte entries`;
    const events = new RecordedEvents();
    // Sized once for every entry, as the table would have grown to: no rehashing while unpacking.
    const entries = table.length / PACKED_EVENT_BYTES;
    while ((entries + 1) * 10 > (events.#mask + 1) * 7) events.#resize((events.#mask + 1) * 2);
    const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
    const seen = new Uint8Array(lastPosition + 1);
    const w = events.#words;
    let previous = 0;
    for (let at = 0; at < table.length; at += PACKED_EVENT_BYTES) {
      const position = view.getUint32(at + 16);
      const code = view.getUint16(at + 20);
      if (position <= previous || position > lastPosition) return `its events are not in position order within 1..${lastPosition} (position ${position} after ${previous})`;
      if ((code & TYPE_MASK) >= EVENT_TYPES.length || ((code & ~RETRACTED) >> TYPE_BITS) >= UNIT_IDS.length) return `the event at position ${position} has code ${code}, which names no event type and unit`;
      previous = position;
      seen[position] = 1;
      for (let i = 0; i < 4; i++) w[i] = view.getUint32(at + 4 * i);
      if ((events.#count + 1) * 10 > (events.#mask + 1) * 7) events.#grow();
      const slot = events.#find(w[0]!, w[1]!, w[2]!, w[3]!);
      if (events.#positions[slot] !== 0) return `the event at position ${position} has the id of the event at position ${events.#positions[slot]}`;
      events.#keys.set(w, slot * 4);
      events.#positions[slot] = position;
      events.#codes[slot] = code;
      events.#count++;
    }
    previous = 0;
    for (const [id, f] of others) {
      if (f.position <= previous || f.position > lastPosition || seen[f.position] === 1) return `its other events are not in position order within 1..${lastPosition}, apart from the table's (position ${f.position})`;
      if (codeOf(f.type, f.unit) === undefined) return `the event at position ${f.position} has type ${f.type} and unit ${f.unit}, which the ledger does not know`;
      if (uuidWords(id, w) || events.#others.has(id)) return `the event at position ${f.position} (${id}) is not one the table leaves out, or is there twice`;
      previous = f.position;
      events.#others.set(id, { position: f.position, type: f.type, unit: f.unit, retracted: f.retracted });
    }
    return events;
  }

  // The occupied slots in position order: by a direct index when positions are dense, else by sorting.
  #slotsByPosition(): Int32Array {
    const positions = this.#positions;
    let maxPosition = 0;
    for (let i = 0; i < positions.length; i++) if (positions[i]! > maxPosition) maxPosition = positions[i]!;
    if (maxPosition <= 4 * this.#count + 1024) {
      const slotAt = new Int32Array(maxPosition + 1).fill(-1);
      let unique = true;
      for (let i = 0; i < positions.length; i++) {
        const position = positions[i]!;
        if (position === 0) continue;
        if (slotAt[position] !== -1) unique = false;
        slotAt[position] = i;
      }
      if (unique) return slotAt.filter((slot) => slot !== -1);
    }
    const slots: number[] = [];
    for (let i = 0; i < positions.length; i++) if (positions[i] !== 0) slots.push(i);
    return Int32Array.from(slots.sort((a, b) => positions[a]! - positions[b]!));
  }

  // The slot holding `id`, or -1 when the table does not hold it (it may then be among the others).
  #slotOf(id: string): number {
    const w = this.#words;
    if (!uuidWords(id, w)) return -1;
    const slot = this.#find(w[0]!, w[1]!, w[2]!, w[3]!);
    return this.#positions[slot] === 0 ? -1 : slot;
  }

  // The slot holding these bits, or the empty slot where they would go (linear probing).
  #find(a: number, b: number, c: number, d: number): number {
    const keys = this.#keys;
    const positions = this.#positions;
    let i = slotHash(a, b, c, d) & this.#mask;
    while (positions[i] !== 0) {
      const k = i * 4;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d) return i;
      i = (i + 1) & this.#mask;
    }
    return i;
  }

  #home(slot: number): number {
    const k = slot * 4;
    const keys = this.#keys;
    return slotHash(keys[k]!, keys[k + 1]!, keys[k + 2]!, keys[k + 3]!) & this.#mask;
  }

  // Backward-shift deletion: later entries of the probe run move up, so no tombstones are left behind.
  #removeSlot(slot: number): void {
    const keys = this.#keys;
    const positions = this.#positions;
    const codes = this.#codes;
    let hole = slot;
    let j = slot;
    for (;;) {
      j = (j + 1) & this.#mask;
      if (positions[j] === 0) break;
      const home = this.#home(j);
      // The entry at j may fill the hole only if its home is not cyclically within (hole, j].
      const staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (staysPut) continue;
      keys.copyWithin(hole * 4, j * 4, j * 4 + 4);
      positions[hole] = positions[j]!;
      codes[hole] = codes[j]!;
      hole = j;
    }
    positions[hole] = 0;
    this.#count--;
  }

  #grow(): void {
    this.#resize((this.#mask + 1) * 2);
  }

  #resize(capacity: number): void {
    const keys = this.#keys;
    const positions = this.#positions;
    const codes = this.#codes;
    this.#mask = capacity - 1;
    this.#keys = new Uint32Array(4 * capacity);
    this.#positions = new Int32Array(capacity);
    this.#codes = new Uint16Array(capacity);
    for (let i = 0; i < positions.length; i++) {
      if (positions[i] === 0) continue;
      const k = i * 4;
      const slot = this.#find(keys[k]!, keys[k + 1]!, keys[k + 2]!, keys[k + 3]!);
      this.#keys.set(keys.subarray(k, k + 4), slot * 4);
      this.#positions[slot] = positions[i]!;
      this.#codes[slot] = codes[i]!;
    }
  }
}

/**
 * Everything the append rules need to know about a district stream, kept in memory and updated as
 * records are appended, so validating a batch never rescans the stream. Every lookup is O(1).
 */
export interface StreamFacts {
  position: number;
  lastHash: Sha256Hex;
  lastRecordedAt: Instant | null;
  readonly events: RecordedEvents;
  /** `enterpriseId|designation` of every recognition in the stream. */
  readonly recognitions: Set<string>;
  readonly certifiedPlatforms: Set<string>;
  readonly allocationIds: Set<string>;
  /** Grant date of every granted patent. */
  readonly patentGrants: Map<string, CivilDate>;
  readonly projectIds: Set<string>;
  /** `commissionerId|year` of every dispatch. */
  readonly commissionerYears: Set<string>;
}

/** The facts of an empty stream. */
export const emptyStreamFacts = (): StreamFacts => ({
  position: 0,
  lastHash: GENESIS_HASH,
  lastRecordedAt: null,
  events: new RecordedEvents(),
  recognitions: new Set(),
  certifiedPlatforms: new Set(),
  allocationIds: new Set(),
  patentGrants: new Map(),
  projectIds: new Set(),
  commissionerYears: new Set(),
});

/** Key of a recognition: one enterprise under one designation. */
export const recognitionKey = (enterpriseId: string, designation: string): string => `${enterpriseId}|${designation}`;
/** Key of a dispatch: one commissioner in one year. */
export const commissionerYearKey = (commissionerId: string, date: CivilDate): string => `${commissionerId}|${yearOf(date)}`;

/** One step that takes back a change to the facts, so a batch refused part-way leaves them as they were. */
export type Undo = () => void;

/** Adds `key` to `set`, pushing the step that removes it again onto `undo` (nothing when it was there). */
export const addToSet = (set: Set<string>, key: string, undo: Undo[]): void => {
  if (set.has(key)) return;
  set.add(key);
  undo.push(() => set.delete(key));
};
