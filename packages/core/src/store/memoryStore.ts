import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { MAX_JSON_NESTING, TOO_DEEP } from '../record/jsonNesting.js';
import { GENESIS_HASH, chainedFieldsOf, chainedFieldsText } from '../record/record.js';
import type { StoredRecord } from '../record/record.js';
import { assertContiguous, recordsOfPages, redactionWrite } from './port.js';
import type { ChainedRow, CheckpointStore, EventStore, FoldFields, PositionRange, ProjectionCheckpoint, RedactionLogUpdate, StoreAppendResult, StreamHead } from './port.js';

const PAGE_SIZE = 4096;

const checkpointKey = (stream: DistrictCode, projection: string): string => `${stream}\u0000${projection}`;

/**
 * An in-memory {@link EventStore} for tests and short-lived tools. Records are deep-copied and frozen on
 * the way in, so a caller mutating its objects cannot change what was "stored".
 */
export class MemoryEventStore implements EventStore {
  readonly #streams = new Map<DistrictCode, StoredRecord[]>();
  readonly #eventIds = new Map<DistrictCode, Map<string, number>>();
  readonly #checkpoints = new Map<string, ProjectionCheckpoint>();
  readonly #listeners = new Set<(stream: DistrictCode, head: number) => void>();
  #inTransaction = false;

