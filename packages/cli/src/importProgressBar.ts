import cliProgress from 'cli-progress';
import type { ImportProgress } from './importFiles.js';
import type { Output } from './io.js';

/** Imports smaller than this many bytes (about 1 000 lines) finish too fast for a bar to help. */
const LONG_IMPORT_BYTES = 256 * 1024;

const PHASE_WORDS: Readonly<Record<ImportProgress['phase'], string>> = {
  checking: 'checking lines',
  writing: 'writing       ',
};

/**
 * A progress bar on standard error while a long import runs (bytes checked of `totalBytes`; none when the
 * size is unknown, as for standard input) — only on a terminal, so logs and pipes stay
 * clean. Returns the progress callback and a `stop` that clears the bar.
 */
export const importProgressBar = (stderr: Output, totalBytes: number): { readonly onProgress: (p: ImportProgress) => void; readonly stop: () => void } => {
  if (stderr.isTTY !== true || totalBytes < LONG_IMPORT_BYTES) return { onProgress: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as unknown as NodeJS.WritableStream,
      format: '{phase} [{bar}] {percentage}%',
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: ImportProgress['phase'] | undefined;
  return {
    onProgress: (p) => {
      if (p.phase !== phase) {
        phase = p.phase;
        if (bar.isActive) bar.stop();
        bar.start(Math.max(p.total, 1), p.done, { phase: PHASE_WORDS[p.phase] });
      } else bar.update(p.done);
    },
    stop: () => {
      if (bar.isActive) bar.stop();
    },
  };
};
