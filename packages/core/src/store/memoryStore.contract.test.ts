import { describeEventStoreContract } from '../testing/storeContract.js';
import { createMemoryStore } from './memoryStore.js';

describeEventStoreContract('MemoryEventStore', async () => {
  const store = createMemoryStore();
  return { store, dispose: () => store.close() };
});
