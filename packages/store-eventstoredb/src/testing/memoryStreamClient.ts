/**
 * An in-memory stand-in for an EventStoreDB node behind the narrow {@link StreamClient}, so the store
 * (and its contract suite) runs without a server. It keeps the server's rules that the store relies on:
 * 0-based revisions per stream, the expected-revision check with the actual revision reported on
 * refusal, atomic appends, an absent stream reading as nothing, `$maxCount`, a global log whose
 * positions order events (events of one append share a commit position), catch-up subscriptions that
 * deliver events strictly after their start position, asynchronously, filtered by stream-name prefix,
 * with checkpoints. Data and metadata are stored as JSON text, so what is read back went through the
 * same serialisation as on the wire.
 *
 * @packageDocumentation
 */
import { isAfter } from '../watchPosition.js';
import { AppendTooLargeError } from '../streamClient.js';
import type {
  AllPosition,
  AllSubscription,
  AllSubscriptionRequest,
  AppendOutcome,
  EventToAppend,
  ExpectedRevision,
  StreamClient,
  StreamEvent,
  StreamReadRequest,
} from '../streamClient.js';

interface Row {
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly position: AllPosition;
}

interface Subscriber {
  readonly request: AllSubscriptionRequest;
  /** Index in the log of the next event to consider. */
  next: number;
  /** Events scanned since the last checkpoint. */
  scanned: number;
  stopped: boolean;
  scheduled: boolean;
}

/** Options of {@link MemoryStreamClient}. */
export interface MemoryStreamClientOptions {
  /** Refuse appends whose data and metadata exceed this many UTF-8 bytes, as a server's `MaxAppendSize` does. */
  readonly maxAppendSize?: number;
  /**
   * Events scanned between two checkpoints a subscription reports (`Infinity`: none, so a subscriber
   * must keep its place from the events alone). Default: one checkpoint at the end of each delivery.
   */
  readonly checkpointAfter?: number;
}

/** One read as the store made it, for tests that check how it reads. */
export interface RecordedRead {
  readonly stream: string;
  readonly request: StreamReadRequest;
}

/** An in-memory {@link StreamClient}; holds its streams, so it is a class. */
export class MemoryStreamClient implements StreamClient {
  readonly #streams = new Map<string, Row[]>();
  readonly #maxCounts = new Map<string, number>();
  readonly #log: Row[] = [];
  readonly #subscribers = new Set<Subscriber>();
  readonly #maxAppendSize: number | undefined;
  readonly #checkpointAfter: number | undefined;
  #nextPosition = 1n;
  /** Every read made so far, in order. */
  readonly reads: RecordedRead[] = [];

