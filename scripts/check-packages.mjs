// Package quality (issue 8): for every publishable workspace package (packages/*, not private)
//   1. publint --strict reports no problem;
//   2. `pnpm pack` makes its tarball (workspace:^ ranges become versions);
//   3. @arethetypeswrong/cli reports no problem on the tarball (the core's `./testing` entry is ESM only by
//      design — it imports vitest — so it is checked with attw's esm-only profile, the rest with the default);
// then installs all tarballs into a temporary project with npm and, there, imports every package with ESM
// `import` and CJS `require`, runs a ledger on SQLite through each, and runs the installed `ledger` bin.
// Run with `pnpm check:packages` (which builds first). Exit status 0 only when everything passes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** What each package must export, as a smoke check that its entry loads. */
const EXPECTED_EXPORT = {
  '@indicator-ledger/core': 'createLedger',
  '@indicator-ledger/store-sqlite': 'openSqliteStore',
  '@indicator-ledger/store-postgres': 'openPostgresStore',
  '@indicator-ledger/store-eventstoredb': 'createEventStoreDbStore',
  '@indicator-ledger/cli': 'run',
};

/** attw runs per package: entry points checked with the default profile, and ESM-only ones with esm-only. */
const ATTW_RUNS = {
  '@indicator-ledger/core': [['--exclude-entrypoints', './testing'], ['--entrypoints', './testing', '--profile', 'esm-only']],
};

const failures = [];
const step = (what, work) => {
  process.stdout.write(`· ${what} … `);
  try {
    const note = work();
    console.log(note ? `ok (${note})` : 'ok');
  } catch (err) {
    console.log('FAILED');
    const output = [err.stdout, err.stderr].filter(Boolean).map(String).join('\n').trim();
    console.log((output || err.message).split('\n').map((l) => `    ${l}`).join('\n'));
    failures.push(what);
  }
};
const run = (command, args, options = {}) => execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

const work = mkdtempSync(join(tmpdir(), 'ledger-packages-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const tarballOf = {};

for (const { dir, manifest } of packages) {
  const name = manifest.name;
  step(`${name}: publint --strict`, () => {
    const out = run(bin('publint'), ['--strict', dir]);
    if (/Errors?:|Warnings?:/.test(out)) throw Object.assign(new Error('publint reported problems'), { stdout: out });
  });
  step(`${name}: pnpm pack`, () => {
    run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
    const file = readdirSync(tarballs).find((f) => f.startsWith(`${name.replace('@', '').replace('/', '-')}-`) && f.endsWith('.tgz'));
    if (file === undefined) throw new Error('no tarball written');
    tarballOf[name] = join(tarballs, file);
    return file;
  });
  for (const args of ATTW_RUNS[name] ?? [[]]) {
    step(`${name}: attw ${args.join(' ')}`.trimEnd(), () => {
      run(bin('attw'), [tarballOf[name], '--format', 'ascii', ...args]);
    });
  }
}

// A consumer project outside the workspace: the tarballs only, every @indicator-ledger dependency pinned
// to its tarball (overrides), third-party dependencies from the registry (or npm's cache).
const consumer = join(work, 'consumer');
mkdirSync(consumer);
const fileSpecs = Object.fromEntries(Object.entries(tarballOf).map(([name, path]) => [name, `file:${path}`]));
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'ledger-consumer', private: true, version: '0.0.0', dependencies: fileSpecs, overrides: fileSpecs }, null, 2));

step('npm install of the tarballs into a temporary project', () => {
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer, timeout: 600_000 });
});

for (const [name, symbol] of Object.entries(EXPECTED_EXPORT)) {
  step(`${name}: ESM import`, () => {
    run(process.execPath, ['--input-type=module', '-e', `import * as m from '${name}'; if (typeof m.${symbol} !== 'function') throw new Error('${symbol} is not exported');`], { cwd: consumer });
  });
  step(`${name}: CJS require`, () => {
    run(process.execPath, ['-e', `const m = require('${name}'); if (typeof m.${symbol} !== 'function') throw new Error('${symbol} is not exported');`], { cwd: consumer });
  });
}
step('@indicator-ledger/core/testing: resolves for ESM', () => {
  run(process.execPath, ['--input-type=module', '-e', "import.meta.resolve('@indicator-ledger/core/testing');"], { cwd: consumer });
});

// One event through the installed packages: decode, rules, hash chain, SQLite, projections.
const EVENT = {
  type: 'TargetSet',
  eventId: '6f1b3a52-6d1c-4a4e-9d9e-3b1f6c0a7e21',
  district: '130302',
  effectiveDate: '2019-06-01',
  recordedAt: '2019-06-01T02:00:00.000Z',
  actor: { unit: 'development-reform', user: 'package-check' },
  data: { indicator: 'high-tech-enterprises', year: 2020, comparator: 'gte', value: 75 },
};
const ledgerRound = (loadCore, loadSqlite) => `
  const core = ${loadCore}; const sqlite = ${loadSqlite};
  const store = await sqlite.openSqliteStore(process.argv[1]);
  const ledger = core.createLedger({ store });
  const appended = await ledger.append('130302', [${JSON.stringify(EVENT)}]);
  if (appended._tag !== 'Right') throw new Error(JSON.stringify(appended.left));
  const snapshot = await core.createIndicatorProjections(store).snapshot('130302', { year: 2020 });
  if (snapshot._tag !== 'Right' || snapshot.right.position !== 1 || snapshot.right.indicators['high-tech-enterprises'].target.value !== 75) throw new Error('unexpected snapshot');
  await store.close();`;
step('a ledger on SQLite through the ESM entries', () => {
  run(process.execPath, ['--input-type=module', '-e', ledgerRound("await import('@indicator-ledger/core')", "await import('@indicator-ledger/store-sqlite')"), join(work, 'esm.db')], { cwd: consumer });
});
step('a ledger on SQLite through the CJS entries', () => {
  run(process.execPath, ['-e', `(async () => { ${ledgerRound("require('@indicator-ledger/core')", "require('@indicator-ledger/store-sqlite')")} })().catch((e) => { console.error(e); process.exit(1); });`, join(work, 'cjs.db')], { cwd: consumer });
});
step('the installed `ledger` bin imports and answers', () => {
  writeFileSync(join(consumer, 'one.ndjson'), `${JSON.stringify(EVENT)}\n`);
  const ledger = join(consumer, 'node_modules', '.bin', 'ledger');
  const version = run(ledger, ['--version'], { cwd: consumer }).trim();
  run(ledger, ['import', 'one.ndjson'], { cwd: consumer });
  const snapshot = JSON.parse(run(ledger, ['snapshot', '--district', '130302', '--year', '2020', '--format', 'json'], { cwd: consumer }));
  if (snapshot.position !== 1) throw new Error(`snapshot position ${snapshot.position}`);
  const usage = spawnSync(ledger, ['snapshot'], { cwd: consumer, encoding: 'utf8' });
  if (usage.status !== 2) throw new Error(`wrong usage exited ${usage.status}`);
  return `ledger ${version}`;
});

rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.log(`\n${failures.length} package check(s) failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nall package checks passed (${packages.length} packages)`);
