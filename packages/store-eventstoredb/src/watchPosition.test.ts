import { describe, expect, it } from 'vitest';
import { UnreadableEventError } from './recordEvent.js';
import type { EventToAppend, StreamEvent } from './streamClient.js';
import { eventOfWatchPosition, isAfter, watchPositionOfEvent } from './watchPosition.js';

const read = (e: EventToAppend, revision = 0n): StreamEvent => ({
  stream: 's',
  revision,
  id: e.id,
  type: e.type,
  data: JSON.parse(JSON.stringify(e.data)) as unknown,
  metadata: JSON.parse(JSON.stringify(e.metadata)) as unknown,
});

describe('watch position events', () => {
  it('round-trip positions beyond 2^53 exactly', () => {
    const position = { commit: 2n ** 63n - 1n, prepare: 2n ** 60n + 7n };
    expect(watchPositionOfEvent(read(eventOfWatchPosition(position, '00000000-0000-4000-8000-000000000002')))).toEqual(position);
  });

  it('refuse anything else', () => {
    const event = read(eventOfWatchPosition({ commit: 5n, prepare: 5n }, '00000000-0000-4000-8000-000000000002'));
    expect(() => watchPositionOfEvent({ ...event, data: { commit: 5, prepare: 5 } })).toThrow(UnreadableEventError);
    expect(() => watchPositionOfEvent({ ...event, data: { commit: '-5', prepare: '5' } })).toThrow(UnreadableEventError);
    expect(() => watchPositionOfEvent({ ...event, type: 'Other' })).toThrow(UnreadableEventError);
  });

  it('order positions by commit, then prepare', () => {
    expect(isAfter({ commit: 10n, prepare: 3n }, { commit: 9n, prepare: 9n })).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 4n }, { commit: 10n, prepare: 3n })).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 3n }, { commit: 10n, prepare: 3n })).toBe(false);
    expect(isAfter({ commit: 9n, prepare: 9n }, { commit: 10n, prepare: 3n })).toBe(false);
  });
});