  constructor(options: MemoryStreamClientOptions = {}) {
    this.#maxAppendSize = options.maxAppendSize;
    this.#checkpointAfter = options.checkpointAfter;
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendOutcome> {
    await Promise.resolve();
    const rows = this.#streams.get(stream) ?? [];
    const last = rows.length === 0 ? undefined : BigInt(rows.length - 1);
    const matches = expected === 'any' || (expected === 'no-stream' ? last === undefined : last === expected);
    if (!matches) return { kind: 'wrong-expected-revision', actual: last ?? 'no-stream' };
    const written = events.map((e) => ({ id: e.id, type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) }));
    if (this.#maxAppendSize !== undefined) {
      const size = written.reduce((sum, e) => sum + Buffer.byteLength(e.data) + Buffer.byteLength(e.metadata), 0);
      if (size > this.#maxAppendSize) throw new AppendTooLargeError(stream, events.length, this.#maxAppendSize);
    }
    if (written.length === 0) return { kind: 'appended', nextRevision: last ?? -1n };
    const commit = this.#nextPosition + BigInt(written.length - 1);
    written.forEach((e, i) => {
      const row: Row = { stream, revision: BigInt(rows.length), ...e, position: { commit, prepare: this.#nextPosition + BigInt(i) } };
      rows.push(row);
      this.#log.push(row);
    });
    this.#nextPosition = commit + 1n;
    this.#streams.set(stream, rows);
    for (const s of this.#subscribers) this.#schedule(s);
    return { kind: 'appended', nextRevision: BigInt(rows.length - 1) };
  }

  async read(stream: string, request: StreamReadRequest): Promise<StreamEvent[]> {
    await Promise.resolve();
    this.reads.push({ stream, request });
    const rows = this.#streams.get(stream) ?? [];
    const maxCount = this.#maxCounts.get(stream);
    const visible = maxCount === undefined ? rows : rows.slice(Math.max(0, rows.length - maxCount));
    const end = BigInt(rows.length - 1);
    const from = request.from === 'start' ? 0n : request.from === 'end' ? end : request.from;
    const chosen =
      request.direction === 'forwards'
        ? visible.filter((r) => r.revision >= (request.from === 'end' ? end + 1n : from))
        : visible.filter((r) => r.revision <= from).reverse();
    return chosen.slice(0, request.maxCount).map(eventOfRow);
  }

  async lastPositionInAll(): Promise<AllPosition | 'start'> {
    await Promise.resolve();
    return this.#log[this.#log.length - 1]?.position ?? 'start';
  }

  subscribeToAll(request: AllSubscriptionRequest): AllSubscription {
    const from = request.from;
    const next = from === 'start' ? 0 : this.#log.findIndex((row) => isAfter(row.position, from));
    const subscriber: Subscriber = { request, next: next === -1 ? this.#log.length : next, scanned: 0, stopped: false, scheduled: false };
    this.#subscribers.add(subscriber);
    this.#schedule(subscriber);
    return {
      stop: async () => {
        subscriber.stopped = true;
        this.#subscribers.delete(subscriber);
      },
    };
  }

  async setMaxCount(stream: string, maxCount: number): Promise<void> {
    await Promise.resolve();
    this.#maxCounts.set(stream, maxCount);
  }

  async dispose(): Promise<void> {
    for (const s of this.#subscribers) s.stopped = true;
    this.#subscribers.clear();
  }

  /** Ends every running subscription with `error`, as a lost connection would. */
  dropSubscriptions(error: unknown = new Error('connection lost')): void {
    for (const s of [...this.#subscribers]) {
      s.stopped = true;
      this.#subscribers.delete(s);
      s.request.onError(error);
    }
  }

  /** How many subscriptions are running. */
  get subscriptionCount(): number {
    return this.#subscribers.size;
  }

  // Delivery is asynchronous, as over a network: an append returns before subscribers hear of it.
  #schedule(subscriber: Subscriber): void {
    if (subscriber.scheduled) return;
    subscriber.scheduled = true;
    setImmediate(() => {
      subscriber.scheduled = false;
      this.#deliver(subscriber);
    });
  }

  #deliver(subscriber: Subscriber): void {
    let scanned: AllPosition | undefined;
    while (subscriber.next < this.#log.length) {
      if (subscriber.stopped) return;
      const row = this.#log[subscriber.next]!;
      subscriber.next += 1;
      scanned = row.position;
      if (subscriber.request.streamPrefixes.some((p) => row.stream.startsWith(p))) {
        subscriber.request.onEvent({ ...eventOfRow(row), position: row.position });
      }
      subscriber.scanned += 1;
      if (this.#checkpointAfter !== undefined && subscriber.scanned >= this.#checkpointAfter && !subscriber.stopped) {
        subscriber.scanned = 0;
        subscriber.request.onCheckpoint(row.position);
      }
    }
    if (this.#checkpointAfter === undefined && scanned !== undefined && !subscriber.stopped) subscriber.request.onCheckpoint(scanned);
  }
}

const eventOfRow = (row: Row): StreamEvent => ({
  stream: row.stream,
  revision: row.revision,
  id: row.id,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as unknown,
  position: row.position,
});
