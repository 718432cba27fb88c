import { readFileSync } from 'node:fs';

/**
 * The peak resident set size of this process so far, in bytes: the kernel's high-water mark (`VmHWM` of
 * /proc/self/status), which no sampling can miss. Where there is no /proc, the largest of the samples
 * taken by {@link sampleResidentMemory} and the current RSS.
 */
export const peakResidentBytes = (): number => {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: use the samples.
  }
  return Math.max(sampledPeak, process.memoryUsage.rss());
};

let sampledPeak = 0;

/**
 * Samples `process.memoryUsage.rss()` every `intervalMs` until the returned function is called: the
 * fallback of {@link peakResidentBytes} on systems without /proc. The timer does not keep the process alive.
 */
export const sampleResidentMemory = (intervalMs = 5): (() => void) => {
  const timer = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
};
