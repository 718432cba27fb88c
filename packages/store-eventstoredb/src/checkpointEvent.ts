/**
 * How a projection checkpoint is written as an event and read back. Each (district, projection) has a
 * stream of its own whose last event is the current checkpoint: saving appends, loading reads one event
 * backwards, and the stream's `$maxCount` lets the server discard the superseded ones.
 *
 * @packageDocumentation
 */
import type { DistrictCode, ProjectionCheckpoint } from '@indicator-ledger/core';
import { UnreadableEventError } from './recordEvent.js';
import type { EventToAppend, StreamEvent } from './streamClient.js';

/** The event type of a saved checkpoint. */
export const CHECKPOINT_EVENT_TYPE = 'ProjectionCheckpointSaved';

/** The event that saves `checkpoint`; `id` is a fresh UUID (every save is a new event). */
export const eventOfCheckpoint = (checkpoint: ProjectionCheckpoint, id: string): EventToAppend => ({
  id,
  type: CHECKPOINT_EVENT_TYPE,
  data: {
    stream: checkpoint.stream,
    projection: checkpoint.projection,
    version: checkpoint.version,
    position: checkpoint.position,
    state: checkpoint.state,
  },
  metadata: {},
});

interface CheckpointJson {
  readonly stream: string;
  readonly projection: string;
  readonly version: string;
  readonly position: number;
  readonly state: string;
}

const isCheckpointJson = (u: unknown): u is CheckpointJson => {
  if (typeof u !== 'object' || u === null) return false;
  const c = u as Record<string, unknown>;
  return (
    typeof c.stream === 'string' &&
    typeof c.projection === 'string' &&
    typeof c.version === 'string' &&
    typeof c.position === 'number' &&
    typeof c.state === 'string'
  );
};

/**
 * The checkpoint an event saved, for the given district and projection. Throws
 * {@link UnreadableEventError} when the event is not a checkpoint of exactly that pair.
 */
export const checkpointOfEvent = (event: StreamEvent, district: DistrictCode, projection: string): ProjectionCheckpoint => {
  const c = event.data;
  if (event.type !== CHECKPOINT_EVENT_TYPE || !isCheckpointJson(c)) {
    throw new UnreadableEventError(event.stream, event.revision, `it is not a ${CHECKPOINT_EVENT_TYPE} event`);
  }
  if (c.stream !== district || c.projection !== projection) {
    throw new UnreadableEventError(event.stream, event.revision, `it saves ${c.projection} of ${c.stream}, not ${projection} of ${district}`);
  }
  return { stream: district, projection: c.projection, version: c.version, position: c.position, state: c.state };
};
