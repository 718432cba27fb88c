/**
 * `verifyBundle`: checks an audit bundle offline, with nothing but its folder and the ledger's published
 * verifier key, then replays it (docs/audit.md §4). In order:
 *
 * 1. the manifest reads, and the bundle's verifier key is the one the auditor trusts;
 * 2. the checkpoint note is signed by that key and names the manifest's district, size and root;
 *    the redaction log, if any, is signed by it too; every consistency proof in `proofs/` verifies from
 *    its (signed) earlier checkpoint to this one; no checkpoint the auditor saved is larger than this one;
 * 3. streaming `records.ndjson`: each line is a record written exactly as the ledger writes it, which
 *    continues the chain (`createChainCheck`: data hash or logged redaction, chain hash, link, position,
 *    district, recordedAt order), whose data decodes (docs/spec.md §4), and which the ledger was right to admit
 *    (`createAdmissionCheck`: new eventId, docs/spec.md §4 stream rules, the policy if given) — the first bad
 *    line is named by position;
 * 4. the lines are exactly the checkpoint's size, and the Merkle root over their hashes is its root; the
 *    roots of the prefixes match every earlier checkpoint (proof files and the auditor's saved ones);
 * 5. every file's SHA-256 matches the manifest, and no file is unlisted;
 * 6. the records, appended as they are to a fresh store, fold into the indicator projections (docs/spec.md §6–7).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../record/record.js';
import { createIndicatorProjections, type IndicatorProjections, type ProgressRow } from '../projection/indicatorProjections.js';
import { MemoryEventStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import { toBase64 } from '../tlog/bytes.js';
import { createSha256 } from '../tlog/crypto.js';
import { BUNDLE_FILES } from '../audit/bundleFormat.js';
import { fileLines } from './fileLines.js';
import type { VerifierKey } from '../tlog/openCheckpoint.js';
import { bundleFailure, createRecordsCheck, earlierCheckpoints, fileDigestProblem, openSignedParts, type BundleFailure, type BundleFileReader } from '../audit/bundleChecks.js';

export type { BundleFailure, BundleProblem } from '../audit/bundleChecks.js';

/** What a verified bundle holds and what was checked, with the replayed progress table. */
export interface BundleReport {
  readonly district: DistrictCode;
  readonly origin: string;
  readonly size: number;
  /** The checkpoint's Merkle root, base64 as in the note. */
  readonly root: string;
  /** `hash` of the last record (the chain's head), hex. */
  readonly head: string;
  readonly redactedPositions: readonly number[];
  /** Earlier checkpoints this one was proven to extend: from the bundle's proofs, and the auditor's own. */
  readonly consistentWith: readonly { readonly size: number; readonly source: 'bundle-proof' | 'saved-checkpoint' }[];
  /** Years from the earliest to the latest year the records mention (effective dates and `year` fields). */
  readonly years: { readonly from: number; readonly to: number } | null;
  /** docs/spec.md §6 progress for those years, each valued on December 31, as rebuilt from the bundle alone. */
  readonly progress: readonly ProgressRow[];
}

/** Outcome of {@link verifyBundle}: the report and the rebuilt read side (to query further), or the first problem. */
export type BundleVerification = E.Either<BundleFailure, VerifiedBundle>;

/** A bundle that verified: the report, and the read side rebuilt from it alone (close `store` when done). */
export interface VerifiedBundle {
  readonly report: BundleReport;
  readonly projections: IndicatorProjections;
  readonly store: EventStore;
}

/** Options of {@link verifyBundle}. */
export interface BundleVerifyOptions {
  /** The ledger's verifier key as the auditor obtained it — not from the bundle. */
  readonly verifierKey: VerifierKey;
  /** Signed checkpoints the auditor kept from earlier: the bundle must extend each of them. */
  readonly savedCheckpoints?: readonly string[];
  /** Where to replay the records (default: a new MemoryEventStore); must hold nothing for the district. */
  readonly replayStore?: EventStore;
  /** Also check every record against this authorization policy (e.g. docs/spec.md §5's `defaultPolicy`). */
  readonly policy?: AuthorizationPolicy;
}

