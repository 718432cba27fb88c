/**
 * The one module that talks to `@eventstore/db-client` (v6): it implements the narrow
 * {@link StreamClient} over a gRPC connection and translates the library's values and errors into ours.
 * No other file imports the library, so moving to its successor `@kurrent/kurrentdb-client` is a
 * change to this file alone — there `expectedRevision` became `streamState`, the client class is
 * `KurrentDBClient` and connection strings may use the `kurrentdb://` scheme; the rest of the package
 * never sees any of it.
 *
 * @packageDocumentation
 */
import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AppendExpectedRevision, AppendResult, CurrentRevision as LibraryCurrentRevision, Position, RecordedEvent, ResolvedEvent } from '@eventstore/db-client';
import { AppendTooLargeError } from './streamClient.js';
import type { AllPosition, AllSubscription, AllSubscriptionRequest, AppendOutcome, CurrentRevision, EventToAppend, ExpectedRevision, StreamClient, StreamEvent, StreamReadRequest } from './streamClient.js';

/** The library's expected revision for ours (`'no-stream'` is spelt `no_stream` there). */
export const libraryExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision =>
  expected === 'no-stream' ? NO_STREAM : expected === 'any' ? ANY : expected;

/** Our current revision for the library's. */
export const currentRevisionOfLibrary = (actual: LibraryCurrentRevision): CurrentRevision => (actual === NO_STREAM ? 'no-stream' : actual);

const errorType = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined);

/**
 * The append outcome a thrown library error stands for: a `WrongExpectedVersionError` is the server's
 * optimistic-concurrency refusal, which the store reports as a conflict rather than an exception.
 * Any other error is not an outcome (`undefined`), and the caller rethrows it.
 */
export const appendOutcomeOfError = (error: unknown): AppendOutcome | undefined => {
  if (errorType(error) !== ErrorType.WRONG_EXPECTED_VERSION) return undefined;
  const actual = (error as { actualVersion?: unknown }).actualVersion;
  // A refusal always names what the stream was; anything else is not a refusal we understand.
  if (actual !== NO_STREAM && typeof actual !== 'bigint') return undefined;
  return { kind: 'wrong-expected-revision', actual: currentRevisionOfLibrary(actual) };
};

/**
 * The outcome an append result stands for. With `throwOnAppendFailure=false` in the connection string
 * the library reports a failed revision check as `success: false` (with the current revision, or −1 for
 * no stream) instead of throwing; that must not pass for a write.
 */
export const appendOutcomeOfResult = (result: AppendResult): AppendOutcome =>
  result.success
    ? { kind: 'appended', nextRevision: result.nextExpectedRevision }
    : { kind: 'wrong-expected-revision', actual: result.nextExpectedRevision < 0n ? 'no-stream' : result.nextExpectedRevision };

const allPositionOf = (position: Position): AllPosition => ({ commit: position.commit, prepare: position.prepare });

const streamEventOf = (event: RecordedEvent): StreamEvent => ({
  stream: event.streamId,
  revision: event.revision,
  id: event.id,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  ...(event.position !== undefined ? { position: allPositionOf(event.position) } : {}),
});

/** Connects to a node or cluster given an `esdb://` or `esdb+discover://` connection string. */
export const connectEventStoreDb = (connectionString: string): StreamClient => {
  const client = EventStoreDBClient.connectionString(connectionString);

  return {
    async append(stream, events, expected) {
      try {
        const result = await client.appendToStream(
          stream,
          events.map((e: EventToAppend) => jsonEvent({ id: e.id, type: e.type, data: { ...e.data }, metadata: { ...e.metadata } })),
          { expectedRevision: libraryExpectedRevision(expected) },
        );
        return appendOutcomeOfResult(result);
      } catch (error) {
        const outcome = appendOutcomeOfError(error);
        if (outcome !== undefined) return outcome;
        if (errorType(error) === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED) {
          throw new AppendTooLargeError(stream, events.length, (error as { maxAppendSize?: number }).maxAppendSize);
        }
        throw error;
      }
    },

    async read(stream, request: StreamReadRequest) {
      const events: StreamEvent[] = [];
      try {
        const reading = client.readStream(stream, {
          direction: request.direction === 'forwards' ? FORWARDS : BACKWARDS,
          fromRevision: request.from === 'start' ? START : request.from === 'end' ? END : request.from,
          maxCount: request.maxCount,
          ...(request.requiresLeader === true ? { requiresLeader: true } : {}),
        });
        for await (const resolved of reading as AsyncIterable<ResolvedEvent>) {
          if (resolved.event !== undefined) events.push(streamEventOf(resolved.event));
        }
      } catch (error) {
        if (errorType(error) === ErrorType.STREAM_NOT_FOUND) return [];
        throw error;
      }
      return events;
    },

    async lastPositionInAll() {
      for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }) as AsyncIterable<AllStreamResolvedEvent>) {
        if (resolved.event !== undefined) return allPositionOf(resolved.event.position);
      }
      return 'start';
    },

    subscribeToAll(request: AllSubscriptionRequest): AllSubscription {
      const subscription = client.subscribeToAll({
        fromPosition: request.from === 'start' ? START : { commit: request.from.commit, prepare: request.from.prepare },
        filter: streamNameFilter({
          prefixes: [...request.streamPrefixes],
          checkpointReached: (_subscription, position) => request.onCheckpoint(allPositionOf(position)),
        }),
      });
      let ended = false;
      const end = (error: unknown): void => {
        if (ended) return;
        ended = true;
        request.onError(error);
      };
      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        const event = resolved.event;
        if (event !== undefined) request.onEvent({ ...streamEventOf(event), position: allPositionOf(event.position) });
      });
      subscription.on('error', end);
      subscription.on('end', () => end(new Error('the $all subscription ended')));
      return {
        async stop() {
          ended = true;
          await subscription.unsubscribe();
        },
      };
    },

    async setMaxCount(stream, maxCount) {
      await client.setStreamMetadata(stream, { maxCount });
    },

    dispose: () => client.dispose(),
  };
};
