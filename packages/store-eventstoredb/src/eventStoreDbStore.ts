import * as E from 'fp-ts/lib/Either.js';
import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, assertContiguous, recordsOfPages } from '@indicator-ledger/core';
import type {
  CheckpointStore,
  DistrictCode,
  EventStore,
  PositionRange,
  ProjectionCheckpoint,
  StoreAppendResult,
  StoredRecord,
  StreamHead,
} from '@indicator-ledger/core';
import { conflictOfRefusal, positionConflict } from './appendConflict.js';
import { checkpointOfEvent, eventOfCheckpoint } from './checkpointEvent.js';
import { connectEventStoreDb } from './client.js';
import { districtsOfListings, eventOfListing } from './districtIndex.js';
import { emptyEventIdIndex, extendEventIdIndex, firstDuplicateEventId } from './eventIdIndex.js';
import type { EventIdIndex } from './eventIdIndex.js';
import { eventOfRecord, recordOfEvent } from './recordEvent.js';
import { expectedRevisionOf, pageRequestAt, positionOfRevision } from './revision.js';
import type { AllPosition, AllSubscription, StreamClient, StreamEvent } from './streamClient.js';
import {
  DEFAULT_NAMESPACE,
  checkpointStreamName,
  districtIndexStreamName,
  districtOfStreamName,
  districtStreamName,
  districtStreamPrefix,
  parseNamespace,
  watchPositionStreamName,
} from './streamNames.js';
import { eventOfWatchPosition, isAfter, watchPositionOfEvent } from './watchPosition.js';

/** The environment variable holding the connection string when no option gives one. */
export const LEDGER_ESDB_URL = 'LEDGER_ESDB_URL';

/** Options of {@link EventStoreDbStore}. */
export interface EventStoreDbStoreOptions {
  /**
   * `esdb://host:2113,…?tls=…` or `esdb+discover://…`; default: the `LEDGER_ESDB_URL` environment
   * variable. Ignored when `client` is given.
   */
  readonly connectionString?: string;
  /** A connection to use instead of opening one (tests use a `MemoryStreamClient`). The store closes it. */
  readonly client?: StreamClient;
  /** Prefix of every stream name (default `indicator-ledger`); see `streamNames.ts`. */
  readonly namespace?: string;
  /** Records per read (default 1000). */
  readonly pageSize?: number;
  /**
   * Name under which watches save their `$all` position, so a later watch of the same name (in this or
   * another process) resumes there and hears of appends made while nobody watched. Without a name a
   * watch starts at the current end of `$all`.
   */
  readonly watchName?: string;
  /** Least time between two saves of a named watch's position (default 1000 ms). */
  readonly watchSaveIntervalMs?: number;
  /** Wait before resubscribing after a subscription drops (default 1000 ms). */
  readonly resubscribeDelayMs?: number;
  /** How many checkpoint events each checkpoint stream keeps readable (default 3; the latest is the one used). */
  readonly checkpointsKept?: number;
  /** Told of background failures (a dropped subscription, a failed listing or position save); default: a process warning. */
  readonly onError?: (error: unknown, during: string) => void;
  /** Ids of checkpoint and position events (default: random UUIDs). */
  readonly newEventId?: () => string;
}

/** The connection string the options and environment give, or `undefined`. */
export const connectionStringOf = (options: EventStoreDbStoreOptions, env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const text = options.connectionString ?? env[LEDGER_ESDB_URL];
  return text === undefined || text.trim() === '' ? undefined : text.trim();
};

const DEFAULT_PAGE_SIZE = 1000;

const warn = (error: unknown, during: string): void => {
  process.emitWarning(`${during}: ${error instanceof Error ? error.message : String(error)}`, { type: 'EventStoreDbStoreWarning' });
};

