import type { Options } from 'tsup';

/**
 * The build every publishable package shares: `src/index.ts` to ESM + CJS + `.d.ts` for Node 20, with
 * source maps. A package's `tsup.config.ts` passes only what differs.
 */
export const libraryBuild = (overrides: Options = {}): Options => ({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  ...overrides,
});
