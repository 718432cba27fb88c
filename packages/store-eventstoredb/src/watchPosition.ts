/**
 * How a named watch saves its place in `$all`, so that a later watch of the same name resumes where
 * the last one stopped. Positions are 64-bit, so they are written as decimal strings.
 *
 * @packageDocumentation
 */
import { UnreadableEventError } from './recordEvent.js';
import type { AllPosition, EventToAppend, StreamEvent } from './streamClient.js';

/** The event type of a saved watch position. */
export const WATCH_POSITION_EVENT_TYPE = 'WatchPositionSaved';

/** The event that saves `position`; `id` is a fresh UUID. */
export const eventOfWatchPosition = (position: AllPosition, id: string): EventToAppend => ({
  id,
  type: WATCH_POSITION_EVENT_TYPE,
  data: { commit: position.commit.toString(10), prepare: position.prepare.toString(10) },
  metadata: {},
});

const isDigits = (u: unknown): u is string => typeof u === 'string' && /^\d{1,20}$/.test(u);

/** The position an event saved; throws {@link UnreadableEventError} for anything else. */
export const watchPositionOfEvent = (event: StreamEvent): AllPosition => {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as { commit?: unknown; prepare?: unknown };
  if (event.type !== WATCH_POSITION_EVENT_TYPE || !isDigits(data.commit) || !isDigits(data.prepare)) {
    throw new UnreadableEventError(event.stream, event.revision, `it is not a ${WATCH_POSITION_EVENT_TYPE} event`);
  }
  return { commit: BigInt(data.commit), prepare: BigInt(data.prepare) };
};

/** Whether `a` comes after `b` in `$all` (commit first, then prepare). */
export const isAfter = (a: AllPosition, b: AllPosition): boolean => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
