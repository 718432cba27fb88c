import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

const bundling = {
  // canonicalize 4 ships ESM only; bundling it keeps the CJS build loadable with require().
  noExternal: ['canonicalize'],
  external: ['vitest', 'fast-check'],
};

export default defineConfig([
  // The main entry, the bundle entry (audit bundles: the one part that reads and writes files), the tlog entry
  // (proofs, notes and record checks without a file system, for offline verifiers) and the testing
  // helpers (fast-check arbitraries, fixtures): ESM + CJS.
  // Its declarations also cover the store contract entry: both builds run at once, and this one's clean
  // (at the start of its declaration build) would otherwise remove the other's .d.ts when it came first.
  libraryBuild({
    ...bundling,
    entry: { index: 'src/index.ts', bundle: 'src/bundle/index.ts', tlog: 'src/tlogEntry.ts', testing: 'src/testing/index.ts' },
    dts: { entry: { index: 'src/index.ts', bundle: 'src/bundle/index.ts', tlog: 'src/tlogEntry.ts', testing: 'src/testing/index.ts', 'testing-store-contract': 'src/testing/storeContract.ts' } },
  }),
  // The store contract suite defines vitest suites, and vitest cannot be loaded with require(): ESM only.
  libraryBuild({ ...bundling, entry: { 'testing-store-contract': 'src/testing/storeContract.ts' }, format: ['esm'], clean: false, dts: false }),
]);
