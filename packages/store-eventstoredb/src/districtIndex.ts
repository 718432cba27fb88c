/**
 * The small stream that lists the districts holding records, so that `streams()` reads a few thousand
 * short events instead of scanning every record in `$all`. A district is listed after its first
 * successful append; listing twice is harmless (ids are derived from the district, so the server
 * drops most repeats, and {@link districtsOfListings} drops the rest).
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { parseDistrictCode } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import type { EventToAppend, StreamEvent } from './streamClient.js';

/** The event type of a listing. */
export const DISTRICT_LISTED_EVENT_TYPE = 'DistrictListed';

/**
 * A UUID derived from the namespace and district (SHA-256, with the version nibble set to 8, "custom",
 * and the RFC 4122 variant), so every writer lists a district under the same event id.
 */
export const listingEventId = (namespace: string, district: DistrictCode): string => {
  const hex = createHash('sha256').update(`${namespace}\u0000${district}`, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** The event that lists `district`. */
export const eventOfListing = (namespace: string, district: DistrictCode): EventToAppend => ({
  id: listingEventId(namespace, district),
  type: DISTRICT_LISTED_EVENT_TYPE,
  data: { district },
  metadata: {},
});

/** The districts listed by `events`, once each; events that are not listings are ignored. */
export const districtsOfListings = (events: readonly StreamEvent[]): Set<DistrictCode> => {
  const districts = new Set<DistrictCode>();
  for (const e of events) {
    if (e.type !== DISTRICT_LISTED_EVENT_TYPE || typeof e.data !== 'object' || e.data === null) continue;
    const text = (e.data as { district?: unknown }).district;
    const parsed = typeof text === 'string' ? parseDistrictCode(text) : undefined;
    // This package does not depend on fp-ts: the Either's own tag tells a district code.
    if (parsed?._tag === 'Right') districts.add(parsed.right);
  }
  return districts;
};
