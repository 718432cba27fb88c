// The repository must hold everything its tests and docs need: a user's clone has nothing beside it.
//   1. No tracked file refers to the reference folder beside the checkout (`shared/` one level up), to this
//      workplace's root, or to the absolute path of the folder the checkout sits in.
//   2. The audit tests (RFC 6962 known-answer vectors) pass in a copy of the tracked files placed in an
//      empty temporary folder, with no `shared/` beside it.
// Run with `node scripts/check-self-contained.mjs` after `pnpm install`; exit status 0 only when both hold.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const self = 'scripts/check-self-contained.mjs';
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

// Built from parts, so that this file does not match itself.
const forbidden = [
  ['the reference folder beside the checkout', ['\\.\\.', '/shared'].join('')],
  ["this workplace's root", ['(^|[^A-Za-z0-9_.~-])/wo', 'rk/'].join('')],
];
const parent = dirname(root);
if (parent !== '/') forbidden.push(['the folder this checkout sits in', parent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '/']);

let failed = false;
for (const [what, pattern] of forbidden) {
  const found = spawnSync('git', ['grep', '-nE', pattern, '--', '.', ':!pnpm-lock.yaml', `:!${self}`], { cwd: root, encoding: 'utf8' });
  if (found.status === 0) {
    failed = true;
    console.log(`tracked files refer to ${what}:\n${found.stdout.trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}`);
  }
}
if (!failed) console.log('no tracked file refers to the folder beside the checkout or to a path of this machine');

// A copy of the tracked files as they are in the working tree, alone in a fresh folder.
const scratch = mkdtempSync(join(tmpdir(), 'ledger-alone-'));
const copy = join(scratch, 'repository');
try {
  for (const file of git('ls-files', '-z').split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  // Installed packages are not part of the repository: link them in, as `pnpm install` would lay them.
  for (const modules of ['node_modules', 'packages/core/node_modules']) symlinkSync(join(root, modules), join(copy, modules));
  if (existsSync(join(scratch, 'shared'))) throw new Error('the scratch folder has a shared/ beside the copy');
  const tests = spawnSync(join(copy, 'node_modules/.bin/vitest'), ['run', 'packages/core/src/audit', '--reporter=dot', '--outputFile.json=/dev/null'], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const summary = `${tests.stdout}\n${tests.stderr}`.split('\n').filter((l) => /Test Files|Tests |Error|ENOENT|FAIL/.test(l));
  if (tests.status === 0) console.log(`the audit tests pass in a copy with nothing beside it: ${summary.map((l) => l.trim()).join('; ')}`);
  else {
    failed = true;
    console.log(`the audit tests fail in a copy with nothing beside it (${copy}):\n${summary.map((l) => `  ${l}`).join('\n')}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
