import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

export default defineConfig([
  // The programmatic entry (`run`), for embedding tools and tests.
  libraryBuild(),
  // The `ledger` executable: ESM only (it awaits at top level); esbuild keeps the source's shebang.
  libraryBuild({ entry: { bin: 'src/bin.ts' }, format: ['esm'], dts: false, clean: false }),
]);
