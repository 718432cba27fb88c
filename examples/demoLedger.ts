/**
 * How the examples find the ledger that `pnpm demo` filled, and how they end: with one clear line and
 * exit status 1 when something is wrong, never a stack trace.
 *
 * pnpm runs an example's script with `examples/` as the working directory, so a plain `./ledger.db` would
 * silently open (and create) an empty `examples/ledger.db`. The ledger is looked for where the command
 * was typed instead — pnpm passes that folder as `INIT_CWD` — and an example refuses to run on a ledger
 * that is missing or holds no records of its district.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import type { SqliteEventStore } from '@indicator-ledger/store-sqlite';
import type { DistrictCode } from '@indicator-ledger/core';

/** A problem an example reports as one line. */
export class ExampleRefusal extends Error {}

/** The demo ledger's path: `LEDGER_STORE`, else `ledger.db` in the folder the command was typed in. */
export const demoLedgerPath = (env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string =>
  resolve(env.INIT_CWD ?? cwd, env.LEDGER_STORE ?? 'ledger.db');

/** Opens the demo ledger, refusing (without creating a file) when it is missing or `district` has no records. */
export const openDemoLedger = async (district: string, path: string = demoLedgerPath()): Promise<SqliteEventStore> => {
  if (!existsSync(path)) {
    throw new ExampleRefusal(`no ledger at ${path}: run \`pnpm demo\` in the repository root first, or set LEDGER_STORE`);
  }
  const store = await openSqliteStore(path);
  const head = await store.head(district as DistrictCode);
  if (head.position === 0) {
    await store.close();
    throw new ExampleRefusal(`no records for district ${district} in ${path}: run \`pnpm demo\` in the repository root first, or set DISTRICT`);
  }
  return store;
};

/** Runs an example's `main`: a refusal or failure prints one line on stderr and sets exit status 1. */
export const runExample = async (main: () => Promise<void>): Promise<void> => {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
};
