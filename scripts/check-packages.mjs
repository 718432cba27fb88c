// Package quality: for every publishable workspace package (packages/*, not private)
//   1. its manifest has what a registry page and a user need (LICENSE file, README, repository, …);
//   2. publint --strict reports no problem;
//   3. `pnpm pack` makes its tarball (workspace:^ ranges become versions);
//   4. @arethetypeswrong/cli reports no problem on the tarball (the core's `./testing/store-contract` entry is
//      ESM only by design — it defines vitest suites — so it is checked with attw's esm-only profile);
// then installs all tarballs into a temporary project with npm (as a stranger would: no workspace, no
// vitest) and, there: type-checks a strict consumer (strict, skipLibCheck false; node16 and bundler
// resolution; ESM and CJS files), imports every package (and core's bundle entry) with ESM `import` and CJS `require`, loads the
// testing entry without vitest, runs core's README example, a ledger on SQLite, and the installed bin.
// Run with `pnpm check:packages` (which builds first). Exit status 0 only when everything passes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** What each package must export, as a smoke check that its entry loads. */
const EXPECTED_EXPORT = {
  '@indicator-ledger/core': 'createLedger',
  '@indicator-ledger/core/bundle': 'verifyBundle',
  '@indicator-ledger/core/tlog': 'verifyConsistency',
  '@indicator-ledger/verify': 'verifyBundleFiles',
  '@indicator-ledger/verify/node': 'verifyBundleFolder',
  '@indicator-ledger/store-sqlite': 'openSqliteStore',
  '@indicator-ledger/store-postgres': 'openPostgresStore',
  '@indicator-ledger/store-eventstoredb': 'createEventStoreDbStore',
  '@indicator-ledger/cli': 'run',
};

/** attw runs per package: entry points checked with the default profile, and ESM-only ones with esm-only. */
const ATTW_RUNS = {
  // node16 profile: subpath entries cannot resolve under the old node10 algorithm, which no Node >= 20 uses.
  '@indicator-ledger/core': [['--exclude-entrypoints', './testing/store-contract', '--profile', 'node16'], ['--entrypoints', './testing/store-contract', '--profile', 'esm-only']],
  // Its test double is the subpath entry ./testing: node16 for the same reason as core's.
  '@indicator-ledger/store-eventstoredb': [['--profile', 'node16']],
  // verify.html is a page, not a module: attw checks the two code entries.
  '@indicator-ledger/verify': [['--entrypoints', '.', './node', '--profile', 'node16']],
};

/** Manifest fields every published package carries. */
const REQUIRED_FIELDS = ['name', 'version', 'description', 'license', 'keywords', 'homepage', 'repository', 'bugs', 'engines'];

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
  step(`${name}: manifest, README and LICENSE`, () => {
    const problems = REQUIRED_FIELDS.filter((field) => manifest[field] === undefined).map((field) => `no "${field}"`);
    if (manifest.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public" (a scoped package is private by default)');
    if (manifest.sideEffects !== false) problems.push('no "sideEffects": false');
    for (const file of ['README.md', 'LICENSE']) {
      if (!existsSync(join(dir, file))) problems.push(`no ${file}`);
      if (!manifest.files?.includes(file)) problems.push(`"files" does not list ${file}`);
    }
    // A README is read on the registry's page, where a relative link outside the package leads nowhere.
    const readme = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
    for (const [, target] of readme.matchAll(/\]\((\.\.\/[^)]*)\)/g)) problems.push(`README links outside the package: ${target}`);
    if (problems.length > 0) throw new Error(problems.join('; '));
  });
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
// The consumer's own tools: the TypeScript and Node types of this workspace, fast-check for the testing
// entry's arbitraries; not vitest, which only the store contract suite needs.
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const consumerTools = Object.fromEntries(['typescript', '@types/node', 'fast-check'].map((name) => [name, rootManifest.devDependencies[name]]));
writeFileSync(
  join(consumer, 'package.json'),
  JSON.stringify({ name: 'ledger-consumer', private: true, version: '0.0.0', dependencies: { ...fileSpecs, ...consumerTools }, overrides: fileSpecs }, null, 2),
);

step('npm install of the tarballs into a temporary project', () => {
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer, timeout: 600_000 });
});

