import { accessSync, constants } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { EventStore } from '@indicator-ledger/core';

/** Where `--store` points: a SQLite file (the default), a PostgreSQL database or an EventStoreDB node. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** The store a command uses when `--store` is not given: `ledger.db` in the working directory. */
export const DEFAULT_STORE = './ledger.db';

/**
 * Reads `--store`: a `postgres://` (or `postgresql://`) URL selects PostgreSQL, an `esdb://` (or
 * `esdb+discover://`) URL selects EventStoreDB, anything else is the path of a SQLite file, relative to `cwd`.
 * A PostgreSQL URL may name the store's schema with `?schema=NAME` (default: the store's own).
 */
export const parseStoreLocation = (text: string, cwd: string): StoreLocation => {
  if (/^postgres(ql)?:\/\//i.test(text)) return postgresLocation(text);
  if (/^esdb(\+discover)?:\/\//i.test(text)) return { kind: 'eventstoredb', connectionString: text };
  return { kind: 'sqlite', path: isAbsolute(text) ? text : resolve(cwd, text) };
};

// `schema` is the store's option, not libpq's, so it is taken out of the URL before `pg` reads it.
const postgresLocation = (text: string): StoreLocation => {
  const match = /([?&])schema=([^&#]*)&?/.exec(text);
  if (match === null) return { kind: 'postgres', url: text };
  const url = (text.slice(0, match.index) + (match[0].endsWith('&') ? match[1] : '') + text.slice(match.index + match[0].length)).replace(/[?&]$/, '');
  return { kind: 'postgres', url, schema: decodeURIComponent(match[2]!) };
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

/**
 * What a command may write to a SQLite file (docs/spec.md §8.1): `read` nothing (a read-only open),
 * `write` events or state beside them, `cache` only projection checkpoints, and only where it may.
 */
export type StoreAccess = 'read' | 'cache' | 'write';

/**
 * Whether this process may write the SQLite file at `path` and create its WAL companions beside it.
 * (As root both are always true: root writes read-only files.)
 */
export const writableFile = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Opens the store at `location`; the caller closes it. The store packages are loaded only when chosen,
 * so `ledger` on SQLite never loads `pg` or gRPC. A SQLite file opened for `read` is opened read-only,
 * so nothing is written to it; for `cache`, the caller has already chosen `read` where it may not write.
 */
export const openStoreAt = async (location: StoreLocation, access: StoreAccess = 'write'): Promise<EventStore> => {
  switch (location.kind) {
    case 'sqlite': {
      const { openSqliteStore } = await import('@indicator-ledger/store-sqlite');
      return openSqliteStore({ path: location.path, readonly: access === 'read' });
    }
    case 'postgres': {
      const { openPostgresStore } = await import('@indicator-ledger/store-postgres');
      return openPostgresStore({ url: location.url }, location.schema !== undefined ? { schema: location.schema } : {});
    }
    case 'eventstoredb': {
      const { createEventStoreDbStore } = await import('@indicator-ledger/store-eventstoredb');
      return createEventStoreDbStore({ connectionString: location.connectionString });
    }
  }
};
