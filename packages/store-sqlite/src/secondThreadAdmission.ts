/**
 * `verify`'s admission check on a second thread, for a ledger file: the core's `verify` walks the chain and
 * the Merkle tree on the calling thread while a worker thread re-judges every record against the rules
 * (docs/spec.md §8.3), reading the same positions from its own connection to the file. On two cores the two
 * halves of the work overlap; the verdict is the one-thread verdict (`auditStoredStream`).
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AdmissionFailure, AdmissionPass, AdmissionRunner, DistrictCode } from '@indicator-ledger/core';

/** What the worker is given (`workerData`). */
export interface AdmissionRequest {
  readonly path: string;
  readonly district: string;
  readonly to: number;
  /** One position, shared between the threads: records after it need no verdict. */
  readonly limit: BigInt64Array;
}

/** What the worker posts back, once. */
export type AdmissionReply = { readonly kind: 'done'; readonly failure: AdmissionFailure | undefined } | { readonly kind: 'error'; readonly message: string };

// Beside this module, with its extension: dist/index.js or .cjs in the package, the bench's bundled .mjs.
// Run from the sources (the tests), the built worker in dist/: a worker thread cannot start from TypeScript.
const workerFile = (): string | undefined => {
  const here = import.meta.url;
  const extension = extname(fileURLToPath(here));
  const candidate = fileURLToPath(new URL(extension === '.ts' ? '../dist/admissionWorker.js' : `./admissionWorker${extension}`, here));
  return existsSync(candidate) ? candidate : undefined;
};

/**
 * An {@link AdmissionRunner} for `verify` over the ledger file at `path`: each pass starts a worker thread
 * that opens the file read-only and judges positions 1..`to` of the district with the default policy of
 * docs/spec.md §5 (a custom policy is a function, which cannot cross to another thread: `verify` then
 * judges on its own thread). `undefined` when the worker's file is not there (the package was not built),
 * in which case `verify` does the same work on one thread. The worker opens `path` anew: a file replaced
 * there after the caller's store opened it is not noticed, so verify a copy no one else can write.
 *
 * @example
 * ```ts
 * import { verify } from '@indicator-ledger/core';
 * import { admissionOnSecondThread, openSqliteStore } from '@indicator-ledger/store-sqlite';
 *
 * const store = await openSqliteStore({ path: 'ledger.db', readonly: true });
 * const result = await verify(store, '130302' as DistrictCode, { admission: admissionOnSecondThread('ledger.db') });
 * ```
 */
export const admissionOnSecondThread = (path: string): AdmissionRunner | undefined => {
  const file = workerFile();
  if (file === undefined || path === ':memory:' || path === '') return undefined;
  return (district: DistrictCode, to: number): AdmissionPass => {
    const limit = new BigInt64Array(new SharedArrayBuffer(8));
    limit[0] = BigInt(to);
    const request: AdmissionRequest = { path, district, to, limit };
    // No flags of the embedding process: a worker refuses some (`node --input-type=module -e …` made it fail
    // at start), and the worker's plain JavaScript needs none (no loader, no conditions).
    const worker = new Worker(file, { workerData: request, execArgv: [] });
    const outcome = new Promise<AdmissionFailure | undefined>((resolve, reject) => {
      worker.once('message', (reply: AdmissionReply) => (reply.kind === 'done' ? resolve(reply.failure) : reject(new Error(reply.message))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the admission thread stopped (exit code ${code}) before it answered`)));
    });
    return {
      outcome: outcome.finally(() => void worker.terminate()),
      stopAfter: (position) => {
        if (BigInt(position) < Atomics.load(limit, 0)) Atomics.store(limit, 0, BigInt(position));
      },
      cancel: () => void worker.terminate(),
    };
  };
};
