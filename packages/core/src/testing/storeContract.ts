import type { EventStore } from '../store/port.js';

/** A store under test, and how to throw it away afterwards. */
export interface StoreUnderTest {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

/**
 * The contract every {@link EventStore} keeps, as a vitest suite: call it from a store package's test
 * file with a function that opens a fresh, empty store each time it is called.
 */
export const describeEventStoreContract = (name: string, open: () => Promise<StoreUnderTest>): void => {
  // Filled in by the SQLite store work (issue 5).
  void name;
  void open;
};
