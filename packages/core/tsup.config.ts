import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // canonicalize 4 ships ESM only; bundling it keeps the CJS build loadable with require().
  noExternal: ['canonicalize'],
  external: ['vitest', 'fast-check'],
});
