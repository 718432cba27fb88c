/**
 * @indicator-ledger/store-sqlite — the default event store: the whole ledger in one SQLite file, no
 * server. Durable atomic batches, optimistic concurrency between processes, paged reads, projection
 * checkpoints beside the events.
 *
 * @packageDocumentation
 */
export { SqliteEventStore, openSqliteStore } from './sqliteStore.js';
export type { ChainPageReader, ChainedRow, FoldFields, FoldPageReader, SqliteStoreOptions } from './sqliteStore.js';
export { APPLICATION_ID, SCHEMA_VERSION } from './fileFormat.js';