const REPLAY_BATCH = 1024;

const failure = bundleFailure;


const fileOf = (dir: string, path: string): string => join(dir, ...path.split('/'));

const readBundleFile = async (dir: string, path: string): Promise<Buffer | undefined> => {
  try {
    return await readFile(fileOf(dir, path));
  } catch {
    return undefined;
  }
};

const isFile = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
};


const listFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
};








/**
 * Verifies the audit bundle in `dir` (see the module comment for every check, in order) and rebuilds the
 * district's snapshots from it alone. Streams `records.ndjson` line by line; memory is the replay store's
 * (a MemoryEventStore holds the records; pass a store on disk as `replayStore` for very large bundles).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { verifyBundle } from '@indicator-ledger/core/bundle';
 *
 * const result = await verifyBundle('bundle/', { verifierKey: publishedKeyText, savedCheckpoints: [noteKeptEarlier] });
 * if (E.isLeft(result)) console.error(result.left.problem, result.left.position ?? result.left.file, result.left.reason);
 * else {
 *   console.table(result.right.report.progress);
 *   await result.right.store.close();
 * }
 * ```
 */
export const verifyBundle = async (dir: string, options: BundleVerifyOptions): Promise<BundleVerification> => {
  const read: BundleFileReader = (path) => readBundleFile(dir, path);
  const opened = await openSignedParts(read, options.verifierKey);
  if (E.isLeft(opened)) return opened;
  const signed = opened.right;
  const { manifest, district, current } = signed;
  const proven = await earlierCheckpoints(read, signed, options.savedCheckpoints ?? []);
  if (E.isLeft(proven)) return proven;
  const earlier = proven.right;

  // 3. Records, streamed: each checked, hashed into the tree and queued for replay.
  if (!(await isFile(fileOf(dir, BUNDLE_FILES.records)))) return failure('missing-file', 'the bundle has no records.ndjson', { file: BUNDLE_FILES.records });
  const replay = options.replayStore ?? new MemoryEventStore();
  if ((await replay.head(district)).position !== 0) return failure('replay', `the replay store already holds records of district ${district}`);
  const check = createRecordsCheck(signed, earlier, options.policy);
  const recordsDigest = createSha256();
  let batch: StoredRecord[] = [];
  const flush = async (): Promise<E.Either<BundleFailure, void>> => {
    if (batch.length === 0) return E.right(undefined);
    const appended = await replay.append(district, batch, (batch[0] as StoredRecord).position - 1);
    batch = [];
    return E.isRight(appended) ? E.right(undefined) : failure('replay', `the replay store refused records: ${JSON.stringify(appended.left)}`);
  };
  for await (const line of fileLines(fileOf(dir, BUNDLE_FILES.records), (chunk) => recordsDigest.update(chunk))) {
    const record = check.line(line);
    if (E.isLeft(record)) return record;
    batch.push(record.right);
    if (batch.length >= REPLAY_BATCH) {
      const refused = await flush();
      if (E.isLeft(refused)) return refused;
    }
  }

  // 4. Size and roots.
  const checked = check.finish();
  if (E.isLeft(checked)) return checked;
  const { head, redactedPositions, years } = checked.right;

  // 5. Digests.
  const digestProblem = await fileDigestProblem(read, await listFiles(dir), manifest, recordsDigest.hex());
  if (E.isLeft(digestProblem)) return digestProblem;

  // 6. Replay.
  const refused = await flush();
  if (E.isLeft(refused)) return refused;
  const projections = createIndicatorProjections(replay);
  let progress: readonly ProgressRow[] = [];
  if (years !== null) {
    const rows = await projections.progress(district, years);
    if (E.isLeft(rows)) return failure('replay', rows.left.map((p) => `${p.path}: ${p.reason}`).join('; '));
    progress = rows.right;
  }
  return E.right({
    report: {
      district,
      origin: current.origin,
      size: current.size,
      root: toBase64(current.root),
      head,
      redactedPositions,
      consistentWith: earlier.map(({ size, source }) => ({ size, source })),
      years,
      progress,
    },
    projections,
    store: replay,
  });
};
