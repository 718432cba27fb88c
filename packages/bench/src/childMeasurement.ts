import { fork } from 'node:child_process';
import type { Job } from './jobs.js';

/** What a child reports: the workload's figures and the child's peak resident memory. */
export interface ChildReport<F> {
  readonly figures: F;
  readonly peakRssBytes: number;
}

/** Options of {@link runInChild}. */
export interface ChildOptions {
  /** The bundled measurement child (see `bundleMeasurementChild`). */
  readonly script: string;
  /** Write a V8 CPU profile of the child here (`node --cpu-prof`), named after `label`. */
  readonly profileDir?: string;
  readonly label: string;
}

/**
 * Runs `job` in a fresh Node process and resolves with its report; rejects with the child's error, or
 * when it exits without reporting. One child per measurement, so peak memory and JIT state are its own.
 */
export const runInChild = <F>(job: Job, options: ChildOptions): Promise<ChildReport<F>> =>
  new Promise((resolve, reject) => {
    const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${options.label}.cpuprofile`];
    const child = fork(options.script, [JSON.stringify(job)], {
      execArgv: profile,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    let report: { ok: true; figures: F; peakRssBytes: number } | { ok: false; error: string } | undefined;
    child.on('message', (m) => {
      report = m as typeof report;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (report?.ok === true) resolve({ figures: report.figures, peakRssBytes: report.peakRssBytes });
      else if (report?.ok === false) reject(new Error(`${options.label}: ${report.error}`));
      else reject(new Error(`${options.label}: child exited (${signal ?? code}) without a report`));
    });
  });
