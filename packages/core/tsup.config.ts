import { defineConfig } from 'tsup';

const shared = {
  dts: true,
  sourcemap: true,
  target: 'node20',
  // canonicalize 4 ships ESM only; bundling it keeps the CJS build loadable with require().
  noExternal: ['canonicalize'],
  external: ['vitest', 'fast-check'],
} as const;

export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts' }, format: ['esm', 'cjs'], clean: true },
  // The testing entry defines vitest suites, and vitest cannot be loaded with require(): ESM only.
  { ...shared, entry: { testing: 'src/testing/index.ts' }, format: ['esm'] },
]);
