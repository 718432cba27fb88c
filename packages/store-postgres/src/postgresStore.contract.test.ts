import { beforeAll } from 'vitest';
import { describeEventStoreContract } from '@indicator-ledger/core/testing/store-contract';
import { openTestStore, requireTestDatabase } from './testing/testDatabase.js';

beforeAll(requireTestDatabase);

// Each test gets its own store in a fresh schema, dropped afterwards. A small page size, so that the
// suite's reads cross page boundaries.
describeEventStoreContract('PostgresEventStore', async () => {
  const { store, dispose } = await openTestStore({ pageSize: 97 });
  return { store, dispose };
});
