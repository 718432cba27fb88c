import { describe, expect, it } from 'vitest';
import type { DistrictCode } from '@indicator-ledger/core';
import { DISTRICT_LISTED_EVENT_TYPE, districtsOfListings, eventOfListing, listingEventId } from './districtIndex.js';
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

describe('district listings', () => {
  it('derive one UUID per namespace and district, the same for every writer', () => {
    const id = listingEventId('indicator-ledger', district);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(listingEventId('indicator-ledger', district)).toBe(id);
    expect(listingEventId('indicator-ledger', '110105' as DistrictCode)).not.toBe(id);
    expect(listingEventId('other', district)).not.toBe(id);
    expect(eventOfListing('indicator-ledger', district)).toEqual({ id, type: DISTRICT_LISTED_EVENT_TYPE, data: { district }, metadata: {} });
  });

  it('read back as each district once, ignoring repeats and anything that is not a listing', () => {
    const events = [
      read(eventOfListing('ns', '650102' as DistrictCode), 0n),
      read(eventOfListing('ns', district), 1n),
      read(eventOfListing('ns', '650102' as DistrictCode), 2n),
      { ...read(eventOfListing('ns', district), 3n), type: 'Other' },
      { ...read(eventOfListing('ns', district), 4n), data: { district: '999999' } },
      { ...read(eventOfListing('ns', district), 5n), data: null },
    ];
    expect([...districtsOfListings(events)]).toEqual(['650102', '130302']);
  });
});
