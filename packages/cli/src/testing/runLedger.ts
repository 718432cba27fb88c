import { Readable } from 'node:stream';
import { run } from '../run.js';

/** What one run of the command printed and returned. */
export interface LedgerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run the command in-process: working directory, environment, input, and whether outputs are terminals. */
export interface RunSetting {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
}

/** Runs `ledger argv…` in-process through {@link run}, collecting what it writes. */
export const runLedger = async (argv: readonly string[], setting: RunSetting): Promise<LedgerRun> => {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: setting.stdoutIsTTY ?? false, columns: 200 },
    stderr: { write: (t: string) => (stderr += t), isTTY: setting.stderrIsTTY ?? false, columns: 200 },
    stdin: Readable.from([Buffer.from(setting.stdin ?? '', 'utf8')]),
    env: setting.env ?? {},
    cwd: setting.cwd,
  });
  return { code, stdout, stderr };
};
