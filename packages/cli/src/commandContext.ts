import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import type { Command } from 'commander';
import type { DistrictCode, EventStore } from '@indicator-ledger/core';
import { colourWanted, paletteOf, terminalSafe } from './colours.js';
import type { Palette } from './colours.js';
import type { CliIo, Output } from './io.js';
import { LANGS, langOfEnvironment } from './labels.js';
import type { Lang } from './labels.js';
import { describeStoreLocation, isLostConnection, maskCredentials, openStoreAt, parseStoreLocation, writableFile } from './storeLocation.js';
import type { StoreAccess, StoreLocation } from './storeLocation.js';

/**
 * A failure of the command's work that is not wrong usage: bad data, a ledger that fails verification, a
 * store that cannot be opened. Printed as one line (no stack trace), exit status 1.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/** The first line of an error's message: the rest of a driver's message is detail for LEDGER_DEBUG. */
const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/**
 * A failure during the command's work as one line, credentials masked (docs/spec.md §8.5): a lost server
 * says so (what was not committed was not written); anything else keeps its message. A
 * {@link CommandFailure} is already a sentence for the user, and wrong usage is commander's: both pass unchanged.
 */
const storeFailure = (err: unknown, where: string, location: StoreLocation): unknown => {
  if (err instanceof CommandFailure || err instanceof CommanderError || !(err instanceof Error)) return err;
  const message = maskCredentials(firstLine(err), location);
  const failure = new CommandFailure(
    isLostConnection(err) ? `lost the connection to the ledger at ${where} (${message}); nothing uncommitted was written — run the command again` : message,
  );
  // Kept for LEDGER_DEBUG=1, which prints the stack of the original error.
  failure.cause = err;
  return failure;
};

/** How a command uses the store. */
export interface StoreUse<T> {
  /**
   * What the command writes (default `read`): `read` opens a SQLite file read-only; `cache` (commands that
   * leave projection checkpoints) opens it read-write when this process may write it and read-only,
   * leaving no checkpoint, when not; `write` opens it read-write (docs/spec.md §8.1).
   */
  readonly access?: StoreAccess;
  /** Create a SQLite ledger where there is none (only `import` does). */
  readonly create?: boolean;
  /**
   * When this says the work wrote nothing, a SQLite ledger the command would have created is not
   * created: the work ran on a staging file of its own, which is removed (docs/spec.md §8.1).
   */
  readonly wroteNothing?: (result: T) => boolean;
  /**
   * The district the command reads: one with no records is refused (`no records for district C in
   * <store>`, exit 1) instead of answered with zeros (docs/spec.md §8.5).
   */
  readonly district?: string;
}

/** What every command reaches: the process's streams and environment, and the chosen store. */
export interface CommandContext {
  readonly io: CliIo;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Colours for `output`, or none (NO_COLOR, pipes). */
  palette(output: Output): Palette;
  /** `--lang`, else the locale's language. */
  langOf(options: { readonly lang?: string }): Lang;
  /** A path the person gave, resolved against the working directory. */
  path(text: string): string;
  /** Opens `--store` for the command, runs `work` and closes the store, whatever happens. */
  withStore<T>(command: Command, work: (store: EventStore, location: StoreLocation) => Promise<T>, options?: StoreUse<T>): Promise<T>;
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
}

/**
 * The store as read by a command that would leave projection checkpoints but may not write the file:
 * it reads them and saves none (docs/spec.md §8.1).
 */
const withoutCheckpointSaves = (store: EventStore): EventStore => {
  const checkpoints = store.checkpoints;
  return {
    append: (stream, records, expectedPosition) => store.append(stream, records, expectedPosition),
    readPages: (stream, range) => store.readPages(stream, range),
    read: (stream, range) => store.read(stream, range),
    head: (stream) => store.head(stream),
    streams: () => store.streams(),
    close: () => store.close(),
    ...(checkpoints !== undefined ? { checkpoints: { loadCheckpoint: (stream, projection) => checkpoints.loadCheckpoint(stream, projection), saveCheckpoint: async () => undefined } } : {}),
  };
};

/** Removes a SQLite file and its companions; only ever called on a staging file this process made. */
const removeSqliteFile = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
};

