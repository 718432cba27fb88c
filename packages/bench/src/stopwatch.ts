/** Wall-clock and CPU time of one measured stretch of work. */
export interface Elapsed {
  /** Wall-clock milliseconds. */
  readonly wallMs: number;
  /**
   * CPU milliseconds of this process (user + system, every thread): steadier than wall time on a busy
   * machine, where wall time also counts waiting for a core (and for fsync).
   */
  readonly cpuMs: number;
}

/** Starts measuring; the returned function gives the time since. */
export const startStopwatch = (): (() => Elapsed) => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
};

/**
 * A running total of measured stretches: `time(work)` measures one and adds it to `total()`. For a loop
 * that times its steps and not what it does between them (generating the next batch, say).
 */
export const createElapsedTotal = (): { readonly time: <T>(work: () => Promise<T>) => Promise<T>; readonly total: () => Elapsed } => {
  let wallMs = 0;
  let cpuMs = 0;
  return {
    time: async (work) => {
      const stop = startStopwatch();
      try {
        return await work();
      } finally {
        const elapsed = stop();
        wallMs += elapsed.wallMs;
        cpuMs += elapsed.cpuMs;
      }
    },
    total: () => ({ wallMs, cpuMs }),
  };
};

/** Runs `work` and measures it. */
export const timed = async <T>(work: () => Promise<T> | T): Promise<{ readonly result: T; readonly elapsed: Elapsed }> => {
  const stop = startStopwatch();
  const result = await work();
  return { result, elapsed: stop() };
};

/** Items per second of an elapsed time. */
export const ratePerSecond = (items: number, ms: number): number => (ms > 0 ? (items / ms) * 1000 : Number.POSITIVE_INFINITY);
