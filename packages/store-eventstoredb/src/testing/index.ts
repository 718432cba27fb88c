/**
 * @indicator-ledger/store-eventstoredb/testing — test doubles for embedders' tests: an in-memory
 * {@link StreamClient} that keeps the server rules the store relies on, so an `EventStoreDbStore` runs
 * without a node (`new EventStoreDbStore({ client: new MemoryStreamClient() })`).
 *
 * @packageDocumentation
 */
export { MemoryStreamClient } from './memoryStreamClient.js';
export type { MemoryStreamClientOptions, RecordedRead } from './memoryStreamClient.js';
