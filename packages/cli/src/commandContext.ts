import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { EventStore } from '@indicator-ledger/core';
import { colourWanted, paletteOf, terminalSafe } from './colours.js';
import type { Palette } from './colours.js';
import type { CliIo, Output } from './io.js';
import { LANGS, langOfEnvironment } from './labels.js';
import type { Lang } from './labels.js';
import { describeStoreLocation, openStoreAt, parseStoreLocation } from './storeLocation.js';
import type { StoreLocation } from './storeLocation.js';

/**
 * A failure of the command's work that is not wrong usage: bad data, a ledger that fails verification, a
 * store that cannot be opened. Printed as one line (no stack trace), exit status 1.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/** How a command uses the store. */
export interface StoreUse<T> {
  /** Create a SQLite ledger where there is none (only `import` does). */
  readonly create?: boolean;
  /** When this says the work wrote nothing, a SQLite file that the command itself created is removed. */
  readonly wroteNothing?: (result: T) => boolean;
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
      const created = location.kind === 'sqlite' && !existsSync(location.path);
      let store: EventStore;
      try {
        store = await openStoreAt(location);
      } catch (err) {
        throw new CommandFailure(`cannot open the ledger at ${describeStoreLocation(location)}: ${(err as Error).message}`);
      }
      let result: T | undefined;
      try {
        result = await work(store, location);
        return result;
      } finally {
        await store.close();
        // A refused first import leaves no empty ledger behind: "nothing written" includes the file.
        if (created && location.kind === 'sqlite' && (result === undefined || options.wroteNothing?.(result) === true)) {
          for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${location.path}${suffix}`, { force: true });
        }
      }
    },
  };
};
