/**
 * The body of the thread {@link admissionOnSecondThread} starts: it opens the ledger file for reading, runs
 * the core's admission pass (`auditAdmission`) over positions 1..`to` of one district, and posts back the
 * first inadmissible record or none. Built as an entry of its own (`dist/admissionWorker.js` and `.cjs`),
 * since a worker thread starts from a file.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { auditAdmission, defaultPolicy } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { openSqliteStore } from './sqliteStore.js';
import type { AdmissionReply, AdmissionRequest } from './secondThreadAdmission.js';

const request = workerData as AdmissionRequest;

const run = async (): Promise<AdmissionReply> => {
  const store = await openSqliteStore({ path: request.path, readonly: true });
  try {
    const district = request.district as DistrictCode;
    // The limit is lowered by the other thread when the chain breaks: no verdict after it is needed.
    const limit = (): number => Number(Atomics.load(request.limit, 0));
    const failure = await auditAdmission(store.readPages(district, { to: request.to }), district, defaultPolicy, limit);
    return { kind: 'done', failure };
  } finally {
    await store.close();
  }
};

run().then(
  (reply) => parentPort?.postMessage(reply),
  (err: unknown) => parentPort?.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) } satisfies AdmissionReply),
);