/**
 * An {@link EventStore} on an EventStoreDB node or cluster: one stream per district
 * (`indicator-ledger-<district>`, docs/spec.md §2), each record one event (see `recordEvent.ts`), position p at
 * revision p − 1. Holds a connection, so it is a class; what it decides is done by pure functions in the
 * modules it imports.
 *
 * - `append` checks event ids against an index of the stream kept by this instance (built by reading
 *   the stream from the leader the first time, and brought up to date whenever the caller's expected
 *   position is ahead of it), then appends with the expected revision; the server's refusal becomes a
 *   `position-conflict`.
 * - `streams` reads the small `<ns>.districts` index stream, written after a district's first append
 *   (a crash between the two leaves a district unlisted until its next append through any store).
 * - `watch` is a catch-up subscription to `$all` filtered by the district-stream prefix; it resubscribes
 *   from its last position when dropped, and with `watchName` saves that position for later runs.
 * - `checkpoints` keep each (district, projection)'s latest checkpoint as the last event of its stream.
 */
export class EventStoreDbStore implements EventStore {
  readonly #client: StreamClient;
  readonly #namespace: string;
  readonly #pageSize: number;
  readonly #options: EventStoreDbStoreOptions;
  readonly #onError: (error: unknown, during: string) => void;
  readonly #newEventId: () => string;
  readonly #indexes = new Map<DistrictCode, EventIdIndex>();
  readonly #limitedStreams = new Set<string>();
  readonly #watches = new Set<() => Promise<void>>();
  #listed: Promise<Set<DistrictCode>> | undefined;

