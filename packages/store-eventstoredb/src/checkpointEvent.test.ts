import { describe, expect, it } from 'vitest';
import type { DistrictCode, ProjectionCheckpoint } from '@indicator-ledger/core';
import { CHECKPOINT_EVENT_TYPE, checkpointOfEvent, eventOfCheckpoint } from './checkpointEvent.js';
import { UnreadableEventError } from './recordEvent.js';
import type { EventToAppend, StreamEvent } from './streamClient.js';

const district = '130302' as DistrictCode;
const read = (e: EventToAppend, revision = 0n): StreamEvent => ({
  stream: 's',
  revision,
  id: e.id,
  type: e.type,
  data: JSON.parse(JSON.stringify(e.data)) as unknown,
  metadata: JSON.parse(JSON.stringify(e.metadata)) as unknown,
});

describe('projection checkpoint events', () => {
  const checkpoint: ProjectionCheckpoint = { stream: district, projection: 'indicators', version: '3', position: 812, state: JSON.stringify({ 名称: '高新🔬' }) };

  it('round-trip a checkpoint exactly', () => {
    const event = eventOfCheckpoint(checkpoint, '00000000-0000-4000-8000-000000000001');
    expect(event.type).toBe(CHECKPOINT_EVENT_TYPE);
    expect(checkpointOfEvent(read(event), district, 'indicators')).toStrictEqual(checkpoint);
  });

  it('refuse a checkpoint of another district or projection, and anything else', () => {
    const event = read(eventOfCheckpoint(checkpoint, '00000000-0000-4000-8000-000000000001'));
    expect(() => checkpointOfEvent(event, '110105' as DistrictCode, 'indicators')).toThrow(UnreadableEventError);
    expect(() => checkpointOfEvent(event, district, 'audit')).toThrow(UnreadableEventError);
    expect(() => checkpointOfEvent({ ...event, type: 'Other' }, district, 'indicators')).toThrow(UnreadableEventError);
    expect(() => checkpointOfEvent({ ...event, data: { ...(event.data as object), position: '812' } }, district, 'indicators')).toThrow(UnreadableEventError);
  });
});
