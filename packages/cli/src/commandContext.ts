import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommanderError } from 'commander';
import type { Command } from 'commander';
import type { DistrictCode, EventStore } from '@indicator-ledger/core';
import { colourWanted, paletteOf } from './colours.js';
import type { Palette } from './colours.js';
import type { CliIo, Output } from './io.js';
import { LANGS, langOfEnvironment } from './labels.js';
import type { Lang } from './labels.js';
import { describeStoreLocation, isLostConnection, maskCredentials, openStoreAt, parseStoreLocation } from './storeLocation.js';
import type { StoreLocation } from './storeLocation.js';

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
  /** Create a SQLite ledger where there is none (only `import` does). */
  readonly create?: boolean;
  /** When this says the work wrote nothing, a SQLite file that the command itself created is removed. */
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
    out: (text) => void io.stdout.write(text),
    err: (text) => void io.stderr.write(text),
    async withStore<T>(command: Command, work: (store: EventStore, location: StoreLocation) => Promise<T>, options: StoreUse<T> = {}): Promise<T> {
      const location = parseStoreLocation(command.optsWithGlobals<{ store: string }>().store, cwd);
      // Reading commands do not create an empty SQLite ledger where there was none: a mistyped path
      // should say so, not answer with zeros.
      if (location.kind === 'sqlite' && options.create !== true && !existsSync(location.path)) {
        throw new CommandFailure(`no ledger at ${location.path}; import events first (ledger import FILE…) or name one with --store`);
      }
      const created = location.kind === 'sqlite' && !existsSync(location.path);
      const where = describeStoreLocation(location);
      let store: EventStore;
      try {
        store = await openStoreAt(location, { create: options.create === true });
      } catch (err) {
        throw new CommandFailure(`cannot open the ledger at ${where}: ${maskCredentials(firstLine(err), location)}`);
      }
      let result: T | undefined;
      try {
        if (options.district !== undefined && (await store.head(options.district as DistrictCode)).position === 0) {
          throw new CommandFailure(`no records for district ${options.district} in ${where}`);
        }
        result = await work(store, location);
        return result;
      } catch (err) {
        throw storeFailure(err, where, location);
      } finally {
        await store.close().catch(() => undefined);
        // A refused first import leaves no empty ledger behind: "nothing written" includes the file.
        if (created && location.kind === 'sqlite' && (result === undefined || options.wroteNothing?.(result) === true)) {
          for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${location.path}${suffix}`, { force: true });
        }
      }
    },
  };
};
