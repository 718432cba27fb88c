import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

const bundling = {
  // canonicalize 4 ships ESM only; bundling it keeps the CJS build loadable with require().
  noExternal: ['canonicalize'],
  external: ['vitest', 'fast-check'],
};

// The two builds run in parallel, and a build with `clean` also deletes every declaration file when its own
// declarations start, which raced with the other build's (testing-store-contract.d.ts went missing): neither
// cleans, and the package's build script empties dist/ before both.
export default defineConfig([
  // The main entry, the bundle entry (audit bundles: the one part that reads and writes files), the tlog entry
  // (proofs, notes and record checks without a file system, for offline verifiers) and the testing
  // helpers (fast-check arbitraries, fixtures): ESM + CJS.
  libraryBuild({ ...bundling, entry: { index: 'src/index.ts', bundle: 'src/bundle/index.ts', tlog: 'src/tlogEntry.ts', testing: 'src/testing/index.ts' }, clean: false }),
  // The store contract suite defines vitest suites, and vitest cannot be loaded with require(): ESM only.
  libraryBuild({ ...bundling, entry: { 'testing-store-contract': 'src/testing/storeContract.ts' }, format: ['esm'], clean: false }),
]);
