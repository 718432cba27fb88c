/**
 * The few things the store needs from an EventStoreDB connection, in our own words. The store and
 * everything it tests is written against this interface; `client.ts` is the one module that implements
 * it with `@eventstore/db-client`, and `testing/memoryStreamClient.ts` (the `./testing` entry) implements it in memory for tests.
 *
 * Revisions are 0-based per stream, as the server counts them; ledger positions (1-based) never appear
 * here — `revision.ts` converts between the two.
 *
 * @packageDocumentation
 */

/** What an append expects the stream to be: absent, anything, or at exactly this last revision. */
export type ExpectedRevision = 'no-stream' | 'any' | bigint;

/** What the stream actually was when an append was refused: absent, or its last revision. */
export type CurrentRevision = 'no-stream' | bigint;

/** A place in the global log (`$all`). Events of one append share `commit`; `prepare` tells them apart. */
export interface AllPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** A JSON object, as event data and metadata are written. */
export type JsonObject = { readonly [key: string]: unknown };

/** An event to write: `id` is a UUID, `type` the event type, `data` and `metadata` JSON objects. */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** An event as read back. `data` and `metadata` are parsed JSON; `position` is its place in `$all` where known. */
export interface StreamEvent {
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: AllPosition;
}

/** An event delivered by a subscription to `$all`, which always carries its position. */
export type AllEvent = StreamEvent & { readonly position: AllPosition };

/** The outcome of an append: written (with the stream's new last revision) or refused by the revision check. */
export type AppendOutcome =
  | { readonly kind: 'appended'; readonly nextRevision: bigint }
  | { readonly kind: 'wrong-expected-revision'; readonly actual: CurrentRevision };

/** One bounded read of a stream. `from` is inclusive. */
export interface StreamReadRequest {
  readonly direction: 'forwards' | 'backwards';
  readonly from: bigint | 'start' | 'end';
  readonly maxCount: number;
  /**
   * Read from the leader even when the connection prefers followers, for reads a write decision rests
   * on (a follower may lag behind the leader).
   */
  readonly requiresLeader?: boolean;
}

/** A catch-up subscription to `$all`, filtered to streams whose names start with one of `streamPrefixes`. */
export interface AllSubscriptionRequest {
  /** Events strictly after this position are delivered (`'start'`: from the beginning of the log). */
  readonly from: AllPosition | 'start';
  readonly streamPrefixes: readonly string[];
  /** Called in log order for every matching event. */
  readonly onEvent: (event: AllEvent) => void;
  /** Called when the server reports it has searched the log up to `position` (matching or not). */
  readonly onCheckpoint: (position: AllPosition) => void;
  /** Called once if the subscription ends without being stopped (connection lost, server error). */
  readonly onError: (error: unknown) => void;
}

/** A running subscription. */
export interface AllSubscription {
  stop(): Promise<void>;
}

/** The narrow connection the store runs on. */
export interface StreamClient {
  /** Appends `events` atomically if the stream is as `expected`; a failed revision check is an outcome, not an error. */
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendOutcome>;
  /** Reads up to `maxCount` events; an absent stream reads as no events. */
  read(stream: string, request: StreamReadRequest): Promise<StreamEvent[]>;
  /** The position of the last event in `$all`, or `'start'` for an empty log. */
  lastPositionInAll(): Promise<AllPosition | 'start'>;
  /** Starts a catch-up subscription to `$all`. */
  subscribeToAll(request: AllSubscriptionRequest): AllSubscription;
  /** Keeps only the last `maxCount` events of a stream readable (the server scavenges the rest). */
  setMaxCount(stream: string, maxCount: number): Promise<void>;
  /** Closes the connection. */
  dispose(): Promise<void>;
}

/**
 * An append bigger than the server accepts in one write (its `MaxAppendSize`). The ledger's batches are
 * atomic, so the store cannot split one; the operator raises the limit or imports in smaller batches.
 */
export class AppendTooLargeError extends Error {
  constructor(
    readonly stream: string,
    readonly eventCount: number,
    readonly maxAppendSize: number | undefined,
  ) {
    super(
      `an atomic append of ${eventCount} events to ${stream} exceeds the server's maximum append size` +
        `${maxAppendSize === undefined ? '' : ` (${maxAppendSize} bytes)`}; raise MaxAppendSize on the cluster or append smaller batches`,
    );
    this.name = 'AppendTooLargeError';
  }
}
