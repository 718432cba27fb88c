import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/**
 * Bundles the child scripts once into plain `.mjs` files, so that each of the many processes the
 * crash test starts costs a Node start-up and not a TypeScript compile. The bundles sit inside this
 * package's `node_modules/.cache`, where `better-sqlite3` (left external: it is native) still resolves.
 */
export const bundleScripts = async <N extends string>(entries: Readonly<Record<N, string>>): Promise<{ readonly paths: Readonly<Record<N, string>>; readonly dispose: () => void }> => {
  const outDir = here(`../../node_modules/.cache/ledger-test-children/${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(outDir, { recursive: true });
  await build({
    config: false,
    entry: entries,
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outExtension: () => ({ js: '.mjs' }),
    splitting: false,
    sourcemap: false,
    dts: false,
    silent: true,
    // Everything but the native module goes into the bundle.
    noExternal: [/^(?!better-sqlite3$)/],
    external: ['better-sqlite3'],
    esbuildOptions: (options) => {
      options.alias = { '@indicator-ledger/core': here('../../../core/src/index.ts') };
    },
  });
  const paths = Object.fromEntries(Object.keys(entries).map((name) => [name, join(outDir, `${name}.mjs`)])) as Record<N, string>;
  return { paths, dispose: () => rmSync(outDir, { recursive: true, force: true }) };
};

/** The crash test's two child scripts, bundled by {@link bundleScripts}. */
export const bundleChildScripts = async (): Promise<{ readonly appendLoop: string; readonly racingAppender: string; readonly dispose: () => void }> => {
  const { paths, dispose } = await bundleScripts({ appendLoop: here('./appendLoop.child.ts'), racingAppender: here('./racingAppender.child.ts') });
  return { ...paths, dispose };
};

/** A running child script: its process, every stdout line so far, and a way to wait for one. */
export interface RunningChild {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves when a line satisfying `test` has been printed (rejects if the process exits first). */
  readonly lineMatching: (test: (line: string) => boolean) => Promise<string>;
  /** Resolves with the exit code (or the signal) and stderr once the process has ended. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string }>;
}

/** Starts `node script ...args`, collecting stdout lines and stderr. */
export const startChild = (script: string, args: readonly string[]): RunningChild => {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.test(line)) waiters.splice(i, 1)[0]!.resolve(line);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${code ?? signal}) before the expected line; stderr: ${stderr}`));
      resolve({ code, signal, stderr });
    });
  });
  const lineMatching = (test: (line: string) => boolean): Promise<string> => {
    const seen = lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`child already exited; stderr: ${stderr}`));
    return new Promise((resolve, reject) => waiters.push({ test, resolve, reject }));
  };
  return { process: child, lines, lineMatching, exited };
};
