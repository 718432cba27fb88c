/**
 * @indicator-ledger/cli — the `ledger` command: import NDJSON events, read snapshots, progress tables,
 * lineage and vintages, check the audit trail, and write a self-contained HTML report. The command is
 * also callable in-process with {@link run}, as its tests and embedding tools do.
 *
 * @packageDocumentation
 * @module @indicator-ledger/cli
 */
export { run, EXIT, CLI_VERSION } from './run.js';
export type { CliIo, Output } from './io.js';
export { parseStoreLocation, DEFAULT_STORE } from './storeLocation.js';
export type { StoreLocation } from './storeLocation.js';
