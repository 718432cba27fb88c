/**
 * The bench measures the workspace packages from their sources (the `paths` packages/bench/tsconfig.json takes
 * from the workspace's tsconfig, which tsx and the measurement child's bundler both follow), so `pnpm install && pnpm bench` works in a fresh clone, before
 * any `pnpm build`, and never measures a stale build. A package the bench imports without a path falls through
 * to its `dist`, which a fresh clone does not have: that is how `pnpm bench` in a fresh clone once failed on
 * `@indicator-ledger/store-postgres`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The `paths` the bench's tsconfig gives, after its `extends` (the workspace's tsconfig holds them), each
 * resolved against the folder of the file that states them, as TypeScript, tsx and esbuild resolve them.
 */
const benchPaths = (): Map<string, string[]> => {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(BENCH_DIR, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  const { paths, pathsBasePath } = parsed!.options;
  return new Map(Object.entries(paths ?? {}).map(([specifier, targets]) => [specifier, targets.map((t) => resolve(String(pathsBasePath), t))]));
};

/** Every `@indicator-ledger/…` specifier imported by the bench's own (non-test) sources. */
const workspaceImports = (): Set<string> => {
  const specifiers = new Set<string>();
  const srcDir = join(BENCH_DIR, 'src');
  for (const name of readdirSync(srcDir)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const text = readFileSync(join(srcDir, name), 'utf8');
    for (const m of text.matchAll(/\bfrom\s+'(@indicator-ledger\/[^']+)'/g)) specifiers.add(m[1]!);
  }
  return specifiers;
};

describe('the bench runs the workspace packages from source', () => {
  it('imports at least the core and the stores it measures', () => {
    expect([...workspaceImports()]).toEqual(expect.arrayContaining(['@indicator-ledger/core', '@indicator-ledger/store-sqlite', '@indicator-ledger/store-postgres']));
  });

  it('maps every workspace package it imports to a source file that exists', () => {
    const paths = benchPaths();
    for (const specifier of workspaceImports()) {
      const targets = paths.get(specifier);
      expect(targets, `${specifier} has no entry in the "paths" packages/bench/tsconfig.json gives`).toBeDefined();
      for (const target of targets!) expect(existsSync(target), `${specifier} → ${target}`).toBe(true);
    }
  });
});
