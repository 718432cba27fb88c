import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The `ledger` executable in its own process, run from its TypeScript source with tsx (so it needs no build
// of the CLI), reading the core from source through the workspace tsconfig's paths.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const tsxCli = createRequire(join(root, 'package.json')).resolve('tsx/cli');
const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
const processEnv = (): NodeJS.ProcessEnv => ({ ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'), NO_COLOR: '1', LANG: 'C' });

/** What one `ledger` process printed, and its exit status (-1 when it was killed by a signal). */
export interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ledger args…` in a child process in `cwd`, feeding `stdin`, and collects what it printed. */
export const ledgerProcess = (args: readonly string[], cwd: string, stdin?: string): Promise<Finished> =>
  new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [tsxCli, bin, ...args],
      { cwd, env: processEnv(), encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });

/** Starts `ledger args…` in a child process with piped streams, for tests that act while it runs. */
export const spawnLedger = (args: readonly string[], cwd: string): ChildProcess =>
  spawn(process.execPath, [tsxCli, bin, ...args], { cwd, env: processEnv(), stdio: ['ignore', 'pipe', 'pipe'] });

/** Collects a running child's standard error and waits for its exit status (-1 when killed by a signal). */
export const finishOf = (child: ChildProcess): Promise<{ readonly code: number; readonly stderr: string }> =>
  new Promise((resolve) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
