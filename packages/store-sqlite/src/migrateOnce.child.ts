/**
 * Child process of the migration test: opens a ledger file writable (which migrates a version-1 file),
 * printing each progress report of the migration as `progress <records> <of>` on stdout, then `opened`.
 * The test kills it with SIGKILL on its first progress line, in the middle of the migration.
 *
 * Usage: node migrateOnce.mjs <ledger file>
 */
import { openSqliteStore } from './sqliteStore.js';

const [path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: migrateOnce <file>');
const store = await openSqliteStore({
  path,
  // Synchronous writes: stdout on a pipe is synchronous, so the line is out before the migration goes on.
  onMigration: (p) => process.stdout.write(`progress ${p.records} ${p.of}\n`),
});
process.stdout.write('opened\n');
await store.close();