// A strict TypeScript consumer of every entry's public types, once per module resolution, in an ESM and a
// CJS file. skipLibCheck is off, so a declaration that imports an undeclared package fails here.
const CONSUMER_SOURCE = `
import { createIndicatorProjections, createLedger, createMemoryStore, formatProblem } from '@indicator-ledger/core';
import type { EventStore, IndicatorId, Problem, StoredRecord } from '@indicator-ledger/core';
import { exportBundle, verifyBundle } from '@indicator-ledger/core/bundle';
import type { BundleReport } from '@indicator-ledger/core/bundle';
import { arbValidHistory, chainRecords, contractEvent } from '@indicator-ledger/core/testing';
import { verifyConsistency } from '@indicator-ledger/core/tlog';
import { verifyBundleFiles } from '@indicator-ledger/verify';
import type { BundleRejection, BundleVerdict } from '@indicator-ledger/verify';
import { attachVerifyPage, verifyBundleFolder } from '@indicator-ledger/verify/node';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import type { SqliteEventStore } from '@indicator-ledger/store-sqlite';
import { openPostgresStore } from '@indicator-ledger/store-postgres';
import { createEventStoreDbStore } from '@indicator-ledger/store-eventstoredb';
import { run } from '@indicator-ledger/cli';

export const uses = async (): Promise<number> => {
  const memory: EventStore = createMemoryStore();
  const sqlite: SqliteEventStore = await openSqliteStore(':memory:');
  const ledger = createLedger({ store: sqlite });
  const indicator: IndicatorId = 'high-tech-enterprises';
  const snapshot = await createIndicatorProjections(memory, { ledger }).snapshot('130302', { year: 2020 });
  const problems: readonly Problem[] = snapshot._tag === 'Left' ? snapshot.left : [];
  const records: StoredRecord[] = chainRecords('130302' as never, { position: 0, hash: '0'.repeat(64) as never }, [contractEvent(1)]);
  const report: BundleReport | undefined = undefined;
  const verdict: BundleVerdict | BundleRejection | undefined = undefined;
  void [openPostgresStore, createEventStoreDbStore, arbValidHistory, formatProblem, indicator, problems, records, exportBundle, verifyBundle, report];
  void [verifyConsistency, verifyBundleFiles, verifyBundleFolder, attachVerifyPage, verdict];
  return run(['--version'], { stdout: process.stdout, stderr: process.stderr });
};
`;
const CONTRACT_SOURCE = `import { describeEventStoreContract } from '@indicator-ledger/core/testing/store-contract';\nexport const contract: typeof describeEventStoreContract = describeEventStoreContract;\n`;
const TSCONFIGS = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'preserve', moduleResolution: 'bundler' },
};
for (const [resolution, options] of Object.entries(TSCONFIGS)) {
  step(`a strict TypeScript consumer compiles (${resolution} resolution, ESM and CJS, skipLibCheck false)`, () => {
    const dir = join(consumer, `types-${resolution}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'consumer.mts'), CONSUMER_SOURCE);
    writeFileSync(join(dir, 'consumer.cts'), CONSUMER_SOURCE);
    const compilerOptions = { ...options, target: 'es2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.mts', 'consumer.cts'] }, null, 2));
    run(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: consumer });
  });
}
step('the store contract entry type-checks for ESM (apart from vitest itself, which a store author installs)', () => {
  // Its declarations may name vitest, which this consumer lacks on purpose: only that may be missing.
  const dir = join(consumer, 'types-contract');
  mkdirSync(dir);
  writeFileSync(join(dir, 'contract.mts'), CONTRACT_SOURCE);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] }, files: ['contract.mts'] }));
  const output = spawnSync(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: consumer, encoding: 'utf8' });
  const unexpected = output.stdout.split('\n').filter((l) => l.includes('error') && !/Cannot find module 'vitest'/.test(l));
  if (unexpected.length > 0) throw Object.assign(new Error('type errors'), { stdout: unexpected.join('\n') });
  return output.status === 0 ? 'compiles' : 'only "vitest" is missing, as expected without it';
});

for (const [name, symbol] of Object.entries(EXPECTED_EXPORT)) {
  step(`${name}: ESM import`, () => {
    run(process.execPath, ['--input-type=module', '-e', `import * as m from '${name}'; if (typeof m.${symbol} !== 'function') throw new Error('${symbol} is not exported');`], { cwd: consumer });
  });
  step(`${name}: CJS require`, () => {
    run(process.execPath, ['-e', `const m = require('${name}'); if (typeof m.${symbol} !== 'function') throw new Error('${symbol} is not exported');`], { cwd: consumer });
  });
}
step('@indicator-ledger/core/testing loads without vitest, with ESM import and CJS require', () => {
  if (existsSync(join(consumer, 'node_modules', 'vitest'))) throw new Error('vitest is installed in the consumer; the check would prove nothing');
  run(process.execPath, ['--input-type=module', '-e', "const t = await import('@indicator-ledger/core/testing'); if (typeof t.arbValidHistory !== 'function' || typeof t.chainRecords !== 'function') throw new Error('missing exports');"], { cwd: consumer });
  run(process.execPath, ['-e', "const t = require('@indicator-ledger/core/testing'); if (typeof t.arbValidHistory !== 'function') throw new Error('missing exports');"], { cwd: consumer });
});
step("@indicator-ledger/core: the README's example runs and prints what its comment says", () => {
  const readme = readFileSync(join(root, 'packages/core/README.md'), 'utf8');
  const example = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)[1];
  const promised = /\/\/ (\{.*\})\n$/.exec(example)[1];
  writeFileSync(join(consumer, 'readme-example.mjs'), example);
  const printed = run(process.execPath, ['readme-example.mjs'], { cwd: consumer }).trim().replace(/\s+/g, ' ');
  if (printed !== promised) throw new Error(`printed ${printed}, README says ${promised}`);
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
  // verify with the admission on a second thread: the worker's file must be in the package, in this format.
  const admission = sqlite.admissionOnSecondThread(process.argv[1]);
  if (admission === undefined) throw new Error('admissionOnSecondThread finds no worker in the package');
  const verified = await core.verify(store, '130302', { admission });
  if (verified._tag !== 'Right' || verified.right.size !== 1) throw new Error('verify on two threads: ' + JSON.stringify(verified));
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
  const published = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8')).version;
  if (version !== published) throw new Error(`ledger --version printed ${version}; the package is ${published}`);
  run(ledger, ['import', 'one.ndjson'], { cwd: consumer });
  const snapshot = JSON.parse(run(ledger, ['snapshot', '--district', '130302', '--year', '2020', '--format', 'json'], { cwd: consumer }));
  if (snapshot.position !== 1) throw new Error(`snapshot position ${snapshot.position}`);
  const verified = run(ledger, ['verify', '--district', '130302', '--format', 'json'], { cwd: consumer });
  if (JSON.parse(verified).size !== 1) throw new Error(`ledger verify printed ${verified}`);
  const usage = spawnSync(ledger, ['snapshot'], { cwd: consumer, encoding: 'utf8' });
  if (usage.status !== 2) throw new Error(`wrong usage exited ${usage.status}`);
  return `ledger ${version}`;
});

// An auditor installs the verifier alone: its tarball and core's, nothing native, no store — a handful of packages.
const VERIFY_INSTALL_LIMIT = 8;
step('@indicator-ledger/verify alone: installs a handful of packages, ships verify.html, and its README example checks a bundle', () => {
  const alone = join(work, 'verify-alone');
  mkdirSync(alone);
  const tgz = (name) => join(tarballs, readdirSync(tarballs).find((f) => f.startsWith(`${name}-`) && f.endsWith('.tgz')));
  writeFileSync(join(alone, 'package.json'), JSON.stringify({ name: 'auditor', private: true, version: '0.0.0', type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tgz('indicator-ledger-core'), tgz('indicator-ledger-verify')], { cwd: alone, timeout: 600_000 });
  // `npm ls --parseable` prints the project's folder, then one line per installed package.
  const installed = new Set(run('npm', ['ls', '--all', '--parseable'], { cwd: alone }).trim().split('\n').slice(1)).size;
  if (installed > VERIFY_INSTALL_LIMIT) throw new Error(`installing the verifier pulls ${installed} packages (limit ${VERIFY_INSTALL_LIMIT})`);
  if (!existsSync(join(alone, 'node_modules/@indicator-ledger/verify/dist/verify.html'))) throw new Error('verify.html is not in the package');
  // A bundle to check, written with the consumer's full install (a ledger, a key, exportBundle).
  const bundle = join(work, 'alone-bundle');
  const key = run(process.execPath, ['--input-type=module', '-e', `
    import { generateKeyPairSync } from 'node:crypto';
    import * as core from '@indicator-ledger/core';
    import { exportBundle } from '@indicator-ledger/core/bundle';
    const keys = generateKeyPairSync('ed25519');
    const signer = { keyName: 'indicator-ledger/130302', privateKey: keys.privateKey };
    const store = core.createMemoryStore();
    await core.createLedger({ store }).append('130302', [${JSON.stringify(EVENT)}]);
    const out = await exportBundle(store, '130302', { signer, ledgerName: 'indicator-ledger', dir: process.argv[1] });
    if (out._tag === 'Left') throw new Error(out.left.reason);
    console.log(core.formatVerifierKey({ keyName: signer.keyName, publicKey: keys.publicKey }));`, bundle], { cwd: consumer }).trim();
  const readme = readFileSync(join(root, 'packages/verify/README.md'), 'utf8');
  const example = /## Example\n\n```js\n([\s\S]*?)```/.exec(readme)[1];
  writeFileSync(join(alone, 'readme-example.mjs'), example);
  const printed = run(process.execPath, ['readme-example.mjs', bundle, key], { cwd: alone }).trim();
  if (printed !== 'verified: indicator-ledger/130302, 1 records') throw new Error(`the README example printed ${printed}`);
  return `${installed} packages`;
});

rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.log(`\n${failures.length} package check(s) failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nall package checks passed (${packages.length} packages)`);
