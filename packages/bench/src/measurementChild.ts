/**
 * Entry point of a measurement's child process: runs the job given as JSON in argv[2], then sends its
 * figures and the process's peak resident memory to the parent, so no two measurements share a heap.
 */
import { runJob } from './jobs.js';
import type { Job } from './jobs.js';
import { peakResidentBytes, sampleResidentMemory } from './peakMemory.js';

const send = (message: unknown): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined) {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
    } else process.send(message, () => resolve());
  });

const stopSampling = sampleResidentMemory();
try {
  const job = JSON.parse(process.argv[2] ?? '') as Job;
  const figures = await runJob(job);
  stopSampling();
  await send({ ok: true, figures, peakRssBytes: peakResidentBytes() });
} catch (err) {
  await send({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
}
