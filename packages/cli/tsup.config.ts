import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The programmatic entry (`run`), for embedding tools and tests: ESM and CJS with types.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    // The `ledger` executable: ESM only (it awaits at top level); esbuild keeps the source's shebang.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
