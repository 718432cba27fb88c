import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** The machine a run measured, as docs/benchmarks.md reports it. */
export interface MachineDescription {
  /** Logical CPUs this process may use (`nproc`). */
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** 1, 5 and 15 minute load averages when the run started: a loaded machine measures slower. */
  readonly loadAverage: readonly number[];
}

// /proc/cpuinfo names the model even where os.cpus() is empty (some containers).
const cpuModelOf = (): string => {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line !== undefined) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
};

/** Describes this machine now. */
export const describeMachine = (): MachineDescription => ({
  nproc: availableParallelism(),
  cpuModel: cpuModelOf(),
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
});