/**
 * Runs `work` on a new ledger at `path` (docs/spec.md §8.1). The ledger is built in a staging file beside
 * `path`, created exclusively under a random name, so no other process opens it. When the work wrote
 * something, the finished file is hard-linked to `path`, which fails if `path` appeared meanwhile: then
 * nothing is published and the import is reported as a conflict to retry. Otherwise, or when the work
 * fails, only the staging file is removed. The path never names a half-built or deleted ledger.
 */
const createLedgerFile = async <T>(path: string, work: (store: EventStore) => Promise<T>, wroteNothing: (result: T) => boolean): Promise<T> => {
  const staging = join(dirname(path), `.${basename(path)}.staging-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(staging, '', { flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CommandFailure(`cannot create the ledger at ${path}: ${code === 'ENOENT' ? 'no such folder' : (err as Error).message}`);
  }
  let result: T;
  try {
    const store = await openStoreAt({ kind: 'sqlite', path: staging }, 'write');
    try {
      result = await work(store);
    } finally {
      // Closing the last connection checkpoints the WAL into the file and removes the companions.
      await store.close();
    }
  } catch (err) {
    removeSqliteFile(staging);
    throw err;
  }
  if (wroteNothing(result)) {
    removeSqliteFile(staging);
    return result;
  }
  try {
    linkSync(staging, path);
  } catch (err) {
    removeSqliteFile(staging);
    const code = (err as NodeJS.ErrnoException).code;
    throw new CommandFailure(
      code === 'EEXIST'
        ? `another writer created ${path} while this import ran; nothing was written; import again`
        : `cannot create the ledger at ${path}: ${(err as Error).message}; nothing was written`,
    );
  }
  rmSync(staging, { force: true });
  // The new name must survive a power loss as the records in the file do.
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
  return result;
};

/** The context of one run of the command. */
export const commandContextOf = (io: CliIo): CommandContext => {
  const env = io.env ?? {};
  const cwd = io.cwd ?? process.cwd();
  return {
    io,
    env,
    cwd,
    palette: (output) => paletteOf(colourWanted(output, env)),
    langOf: (options) => (options.lang !== undefined && (LANGS as readonly string[]).includes(options.lang) ? (options.lang as Lang) : langOfEnvironment(env)),
    path: (text) => resolve(cwd, text),
    // Every line the command prints passes here, so no control character reaches a terminal raw (docs/spec.md §8.2).
    out: (text) => void io.stdout.write(terminalSafe(text, colourWanted(io.stdout, env))),
    err: (text) => void io.stderr.write(terminalSafe(text, colourWanted(io.stderr, env))),
    async withStore<T>(command: Command, work: (store: EventStore, location: StoreLocation) => Promise<T>, options: StoreUse<T> = {}): Promise<T> {
      const location = parseStoreLocation(command.optsWithGlobals<{ store: string }>().store, cwd);
      // Reading commands do not create an empty SQLite ledger where there was none: a mistyped path
      // should say so, not answer with zeros.
      if (location.kind === 'sqlite' && options.create !== true && !existsSync(location.path)) {
        throw new CommandFailure(`no ledger at ${location.path}; import events first (ledger import FILE…) or name one with --store`);
      }
      // docs/spec.md §8.1: a new SQLite ledger is built in a staging file no other process knows of, and
      // appears at its path, whole, only when the work wrote something; a refused import deletes nothing
      // but its own staging file, never a ledger another writer may be using.
      if (location.kind === 'sqlite' && options.create === true && !existsSync(location.path)) {
        return createLedgerFile(location.path, (store) => work(store, location), (result) => options.wroteNothing?.(result) === true);
      }
      const where = describeStoreLocation(location);
      const access = location.kind === 'sqlite' && options.access === 'cache' && !writableFile(location.path) ? 'read' : (options.access ?? 'read');
      let store: EventStore;
      try {
        store = await openStoreAt(location, access, { create: options.create === true });
      } catch (err) {
        throw new CommandFailure(`cannot open the ledger at ${where}: ${maskCredentials(firstLine(err), location)}`);
      }
      try {
        if (options.district !== undefined && (await store.head(options.district as DistrictCode)).position === 0) {
          throw new CommandFailure(`no records for district ${options.district} in ${where}`);
        }
        return await work(options.access === 'cache' && access === 'read' ? withoutCheckpointSaves(store) : store, location);
      } catch (err) {
        throw storeFailure(err, where, location);
      } finally {
        await store.close().catch(() => undefined);
      }
    },
  };
};
