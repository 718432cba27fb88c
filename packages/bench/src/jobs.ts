import { ensurePeerDataset, measurePeerAppend, measurePeerPointInTime, measurePeerRebuild } from './emmettPeer.js';
import type { PeerAppendParams, PeerDatasetParams, PeerFileParams, PeerPointInTimeParams } from './emmettPeer.js';
import { measureAppend, measureImportOnTop, measurePostgres, measureProvince, measureRebuild, measureSnapshots, measureVerify } from './workloads.js';
import type { AppendParams, DistrictFileParams, ImportParams, PostgresParams, ProvinceParams, SnapshotParams, VerifyParams } from './workloads.js';

/** One measurement a child process runs: the workload's name and its parameters. */
export type Job =
  | { readonly workload: 'append'; readonly params: AppendParams }
  | { readonly workload: 'rebuild'; readonly params: DistrictFileParams }
  | { readonly workload: 'snapshot'; readonly params: SnapshotParams }
  | { readonly workload: 'verify'; readonly params: VerifyParams }
  | { readonly workload: 'province'; readonly params: ProvinceParams }
  | { readonly workload: 'import'; readonly params: ImportParams }
  | { readonly workload: 'postgres'; readonly params: PostgresParams }
  /** Emmett's append, read-back and point-in-time fold (`emmettPeer.ts`), for `--peers`. */
  | { readonly workload: 'peer-append'; readonly params: PeerAppendParams }
  | { readonly workload: 'peer-rebuild'; readonly params: PeerFileParams }
  | { readonly workload: 'peer-point-in-time'; readonly params: PeerPointInTimeParams }
  /** Emmett's SQLite file of a stream, appended once and cached: in a child, as emmett-sqlite can end its process. */
  | { readonly workload: 'peer-dataset'; readonly params: PeerDatasetParams }
  /** Nothing: the peak memory of a child that only loads the code, the floor under every other figure. */
  | { readonly workload: 'idle'; readonly params: Record<string, never> };

/** Runs a job in this process. */
export const runJob = (job: Job): Promise<unknown> => {
  switch (job.workload) {
    case 'append':
      return measureAppend(job.params);
    case 'rebuild':
      return measureRebuild(job.params);
    case 'snapshot':
      return measureSnapshots(job.params);
    case 'verify':
      return measureVerify(job.params);
    case 'province':
      return measureProvince(job.params);
    case 'import':
      return measureImportOnTop(job.params);
    case 'postgres':
      return measurePostgres(job.params);
    case 'peer-append':
      return measurePeerAppend(job.params);
    case 'peer-rebuild':
      return measurePeerRebuild(job.params);
    case 'peer-point-in-time':
      return measurePeerPointInTime(job.params);
    case 'peer-dataset':
      return ensurePeerDataset(job.params.cacheDir, job.params.name, job.params.stream, job.params.generatorVersion);
    case 'idle':
      return Promise.resolve({});
  }
};
