import type { EventInput } from '../events/envelope.js';
import type { EventId } from '../ids/identifiers.js';
import type { Instant } from '../time/instant.js';
import type { Sha256Hex } from '../record/record.js';
import { definitionOf } from '../families/registry.js';
import type { StreamFacts, Undo } from '../families/streamFacts.js';

export { commissionerYearKey, emptyStreamFacts, recognitionKey } from '../families/streamFacts.js';
export type { RecordedEventFacts, StreamFacts } from '../families/streamFacts.js';

/**
 * Records what an event at `position` adds to the facts: its place in the chain and its recorder here, the
 * rest as its event type's family says (`recordFacts`). Pushes onto `undo` the steps that take it back, so a
 * batch that fails part-way leaves the facts exactly as they were.
 */
export const addEventFacts = (
  facts: StreamFacts,
  event: EventInput & { readonly eventId: EventId; readonly recordedAt: Instant },
  position: number,
  hash: Sha256Hex,
  undo: Undo[],
): void => {
  const { position: prevPosition, lastHash, lastRecordedAt } = facts;
  facts.position = position;
  facts.lastHash = hash;
  facts.lastRecordedAt = event.recordedAt;
  undo.push(() => {
    facts.position = prevPosition;
    facts.lastHash = lastHash;
    facts.lastRecordedAt = lastRecordedAt;
  });
  facts.events.set(event.eventId, position, event.type, event.actor.unit);
  undo.push(() => facts.events.delete(event.eventId));
  const record = definitionOf(event.type).recordFacts as ((f: StreamFacts, e: typeof event, u: Undo[]) => void) | undefined;
  record?.(facts, event, undo);
};
