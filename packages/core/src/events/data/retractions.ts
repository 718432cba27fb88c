import { strictObject } from '../codecs.js';
import { EventIdCodec, Text200 } from '../fieldCodecs.js';

/** The data codec of retractions (docs/spec.md §4): which earlier event is withdrawn, and why. */
export const RETRACTION_DATA_CODECS = {
  EventRetracted: strictObject('EventRetracted', { eventId: EventIdCodec, reason: Text200 }),
} as const;
