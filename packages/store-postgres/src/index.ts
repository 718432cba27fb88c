/**
 * @indicator-ledger/store-postgres — the event store for district systems that already run PostgreSQL
 * (12 or later): every district stream in one schema of an existing database, appends serialised per
 * district across processes, paged reads, projection checkpoints, and LISTEN/NOTIFY so that live
 * projections in other processes learn of new records.
 *
 * @packageDocumentation
 */
export { PostgresEventStore, openPostgresStore } from './postgresStore.js';
export type { PostgresConnection, PostgresStoreOptions } from './postgresStore.js';
export { DEFAULT_SCHEMA, SCHEMA_VERSION, appendChannelOf, schemaNameProblem } from './migration.js';
export { schemaOfUrl } from './connectionUrl.js';
export { decodeAppendNotice, encodeAppendNotice } from './appendNotice.js';
export type { AppendNotice } from './appendNotice.js';