  readonly checkpoints: CheckpointStore = {
    saveCheckpoint: async (cp) => {
      this.#checkpoints.set(checkpointKey(cp.stream, cp.projection), { ...cp });
    },
    loadCheckpoint: async (stream, projection) => this.#checkpoints.get(checkpointKey(stream, projection)),
    replaceCheckpoint: async (cp, expectedState) => {
      const key = checkpointKey(cp.stream, cp.projection);
      if (this.#checkpoints.get(key)?.state !== expectedState) return false;
      this.#checkpoints.set(key, { ...cp });
      return true;
    },
  };

  async append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult> {
    const existing = this.#streams.get(stream) ?? [];
    if (existing.length !== expectedPosition) {
      return E.left({ kind: 'position-conflict', expectedPosition, actualPosition: existing.length });
    }
    assertContiguous(records, expectedPosition);
    const ids = this.#eventIds.get(stream) ?? new Map<string, number>();
    const batchIds = new Map<string, number>();
    for (const r of records) {
      const at = ids.get(r.eventId) ?? batchIds.get(r.eventId);
      if (at !== undefined) return E.left({ kind: 'duplicate-event-id', eventId: r.eventId, position: at });
      batchIds.set(r.eventId, r.position);
    }
    if (records.length === 0) return E.right(await this.head(stream));
    // Every record copied before any is kept: one nested too deep refuses the whole batch (docs/spec.md §8.3).
    const copies = records.map((r) => frozenCopyOf(r));
    for (const r of copies) existing.push(r);
    for (const [id, p] of batchIds) ids.set(id, p);
    this.#streams.set(stream, existing);
    this.#eventIds.set(stream, ids);
    const head = await this.head(stream);
    for (const listener of this.#listeners) listener(stream, head.position);
    return E.right(head);
  }

  /**
   * The port's `inOneTransaction`, emulated: appends made while `work` runs are kept if `keep(result)` says so
   * and removed otherwise or if `work` throws (docs/spec.md §2, §8.1). A memory store has no other process
   * writing to it, so there is no lock to take: appends other callers of this store make meanwhile are kept
   * or removed with the transaction's. Redactions and checkpoints are not part of it.
   */
  async inOneTransaction<T>(work: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
    if (this.#inTransaction) throw new Error('a transaction is already open on this memory store');
    const lengths = new Map([...this.#streams].map(([stream, records]) => [stream, records.length] as const));
    this.#inTransaction = true;
    let kept = false;
    try {
      const result = await work();
      kept = keep(result);
      return result;
    } finally {
      this.#inTransaction = false;
      if (!kept) this.#removeAppendsSince(lengths);
    }
  }

  // Cuts every stream back to its length at the start of a transaction, with the event ids of what is cut.
  #removeAppendsSince(lengths: ReadonlyMap<DistrictCode, number>): void {
    for (const [stream, records] of this.#streams) {
      const before = lengths.get(stream) ?? 0;
      const ids = this.#eventIds.get(stream);
      for (let i = before; i < records.length; i++) ids?.delete(records[i]!.eventId);
      records.length = before;
      if (before === 0) {
        this.#streams.delete(stream);
        this.#eventIds.delete(stream);
      }
    }
  }

  async *readPages(stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly StoredRecord[]> {
    const records = this.#streams.get(stream) ?? [];
    const from = Math.max(1, range.from ?? 1);
    const to = Math.min(records.length, range.to ?? records.length);
    for (let p = from; p <= to; p += PAGE_SIZE) yield records.slice(p - 1, Math.min(to, p + PAGE_SIZE - 1));
  }

  read(stream: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord> {
    return recordsOfPages(this.readPages(stream, range));
  }

  /** The port's optional `readFoldPages`: each page of `readPages`, projected onto the fold's fields. */
  async *readFoldPages(stream: DistrictCode, range?: PositionRange): AsyncIterable<readonly FoldFields[]> {
    for await (const page of this.readPages(stream, range)) {
      yield page.map((r) => ({ position: r.position, eventId: r.eventId, type: r.type, effectiveDate: r.effectiveDate, recordedAt: r.recordedAt, data: r.data }) as FoldFields);
    }
  }

  /**
   * The port's optional `readChainPages`: each page of `readPages` as the texts a SQLite file stores — the
   * canonical chained text (plain JSON where the fields have none, as the port allows) and `data` as JSON.
   */
  async *readChainPages(stream: DistrictCode, range?: PositionRange): AsyncIterable<readonly ChainedRow[]> {
    for await (const page of this.readPages(stream, range)) yield page.map(chainedRowOf);
  }

  async redact(stream: DistrictCode, position: number, data: StoredRecord['data'], log?: RedactionLogUpdate): Promise<boolean> {
    const records = this.#streams.get(stream);
    const record = records?.[position - 1];
    if (records === undefined || record === undefined || !Number.isSafeInteger(position)) return false;
    // No await from here on: reading the log, computing its next state and writing both is one step that no
    // other call can interleave with (docs/spec.md §8.4). `next` may throw; nothing is written then.
    const write = redactionWrite(stream, position, record, data, log, log && this.#checkpoints.get(checkpointKey(stream, log.projection))?.state);
    // Records are frozen, so the redacted one replaces it; readers holding the old object keep theirs.
    records[position - 1] = frozenCopyOf(write.record);
    if (write.checkpoint !== undefined) this.#checkpoints.set(checkpointKey(stream, write.checkpoint.projection), write.checkpoint);
    return true;
  }

  async head(stream: DistrictCode): Promise<StreamHead> {
    const records = this.#streams.get(stream);
    const last = records?.[records.length - 1];
    return last === undefined
      ? { position: 0, hash: GENESIS_HASH, recordedAt: null }
      : { position: last.position, hash: last.hash, recordedAt: last.recordedAt };
  }

  async streams(): Promise<DistrictCode[]> {
    return [...this.#streams.keys()].sort();
  }

  async watch(listener: (stream: DistrictCode, head: number) => void): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    return async () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {}
}

const chainedRowOf = (r: StoredRecord): ChainedRow => ({
  position: r.position,
  hash: r.hash,
  chained: chainedTextOf(r),
  data: r.data === undefined ? null : JSON.stringify(r.data),
  redacted: r.redacted === true,
});

// A record whose chained fields have no canonical form (a lone surrogate) cannot carry a valid hash; the
// port lets a store keep another JSON text of the same fields for it.
const chainedTextOf = (r: StoredRecord): string => {
  try {
    return chainedFieldsText(r);
  } catch {
    return JSON.stringify(chainedFieldsOf(r));
  }
};

/** Creates an empty in-memory store. */
export const createMemoryStore = (): MemoryEventStore => new MemoryEventStore();

/**
 * The store's own deeply frozen copy of a record, so that neither the caller who appended it nor a reader
 * can change what the store holds. Records are JSON values, so plain objects and arrays are copied here,
 * in one pass that freezes as it goes (about a third of `structuredClone` and a freezing walk after it);
 * anything else inside (a Date, a Map) is left to `structuredClone`, which also refuses what it cannot copy.
 * Throws `RangeError` for a record nested deeper than `MAX_JSON_NESTING`: the recursion is bounded by it,
 * so no value overflows the call stack (docs/spec.md §8.3), and a cycle is refused the same way.
 */
const frozenCopyOf = (record: StoredRecord): StoredRecord => {
  try {
    return frozenCopy(record, 1) as StoredRecord;
  } catch (e) {
    if (e === TOO_DEEP_SIGNAL) throw new RangeError(`position ${record.position}: ${TOO_DEEP}`);
    throw e;
  }
};

const TOO_DEEP_SIGNAL = Symbol('too deep');

const frozenCopy = (value: unknown, depth: number): unknown => {
  if (typeof value !== 'object' || value === null) return typeof value === 'function' ? structuredClone(value) : value;
  if (depth > MAX_JSON_NESTING) throw TOO_DEEP_SIGNAL;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = frozenCopy(value[i], depth + 1);
    return Object.freeze(out);
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return deepFreeze(structuredClone(value));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = frozenCopy((value as Record<string, unknown>)[key], depth + 1);
    // `out.__proto__ = …` would set the copy's prototype; JSON's "__proto__" is an ordinary key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return Object.freeze(out);
};

// For what `structuredClone` copied above: iterative, and what it walks is a fresh copy without cycles.
const deepFreeze = <T>(value: T): T => {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const v of Object.values(item)) pending.push(v);
  }
  return value;
};
