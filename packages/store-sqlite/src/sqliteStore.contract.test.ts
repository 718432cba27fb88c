import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '@indicator-ledger/core/testing/store-contract';
import { openSqliteStore } from './sqliteStore.js';

describeEventStoreContract('SqliteEventStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
  // A small page size, so that the suite's reads cross page boundaries.
  const store = await openSqliteStore({ path: join(dir, 'ledger.db'), pageSize: 97, watchIntervalMs: 20 });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