  constructor(options: EventStoreDbStoreOptions = {}) {
    const namespace = parseNamespace(options.namespace ?? DEFAULT_NAMESPACE);
    if (!namespace.ok) throw new RangeError(namespace.reason);
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize should be a whole number ≥ 1, got ${pageSize}`);
    let client = options.client;
    if (client === undefined) {
      const connectionString = connectionStringOf(options);
      if (connectionString === undefined) {
        throw new Error(`no EventStoreDB connection string: pass connectionString, or set ${LEDGER_ESDB_URL} (e.g. esdb://localhost:2113?tls=false)`);
      }
      client = connectEventStoreDb(connectionString);
    }
    this.#client = client;
    this.#namespace = namespace.value;
    this.#pageSize = pageSize;
    this.#options = options;
    this.#onError = options.onError ?? warn;
    this.#newEventId = options.newEventId ?? randomUUID;
  }

  /** Projection checkpoints: one stream per (district, projection), the latest checkpoint as its last event. */
  readonly checkpoints: CheckpointStore = {
    saveCheckpoint: async (checkpoint: ProjectionCheckpoint): Promise<void> => {
      const stream = checkpointStreamName(this.#namespace, checkpoint.stream, checkpoint.projection);
      await this.#client.append(stream, [eventOfCheckpoint(checkpoint, this.#newEventId())], 'any');
      await this.#limit(stream, this.#options.checkpointsKept ?? 3);
    },
    loadCheckpoint: async (district: DistrictCode, projection: string): Promise<ProjectionCheckpoint | undefined> => {
      const [last] = await this.#client.read(checkpointStreamName(this.#namespace, district, projection), { direction: 'backwards', from: 'end', maxCount: 1 });
      return last === undefined ? undefined : checkpointOfEvent(last, district, projection);
    },
    // The compare-and-set: read the newest checkpoint event with its revision, compare its state, then
    // append expecting that very revision — the server refuses the append if anyone saved in between.
    replaceCheckpoint: async (checkpoint: ProjectionCheckpoint, expectedState: string | undefined): Promise<boolean> => {
      const stream = checkpointStreamName(this.#namespace, checkpoint.stream, checkpoint.projection);
      const [last] = await this.#client.read(stream, { direction: 'backwards', from: 'end', maxCount: 1 });
      const current = last === undefined ? undefined : checkpointOfEvent(last, checkpoint.stream, checkpoint.projection).state;
      if (current !== expectedState) return false;
      // Nothing read: the stream must still not exist (saves keep its newest events, so a stream once
      // written never reads empty).
      const expected = last === undefined ? 'no-stream' : last.revision;
      const outcome = await this.#client.append(stream, [eventOfCheckpoint(checkpoint, this.#newEventId())], expected);
      if (outcome.kind !== 'appended') return false;
      await this.#limit(stream, this.#options.checkpointsKept ?? 3);
      return true;
    },
  };

  async append(stream: DistrictCode, records: readonly StoredRecord[], expectedPosition: number): Promise<StoreAppendResult> {
    if (records.length === 0) {
      // Nothing to write, so nothing for the server to check: compare with the leader's head ourselves.
      const head = await this.#headOf(stream, true);
      return head.position === expectedPosition ? E.right(head) : E.left(positionConflict(expectedPosition, head.position));
    }
    const index = await this.#indexAt(stream, expectedPosition);
    // The index only grows, and only with what the stream holds, so a head past it is certain; a head
    // short of it was read from the leader just now.
    if (index.head !== expectedPosition) return E.left(positionConflict(expectedPosition, index.head));
    assertContiguous(records, expectedPosition);
    const duplicate = firstDuplicateEventId(index, records);
    if (duplicate !== undefined) return E.left({ kind: 'duplicate-event-id', eventId: duplicate.eventId, position: duplicate.position });
    const outcome = await this.#client.append(districtStreamName(this.#namespace, stream), records.map(eventOfRecord), expectedRevisionOf(expectedPosition));
    if (outcome.kind === 'wrong-expected-revision') return E.left(conflictOfRefusal(expectedPosition, outcome));
    extendEventIdIndex(index, records);
    await this.#list(stream);
    const last = records[records.length - 1]!;
    return E.right({ position: last.position, hash: last.hash, recordedAt: last.recordedAt });
  }

  async *readPages(stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly StoredRecord[]> {
    for await (const events of this.#pagesOf(districtStreamName(this.#namespace, stream), range.from ?? 1, range.to, false)) {
      yield events.map((e) => recordOfEvent(e, stream));
    }
  }

  read(stream: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord> {
    return recordsOfPages(this.readPages(stream, range));
  }

  head(stream: DistrictCode): Promise<StreamHead> {
    return this.#headOf(stream, false);
  }

  async streams(): Promise<DistrictCode[]> {
    const listed = new Set<DistrictCode>();
    for await (const events of this.#pagesOf(districtIndexStreamName(this.#namespace), 1, undefined, false)) {
      for (const d of districtsOfListings(events)) listed.add(d);
    }
    const known = await this.#listed?.catch(() => undefined);
    for (const d of known ?? []) listed.add(d);
    return [...listed].sort();
  }

  async watch(listener: (stream: DistrictCode, head: number) => void): Promise<() => Promise<void>> {
    const name = this.#options.watchName;
    const positionStream = name === undefined ? undefined : watchPositionStreamName(this.#namespace, name);
    let position = await this.#watchStart(positionStream);
    let saved = position;
    let savedAt = Date.now();
    let saving: Promise<void> = Promise.resolve();
    let subscription: AllSubscription | undefined;
    let retry: NodeJS.Timeout | undefined;
    let stopped = false;

    const save = (): Promise<void> => {
      if (positionStream === undefined) return saving;
      saving = saving.then(async () => {
        const current = position;
        if (current === 'start' || (saved !== 'start' && !isAfter(current, saved))) return;
        try {
          await this.#client.append(positionStream, [eventOfWatchPosition(current, this.#newEventId())], 'any');
          await this.#limit(positionStream, 3);
          saved = current;
        } catch (error) {
          this.#onError(error, `saving the position of watch ${name}`);
        }
      });
      savedAt = Date.now();
      return saving;
    };
    const advance = (to: AllPosition): void => {
      if (position !== 'start' && !isAfter(to, position)) return;
      position = to;
      if (positionStream !== undefined && Date.now() - savedAt >= (this.#options.watchSaveIntervalMs ?? 1000)) void save();
    };
    const subscribe = (): void => {
      subscription = this.#client.subscribeToAll({
        from: position,
        streamPrefixes: [districtStreamPrefix(this.#namespace)],
        onEvent: (event) => {
          const district = districtOfStreamName(this.#namespace, event.stream);
          if (district !== undefined) {
            try {
              listener(district, positionOfRevision(event.revision));
            } catch (error) {
              this.#onError(error, 'a watch listener');
            }
          }
          advance(event.position);
        },
        onCheckpoint: advance,
        onError: (error) => {
          if (stopped) return;
          this.#onError(error, 'the $all subscription of a watch (resubscribing)');
          retry = setTimeout(() => {
            retry = undefined;
            if (!stopped) subscribe();
          }, this.#options.resubscribeDelayMs ?? 1000);
        },
      });
    };
    subscribe();

    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      this.#watches.delete(stop);
      await subscription?.stop();
      await save();
    };
    this.#watches.add(stop);
    return stop;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#watches].map((stop) => stop()));
    await this.#client.dispose();
  }

  /** Forward pages of a stream's events from position `from` to `to` (inclusive; `undefined`: the head). */
  async *#pagesOf(stream: string, from: number, to: number | undefined, requiresLeader: boolean): AsyncIterable<StreamEvent[]> {
    let next = from;
    for (;;) {
      const page = pageRequestAt(next, to, this.#pageSize);
      if (page === undefined) return;
      const events = await this.#client.read(stream, {
        direction: 'forwards',
        from: page.fromRevision,
        maxCount: page.maxCount,
        ...(requiresLeader ? { requiresLeader: true } : {}),
      });
      if (events.length === 0) return;
      yield events;
      if (events.length < page.maxCount) return;
      next = positionOfRevision(events[events.length - 1]!.revision) + 1;
    }
  }

  async #headOf(stream: DistrictCode, requiresLeader: boolean): Promise<StreamHead> {
    const [last] = await this.#client.read(districtStreamName(this.#namespace, stream), {
      direction: 'backwards',
      from: 'end',
      maxCount: 1,
      ...(requiresLeader ? { requiresLeader: true } : {}),
    });
    if (last === undefined) return { position: 0, hash: GENESIS_HASH, recordedAt: null };
    const record = recordOfEvent(last, stream);
    return { position: record.position, hash: record.hash, recordedAt: record.recordedAt };
  }

  /**
   * The event-id index of `stream`, read up to the stream's head from the leader unless it already ends
   * at `expectedPosition` — in which case it is complete whenever the append that follows succeeds,
   * since that append succeeds only if the stream still ends there.
   */
  async #indexAt(stream: DistrictCode, expectedPosition: number): Promise<EventIdIndex> {
    let index = this.#indexes.get(stream);
    if (index === undefined) {
      index = emptyEventIdIndex();
      this.#indexes.set(stream, index);
    }
    if (index.head === expectedPosition) return index;
    for await (const events of this.#pagesOf(districtStreamName(this.#namespace, stream), index.head + 1, undefined, true)) {
      extendEventIdIndex(index, events.map((e) => recordOfEvent(e, stream)));
    }
    return index;
  }

  /** Lists `district` in the index stream unless this store already knows it is listed. */
  async #list(district: DistrictCode): Promise<void> {
    try {
      const listed = await (this.#listed ??= this.#readListings());
      if (listed.has(district)) return;
      await this.#client.append(districtIndexStreamName(this.#namespace), [eventOfListing(this.#namespace, district)], 'any');
      listed.add(district);
    } catch (error) {
      // The records are written; failing the append now would invite a retry that conflicts with them.
      this.#onError(error, `listing district ${district} (it will be listed on its next append)`);
    }
  }

  #readListings(): Promise<Set<DistrictCode>> {
    const reading = (async () => {
      const listed = new Set<DistrictCode>();
      for await (const events of this.#pagesOf(districtIndexStreamName(this.#namespace), 1, undefined, false)) {
        for (const d of districtsOfListings(events)) listed.add(d);
      }
      return listed;
    })();
    reading.catch(() => {
      this.#listed = undefined;
    });
    return reading;
  }

  async #watchStart(positionStream: string | undefined): Promise<AllPosition | 'start'> {
    if (positionStream !== undefined) {
      const [last] = await this.#client.read(positionStream, { direction: 'backwards', from: 'end', maxCount: 1 });
      if (last !== undefined) return watchPositionOfEvent(last);
    }
    return this.#client.lastPositionInAll();
  }

  /** Sets a stream's `$maxCount` once per store instance, so superseded checkpoints can be scavenged. */
  async #limit(stream: string, maxCount: number): Promise<void> {
    if (this.#limitedStreams.has(stream)) return;
    await this.#client.setMaxCount(stream, maxCount);
    this.#limitedStreams.add(stream);
  }
}

/** Opens a store; see {@link EventStoreDbStore}. */
export const createEventStoreDbStore = (options: EventStoreDbStoreOptions = {}): EventStoreDbStore => new EventStoreDbStore(options);
