/**
 * @indicator-ledger/store-eventstoredb — the indicator ledger's event store on an EventStoreDB node or
 * cluster, for ledgers that outgrow one machine: one stream per district, optimistic concurrency on
 * stream revisions, the ledger's own event-id check, range reads in pages, projection checkpoints, and
 * a catch-up subscription to `$all` for live projections.
 *
 * @packageDocumentation
 */
export { EventStoreDbStore, createEventStoreDbStore, connectionStringOf, LEDGER_ESDB_URL } from './eventStoreDbStore.js';
export type { EventStoreDbStoreOptions } from './eventStoreDbStore.js';
export { connectEventStoreDb } from './client.js';
export { AppendTooLargeError } from './streamClient.js';
export type {
  AllEvent,
  AllPosition,
  AllSubscription,
  AllSubscriptionRequest,
  AppendOutcome,
  CurrentRevision,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  StreamClient,
  StreamEvent,
  StreamReadRequest,
} from './streamClient.js';
export { RECORD_METADATA_FORMAT, UnreadableEventError, eventOfRecord, recordMetadataOf, recordOfEvent } from './recordEvent.js';
export type { RecordMetadata } from './recordEvent.js';
export { expectedRevisionOf, pageRequestAt, positionOfCurrentRevision, positionOfRevision, revisionOfPosition } from './revision.js';
export type { PageRequest } from './revision.js';
export { conflictOfRefusal, positionConflict } from './appendConflict.js';
export {
  DEFAULT_NAMESPACE,
  checkpointStreamName,
  districtIndexStreamName,
  districtOfStreamName,
  districtStreamName,
  districtStreamPrefix,
  parseNamespace,
  watchPositionStreamName,
} from './streamNames.js';
