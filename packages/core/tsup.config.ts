import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

const bundling = {
  // canonicalize 4 ships ESM only; bundling it keeps the CJS build loadable with require().
  noExternal: ['canonicalize'],
  external: ['vitest', 'fast-check'],
};

export default defineConfig([
  libraryBuild(bundling),
  // The testing entry defines vitest suites, and vitest cannot be loaded with require(): ESM only.
  libraryBuild({ ...bundling, entry: { testing: 'src/testing/index.ts' }, format: ['esm'], clean: false }),
]);
