import { accessSync, constants } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
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
 * A PostgreSQL URL may name the store's schema with `?schema=NAME` (default: the store's own), which the
 * store itself reads from the URL.
 */
export const parseStoreLocation = (text: string, cwd: string): StoreLocation => {
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', url: text };
  if (/^esdb(\+discover)?:\/\//i.test(text)) return { kind: 'eventstoredb', connectionString: text };
  return { kind: 'sqlite', path: isAbsolute(text) ? text : resolve(cwd, text) };
};

/** What a masked credential shows as. */
const MASK = '***';

/** URL query (or libpq keyword) parameters that hold a secret or point at one: passwords, keys, tokens. */
const SECRET_PARAMETER = /([?&;]|^|\s)([\w.-]*(?:pass|key|secret|token|credential)[\w.-]*)=([^&#\s]*)/gi;

/**
 * A URL's userinfo password masked: from after `user:` to the last `@` of the text, so a password with any
 * characters (`Pw@Three`, `a/b?c#d`) is hidden whole. Over-masking a later `@` is the safe side.
 */
const maskUserinfo = (url: string): string => {
  const start = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (start === null) return url;
  const at = url.lastIndexOf('@');
  const colon = url.indexOf(':', start[0].length);
  if (at < 0 || colon < 0 || colon > at) return url;
  return `${url.slice(0, colon + 1)}${MASK}${url.slice(at)}`;
};

/** Masks the secret query parameters of a text (`?password=…`, `&sslpassword=…`, `sslkey=…`). */
const maskParameters = (text: string): string => text.replace(SECRET_PARAMETER, (_m, lead: string, name: string) => `${lead}${name}=${MASK}`);

/** The secrets a location carries, as written and as decoded, longest first (for masking messages that quote them). */
const secretsOf = (location: StoreLocation | undefined): string[] => {
  if (location === undefined || location.kind === 'sqlite') return [];
  const text = location.kind === 'postgres' ? location.url : location.connectionString;
  const found: string[] = [];
  const start = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  const at = text.lastIndexOf('@');
  const colon = start === null ? -1 : text.indexOf(':', start[0].length);
  if (colon >= 0 && at > colon) found.push(text.slice(colon + 1, at));
  for (const m of text.matchAll(SECRET_PARAMETER)) found.push(m[3]!);
  const decoded = found.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  // Secrets of one or two characters would mask ordinary letters; the structural masking still hides them where they are.
  return [...new Set([...found, ...decoded])].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
};

/**
 * The one masking function for anything the ledger prints about a store (docs/spec.md §8.5): every secret
 * of `location` (its password and secret parameters, as written and decoded) wherever the text quotes it,
 * then every URL password and secret parameter in the text, whatever characters they hold.
 */
export const maskCredentials = (text: string, location?: StoreLocation): string => {
  let masked = text;
  for (const secret of secretsOf(location)) masked = masked.split(secret).join(MASK);
  masked = masked.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, maskUserinfo);
  return maskParameters(masked);
};

/** A location as people write it, with every credential masked (see {@link maskCredentials}). */
export const describeStoreLocation = (location: StoreLocation): string => {
  switch (location.kind) {
    case 'sqlite':
      return location.path;
    case 'postgres':
      return maskParameters(maskUserinfo(location.url));
    case 'eventstoredb':
      return maskParameters(maskUserinfo(location.connectionString));
  }
};

/**
 * Did the store lose its server mid-command (a restart, a dropped connection, a terminated session)? Such a
 * failure is reported as one line that says so; what was not committed was not written.
 */
export const isLostConnection = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (/^(EPIPE|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH)$/.test(code) || /^(57P0[1-3]|08...)$/.test(code))) return true;
  return err instanceof Error && /connection terminated|terminating connection|server closed the connection/i.test(err.message);
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
 * Unless `create` is set, a PostgreSQL schema without a ledger is refused rather than created
 * (docs/spec.md §8.5), as a missing SQLite file is by the caller.
 */
export const openStoreAt = async (location: StoreLocation, access: StoreAccess = 'write', options: { readonly create?: boolean } = {}): Promise<EventStore> => {
  switch (location.kind) {
    case 'sqlite': {
      const { openSqliteStore } = await import('@indicator-ledger/store-sqlite');
      return openSqliteStore({ path: location.path, readonly: access === 'read' });
    }
    case 'postgres': {
      const { openPostgresStore } = await import('@indicator-ledger/store-postgres');
      return openPostgresStore({ url: location.url }, { create: options.create === true });
    }
    case 'eventstoredb': {
      const { createEventStoreDbStore } = await import('@indicator-ledger/store-eventstoredb');
      return createEventStoreDbStore({ connectionString: location.connectionString });
    }
  }
};
