import { isAbsolute, resolve } from 'node:path';
import type { EventStore } from '@indicator-ledger/core';

/** Where `--store` points: a SQLite file (the default), a PostgreSQL database or an EventStoreDB node. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** The store a command uses when `--store` is not given: `ledger.db` in the working directory. */
export const DEFAULT_STORE = './ledger.db';

/**
 * Reads `--store`: a `postgres://` (or `postgresql://`) URL selects PostgreSQL, an `esdb://` (or
 * `esdb+discover://`) URL selects EventStoreDB, anything else is the path of a SQLite file, relative to `cwd`.
 */
export const parseStoreLocation = (text: string, cwd: string): StoreLocation => {
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', url: text };
  if (/^esdb(\+discover)?:\/\//i.test(text)) return { kind: 'eventstoredb', connectionString: text };
  return { kind: 'sqlite', path: isAbsolute(text) ? text : resolve(cwd, text) };
};

/** A location as people write it, with no password. */
export const describeStoreLocation = (location: StoreLocation): string => {
  switch (location.kind) {
    case 'sqlite':
      return location.path;
    case 'postgres':
      return location.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    case 'eventstoredb':
      return location.connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
};

// The store packages are loaded only when chosen, so `ledger` on SQLite never loads `pg` or gRPC.
// Module names are held in variables so that the shapes below, not the packages' builds, are what this
// file is checked against: the CLI needs one function of each.
const SQLITE_PACKAGE = '@indicator-ledger/store-sqlite';
const POSTGRES_PACKAGE = '@indicator-ledger/store-postgres';
const EVENTSTOREDB_PACKAGE = '@indicator-ledger/store-eventstoredb';

interface SqlitePackage {
  openSqliteStore(path: string): Promise<EventStore>;
}
interface PostgresPackage {
  openPostgresStore(connection: { readonly url: string }): Promise<EventStore>;
}
interface EventStoreDbPackage {
  createEventStoreDbStore(options: { readonly connectionString: string }): EventStore;
}

/** Opens the store at `location`; the caller closes it. */
export const openStoreAt = async (location: StoreLocation): Promise<EventStore> => {
  switch (location.kind) {
    case 'sqlite': {
      const { openSqliteStore } = (await import(SQLITE_PACKAGE)) as SqlitePackage;
      return openSqliteStore(location.path);
    }
    case 'postgres': {
      const { openPostgresStore } = (await import(POSTGRES_PACKAGE)) as PostgresPackage;
      return openPostgresStore({ url: location.url });
    }
    case 'eventstoredb': {
      const { createEventStoreDbStore } = (await import(EVENTSTOREDB_PACKAGE)) as EventStoreDbPackage;
      return createEventStoreDbStore({ connectionString: location.connectionString });
    }
  }
};
