/**
 * `pnpm bench` with a wrong option says what is wrong and what it accepts, in one line and exit status 2 —
 * never a stack trace — and measures nothing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

const bench = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: BENCH_DIR,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: BENCH_DIR },
    timeout: 60_000,
  });

const STACK_FRAME = /^\s+at .+[(:]\d+/m;

describe('pnpm bench with a wrong option', () => {
  it.each([
    [['--only', 'apend'], /--only: unknown workload apend; one of append, .*growth/],
    [['--set', 'districtEvents=many'], /--set districtEvents=many: expected NAME=COUNT with NAME one of .*districtEvents/],
    [['--set', 'nosuch=10'], /--set nosuch=10: expected NAME=COUNT/],
    [['--qiuck'], /bench: .*--qiuck/],
  ])('%j is refused with its reason, no stack trace', (args, reason) => {
    const run = bench(...args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stderr).not.toMatch(/measuring/);
    expect(run.stdout).toBe('');
  });
});
