import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const coreSrc = here('../core/src/');

/**
 * For the page, core is bundled from its sources with its one cryptography module, `tlog/crypto.ts`
 * (node:crypto), replaced by `src/browser/crypto.ts` (same names, pure JS): the rest of core runs as it is.
 */
const browserCore = {
  name: 'browser-core',
  setup(build: { onResolve: (o: { filter: RegExp }, f: (a: { path: string; importer: string }) => { path: string } | undefined) => void }) {
    build.onResolve({ filter: /^@indicator-ledger\/core(\/tlog)?$/ }, (args) => ({ path: args.path.endsWith('/tlog') ? `${coreSrc}tlogEntry.ts` : `${coreSrc}index.ts` }));
    build.onResolve({ filter: /\/crypto\.js$/ }, (args) => (args.importer.startsWith(coreSrc) ? { path: here('src/browser/crypto.ts') } : undefined));
    // ledger.ts takes randomUUID from node:crypto; the page appends nothing, but the module graph must resolve.
    build.onResolve({ filter: /^node:crypto$/ }, () => ({ path: here('src/browser/nodeCryptoStub.ts') }));
  },
};

export default defineConfig([
  // The library, for Node and bundlers: ESM + CJS + types; core stays a dependency (one copy of it).
  libraryBuild({ entry: { index: 'src/index.ts', node: 'src/node.ts' }, external: ['@indicator-ledger/core'], shims: true }),
  // For bundlers targeting browsers (the `browser` condition, or `@indicator-ledger/verify/browser`): one ESM
  // file with core bundled from its sources on the pure-JS crypto module, so nothing imports `node:*`.
  {
    entry: { browser: 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    minify: false,
    clean: false,
    dts: false,
    sourcemap: false,
    noExternal: [/.*/],
    esbuildPlugins: [browserCore],
  },
  // The page's script: one IIFE with everything inlined, which scripts/buildPage.mjs puts into verify.html.
  {
    entry: { page: 'src/browser/page.ts' },
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    minify: true,
    clean: false,
    dts: false,
    sourcemap: false,
    noExternal: [/.*/],
    esbuildPlugins: [browserCore],
  },
]);
