import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources, so a change is tested without a build step.
    alias: [
      { find: /^@indicator-ledger\/core\/testing\/store-contract$/, replacement: src('./packages/core/src/testing/storeContract.ts') },
      { find: /^@indicator-ledger\/core\/bundle$/, replacement: src('./packages/core/src/bundle/index.ts') },
      { find: /^@indicator-ledger\/core\/tlog$/, replacement: src('./packages/core/src/tlogEntry.ts') },
      { find: /^@indicator-ledger\/verify\/node$/, replacement: src('./packages/verify/src/node.ts') },
      { find: /^@indicator-ledger\/verify$/, replacement: src('./packages/verify/src/index.ts') },
      { find: /^@indicator-ledger\/core\/testing$/, replacement: src('./packages/core/src/testing/index.ts') },
      { find: /^@indicator-ledger\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@indicator-ledger\/store-sqlite$/, replacement: src('./packages/store-sqlite/src/index.ts') },
      { find: /^@indicator-ledger\/store-postgres$/, replacement: src('./packages/store-postgres/src/index.ts') },
      { find: /^@indicator-ledger\/store-eventstoredb$/, replacement: src('./packages/store-eventstoredb/src/index.ts') },
      { find: /^@indicator-ledger\/store-eventstoredb\/testing$/, replacement: src('./packages/store-eventstoredb/src/testing/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
