/**
 * @indicator-ledger/store-sqlite — the default event store: the whole ledger in one SQLite file, no
 * server. Durable atomic batches, optimistic concurrency between processes, paged reads, projection
 * checkpoints beside the events.
 *
 * @packageDocumentation
 */
export { SqliteEventStore, openSqliteStore } from './sqliteStore.js';
export type { SqliteStoreOptions } from './sqliteStore.js';
export { admissionOnSecondThread } from './secondThreadAdmission.js';
// The read capabilities are the core's store port's now; re-exported so existing imports keep working.
export type { ChainPageReader, ChainedRow, FoldFields, FoldPageReader } from '@indicator-ledger/core';
export { APPLICATION_ID, SCHEMA_VERSION } from './fileFormat.js';
