/**
 * An exclusive lock between processes: a file created with `wx` holding the owner's process id, removed
 * when the work is done. A lock whose owner is no longer running is taken over, so a killed process does
 * not block the next one for good.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { CommandFailure } from '../commandContext.js';

const LOCK_WAIT_MS = 30_000;

const ownerIsGone = async (lock: string): Promise<boolean> => {
  const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

/** Runs `work` holding the lock file `lock` (waits up to 30 s for another process to let go). */
export const withFileLock = async <T>(lock: string, shown: string, work: () => Promise<T>): Promise<T> => {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new CommandFailure(`cannot create the lock ${shown}: ${(err as Error).message}`);
      if (await ownerIsGone(lock)) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new CommandFailure(`${shown} is held by another ledger process; remove it if none is running`);
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
};
