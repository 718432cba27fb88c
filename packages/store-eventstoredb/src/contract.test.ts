import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { describeEventStoreContract } from '@indicator-ledger/core/testing/store-contract';
import { EventStoreDbStore, LEDGER_ESDB_URL } from './eventStoreDbStore.js';
import { MemoryStreamClient } from './testing/memoryStreamClient.js';

// Without a server: the whole store (mapping, revisions, index, paging, watch) over the in-memory
// stand-in for EventStoreDB. A small page size makes every multi-page path run.
describeEventStoreContract('EventStoreDB store on the in-memory stream client', async () => {
  const store = new EventStoreDbStore({ client: new MemoryStreamClient(), pageSize: 97 });
  return { store, dispose: () => store.close() };
});

// Against a real node or cluster, when one is named. Each store gets a namespace of its own, so every
// test starts from empty streams on a shared server (see docs/operations.md, "EventStoreDB cluster").
const url = process.env[LEDGER_ESDB_URL]?.trim();
describe.skipIf(!url)(url ? `EventStoreDB contract against ${LEDGER_ESDB_URL}` : `EventStoreDB contract (skipped: set ${LEDGER_ESDB_URL} to run)`, () => {
  describeEventStoreContract('EventStoreDB store on a server', async () => {
    const store = new EventStoreDbStore({ connectionString: url, namespace: `ledger-contract-${randomUUID().slice(0, 8)}` });
    return { store, dispose: () => store.close() };
  });
});
