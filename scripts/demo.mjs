// The README's main job: import the plan's targets and the synthetic demo history of district 130302
// into ./ledger.db with the built `ledger` command, then print the 2019–2025 progress table.
// Run it with `pnpm demo` (which builds first). Running it again imports nothing new: every seed line
// carries an eventId, and an event already recorded with the same content is skipped (docs/spec.md §2).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The ledger goes where the command runs (pnpm runs it at the workspace root): ./ledger.db there.
const here = process.cwd();
const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const seeds = ['plan-targets.ndjson', 'synthetic-130302.ndjson'].map((s) => relative(here, fileURLToPath(new URL(`../seeds/${s}`, import.meta.url))));
const store = process.env.LEDGER_STORE ?? './ledger.db';

for (const path of [bin, ...seeds]) {
  if (!existsSync(path)) {
    console.error(`demo: ${path} is missing${path === bin ? ' — run `pnpm build` first (or `pnpm demo`, which builds)' : ''}`);
    process.exit(1);
  }
}

/** Runs `ledger …` here with this terminal, so colours and the progress bar show. */
const ledger = (...args) => {
  console.error(`$ ledger ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [bin, '--store', store, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

ledger('import', ...seeds);
ledger('progress', '--district', '130302', '--from', '2019', '--to', '2025');
