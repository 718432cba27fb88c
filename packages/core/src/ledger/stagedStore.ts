import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../record/record.js';
import type { EventStore, PositionRange, StoreAppendResult, StreamHead } from '../store/port.js';

/**
 * A store that reads through to another and keeps its own appends in memory until {@link commit}.
 * `import` validates every district's batch against it — the ledger's rules see the real stream plus the
 * batches staged before — and writes nothing unless every batch of every file was accepted.
 * Holds the staged records, so it is a class.
 */
export class StagedStore implements EventStore {
  readonly #base: EventStore;
  readonly #staged = new Map<DistrictCode, { readonly baseHead: StreamHead; readonly records: StoredRecord[] }>();

  /**
   * The base store's checkpoints, read and written through: an import over this store resumes the stream
   * facts saved beside the base's streams, and saves them there once its batches are committed.
   */
  readonly checkpoints: EventStore['checkpoints'];

  constructor(base: EventStore) {
    this.#base = base;
    this.checkpoints = base.checkpoints;
  }

  async append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult> {
    const head = await this.head(stream);
    if (head.position !== expectedPosition) return E.left({ kind: 'position-conflict', expectedPosition, actualPosition: head.position });
    let staged = this.#staged.get(stream);
    if (staged === undefined) {
      staged = { baseHead: head, records: [] };
      this.#staged.set(stream, staged);
    }
    // One at a time: spreading a batch of 100 000+ records into push's arguments overflows the stack.
    for (const r of records) staged.records.push(r);
    return E.right(this.#headOf(staged.records[staged.records.length - 1]!));
  }

  async *readPages(stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly StoredRecord[]> {
    const staged = this.#staged.get(stream);
    if (staged === undefined) {
      yield* this.#base.readPages(stream, range);
      return;
    }
    const from = range.from ?? 1;
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    const baseEnd = staged.baseHead.position;
    if (from <= baseEnd) yield* this.#base.readPages(stream, { from, to: Math.min(to, baseEnd) });
    // Staged records are contiguous from baseEnd + 1, so a range is a slice, not a scan.
    const page = staged.records.slice(Math.max(from, baseEnd + 1) - baseEnd - 1, Math.max(0, Math.min(to, baseEnd + staged.records.length) - baseEnd));
    if (page.length > 0) yield page;
  }

  async *read(stream: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord> {
    for await (const page of this.readPages(stream, range)) yield* page;
  }

  async head(stream: DistrictCode): Promise<StreamHead> {
    const staged = this.#staged.get(stream);
    const last = staged?.records[staged.records.length - 1];
    return last !== undefined ? this.#headOf(last) : (staged?.baseHead ?? this.#base.head(stream));
  }

  async streams(): Promise<DistrictCode[]> {
    const all = new Set([...(await this.#base.streams()), ...this.#staged.keys()]);
    return [...all].sort();
  }

  /** The staged batches, by district, with the base stream's head each was validated against. */
  staged(): ReadonlyMap<DistrictCode, { readonly baseHead: StreamHead; readonly records: readonly StoredRecord[] }> {
    return this.#staged;
  }

  /**
   * Appends each district's staged batch to the base store, atomically per district and only if no other
   * writer appended since validation. Returns the districts written and, if one could not be, the conflict.
   */
  async commit(): Promise<{ readonly written: DistrictCode[]; readonly conflict?: { readonly district: DistrictCode; readonly actualPosition: number } }> {
    const written: DistrictCode[] = [];
    for (const [district, { baseHead, records }] of this.#staged) {
      if (records.length === 0) continue;
      const result = await this.#base.append(district, records, baseHead.position);
      if (E.isLeft(result)) {
        const actualPosition = result.left.kind === 'position-conflict' ? result.left.actualPosition : (await this.#base.head(district)).position;
        return { written, conflict: { district, actualPosition } };
      }
      written.push(district);
    }
    this.#staged.clear();
    return { written };
  }

  /** Staged records go nowhere; the base store stays open (its owner closes it). */
  async close(): Promise<void> {
    this.#staged.clear();
  }

  #headOf(r: StoredRecord): StreamHead {
    return { position: r.position, hash: r.hash, recordedAt: r.recordedAt };
  }
}
