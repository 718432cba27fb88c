import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const STORE_SQLITE_PACKAGE = fileURLToPath(new URL('../../store-sqlite/package.json', import.meta.url));
const STORE_SQLITE_WORKER = fileURLToPath(new URL('../../store-sqlite/src/admissionWorker.ts', import.meta.url));
const STORE_POSTGRES_PACKAGE = fileURLToPath(new URL('../../store-postgres/package.json', import.meta.url));
const BENCH_PACKAGE = join(BENCH_DIR, 'package.json');

/**
 * Bundles the measurement child (and the core and store sources it runs) into one JavaScript file in
 * `outDir`, as the packages' own builds would, and returns its path. Children then run plain JavaScript:
 * no TypeScript loader in their memory or their profiles. better-sqlite3, a native addon, stays outside
 * the bundle, imported by its absolute path so the bundle may live anywhere; so does `sqlite3`, the native
 * addon of Emmett's SQLite store (the peer of `--peers`), and the PostgreSQL driver `pg`, whose optional
 * native binding a bundler cannot resolve.
 *
 * fp-ts and io-ts are bundled from their ES builds (`fp-ts/es6`, `io-ts/es6`) where the sources name the
 * CommonJS ones (`fp-ts/lib/…`, as Node's ESM needs): a CommonJS module in an ES bundle is reached through a
 * getter per export, a function call on every `E.isRight`, `t.success`… of the hot paths (4–5 % of an append's
 * or a verify's profile), which a program running the packages in Node does not make.
 */
export const bundleMeasurementChild = async (outDir: string): Promise<string> => {
  const betterSqlite3 = createRequire(STORE_SQLITE_PACKAGE).resolve('better-sqlite3');
  const sqlite3 = createRequire(BENCH_PACKAGE).resolve('sqlite3');
  const pgDriver = createRequire(STORE_POSTGRES_PACKAGE).resolve('pg');
  await build({
    config: false,
    // The admission worker of a two-thread verify beside the child, where `admissionOnSecondThread` looks for it.
    entry: { 'measurement-child': join(BENCH_DIR, 'src', 'measurementChild.ts'), admissionWorker: STORE_SQLITE_WORKER },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    tsconfig: join(BENCH_DIR, 'tsconfig.json'),
    noExternal: [/.*/],
    sourcemap: true,
    splitting: false,
    outExtension: () => ({ js: '.mjs' }),
    silent: true,
    esbuildPlugins: [
      {
        name: 'native-addon-by-path',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: betterSqlite3, external: true }));
          b.onResolve({ filter: /^sqlite3$/ }, () => ({ path: sqlite3, external: true }));
          // pg's optional native binding (`pg-native`) is required lazily; left outside like the addons.
          b.onResolve({ filter: /^pg$/ }, () => ({ path: pgDriver, external: true }));
          b.onResolve({ filter: /^(fp-ts|io-ts)\/lib\// }, (args) =>
            b.resolve(args.path.replace(/^(fp-ts|io-ts)\/lib\//, '$1/es6/'), { kind: args.kind, resolveDir: args.resolveDir }),
          );
        },
      },
    ],
  });
  return join(outDir, 'measurement-child.mjs');
};
