/**
 * A bundle verifier over bytes: the same checks, in the same order, with the same verdicts as core's
 * `verifyBundle` (docs/audit.md §4), but given the bundle's files as a map of path → bytes instead of a
 * folder, so it runs where there is no file system (a browser) as well as in Node.
 *
 * Every check is core's own code, reached through `@indicator-ledger/core/tlog` (notes, checkpoints, proofs,
 * Merkle roots, the per-record chain and admission checks, the redaction log, the manifest) and the main
 * entry (event codecs, the memory store, the projections): this module only orders the checks and reads
 * lines out of bytes.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  BUNDLE_FILES,
  createSha256,
  toBase64,
  type VerifierKey,
  bundleFailure,
  createRecordsCheck,
  earlierCheckpoints,
  fileDigestProblem,
  noteVerifierOf,
  openSignedParts,
  strictText,
  type BundleFileReader,
} from '@indicator-ledger/core/tlog';
import {
  createIndicatorProjections,
  MemoryEventStore,
  openWitnessedCheckpoint,
  parseCosignerKey,
  type AuthorizationPolicy,
  type Cosigner,
  type CosignerVerifier,
  type ProgressRow,
  type StoredRecord,
} from '@indicator-ledger/core';
import type { BundleProblem, BundleReport } from '@indicator-ledger/core/bundle';

/** A bundle's files: path inside the bundle (`/`-separated, e.g. `proofs/consistency-2-5.json`) → bytes. */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

/**
 * What kind of problem refused a bundle: core's bundle problems, and `witness` — the witness options are
 * not usable, or the checkpoint lacks the quorum of valid cosignatures they ask for.
 */
export type VerifyProblem = BundleProblem | 'witness';

/** Why a bundle is refused: the first problem, with the record position or file it is at. */
export interface BundleRejection {
  readonly problem: VerifyProblem;
  readonly reason: string;
  /** The 1-based position (= line of records.ndjson) of the first bad record, for a record problem. */
  readonly position?: number;
  /** The bundle file the problem is in. */
  readonly file?: string;
}

/**
 * What a verified bundle holds, as core's `verifyBundle` reports it: the checkpoint, the head, the progress
 * table; with {@link VerifyBundleFilesOptions.witnesses}, also the trusted witnesses that validly cosigned.
 */
export type BundleVerdict = BundleReport & { readonly cosigners?: readonly Cosigner[] };

/**
 * The witnesses an auditor trusts and how many of them must have cosigned the bundle's checkpoint (C2SP
 * tlog-cosignature; docs/audit.md §8), as `ledger verify-bundle --witness-key … --quorum N` checks it.
 */
export interface WitnessQuorum {
  /** Each witness's key line, `name+keyid+base64` (what `ledger witness init` writes), as the auditor obtained it. */
  readonly keys: readonly string[];
  /** How many distinct trusted witnesses must have cosigned (default 1; at least 1, at most `keys.length`). */
  readonly quorum?: number;
  /** The auditor's clock, POSIX seconds (default: now): a cosignature dated well after it is refused. */
  readonly now?: number;
  /** Refuse a cosignature older than this many seconds (default: no limit). */
  readonly maxAgeSeconds?: number;
}

/** Options of {@link verifyBundleFiles}. */
export interface VerifyBundleFilesOptions {
  /** The ledger's verifier key as the auditor obtained it — not from the bundle. */
  readonly verifierKey: VerifierKey;
  /** Signed checkpoints the auditor kept from earlier: the bundle must extend each of them. */
  readonly savedCheckpoints?: readonly string[];
  /** Also check every record against this authorization policy (e.g. docs/spec.md §5's `defaultPolicy`). */
  readonly policy?: AuthorizationPolicy;
  /** Also require a quorum of these witnesses' valid cosignatures on the bundle's checkpoint. */
  readonly witnesses?: WitnessQuorum;
}

/** A refusal: core's `bundleFailure`, widened to this package's `witness` problem. */
const rejection = (problem: VerifyProblem, reason: string, at: { position?: number; file?: string } = {}): E.Either<BundleRejection, never> =>
  problem === 'witness' ? E.left({ problem, reason, ...at }) : bundleFailure(problem, reason, at);

/** The trusted witnesses and the quorum, or why the options cannot be used (before any file is read). */
const witnessPolicyOf = (w: WitnessQuorum): E.Either<BundleRejection, { readonly witnesses: readonly CosignerVerifier[]; readonly quorum: number }> => {
  const witnesses: CosignerVerifier[] = [];
  for (const [i, text] of w.keys.entries()) {
    const key = parseCosignerKey(text.trim());
    if (E.isLeft(key)) return rejection('witness', `witness key ${i + 1}: ${key.left}`);
    witnesses.push(key.right);
  }
  const quorum = w.quorum ?? 1;
  if (witnesses.length === 0) return rejection('witness', 'no witness key given: a quorum counts trusted witnesses');
  if (!Number.isSafeInteger(quorum) || quorum < 1) return rejection('witness', `the quorum must be a whole number of at least 1, not ${quorum}`);
  if (quorum > witnesses.length) return rejection('witness', `a quorum of ${quorum} is more than the ${witnesses.length} witness keys given`);
  return E.right({ witnesses, quorum });
};

/** One line of records.ndjson: 1-based number, text (undefined when not UTF-8), whether a LF ended it. */
interface Line {
  readonly number: number;
  readonly text: string | undefined;
  readonly terminated: boolean;
}

const LF = 0x0a;


// As core's fileLines: only LF ends a line, a line that is not UTF-8 is reported, not patched.
function* linesOf(bytes: Uint8Array): Generator<Line> {
  let start = 0;
  let number = 0;
  for (let at = bytes.indexOf(LF, start); at >= 0; at = bytes.indexOf(LF, start)) {
    number += 1;
    yield { number, text: strictText(bytes.subarray(start, at)), terminated: true };
    start = at + 1;
  }
  if (start < bytes.length) yield { number: number + 1, text: strictText(bytes.subarray(start)), terminated: false };
}


/**
 * Verifies an audit bundle given as its files' bytes (docs/audit.md §4, every check in core's order) and
 * rebuilds the district's progress table from it alone (docs/spec.md §6–7). Right: the verdict core's
 * `verifyBundle` reports for the same folder; left: the first problem, with its record position or file.
 *
 * @example
 * ```ts
 * const verdict = await verifyBundleFiles(files, { verifierKey: 'indicator-ledger/130302+1a2b3c4d+AX…' });
 * if (E.isLeft(verdict)) console.log(verdict.left.position, verdict.left.reason);
 * ```
 */
export const verifyBundleFiles = async (files: BundleFiles, options: VerifyBundleFilesOptions): Promise<E.Either<BundleRejection, BundleVerdict>> => {
  const witnessPolicy = options.witnesses === undefined ? undefined : witnessPolicyOf(options.witnesses);
  if (witnessPolicy !== undefined && E.isLeft(witnessPolicy)) return witnessPolicy;
  const read: BundleFileReader = (path) => Promise.resolve(files.get(path));
  const signedOrProblem = await openSignedParts(read, options.verifierKey);
  if (E.isLeft(signedOrProblem)) return signedOrProblem;
  const signed = signedOrProblem.right;
  const { manifest, district, current } = signed;
  const earlierOrProblem = await earlierCheckpoints(read, signed, options.savedCheckpoints ?? []);
  if (E.isLeft(earlierOrProblem)) return earlierOrProblem;
  const earlier = earlierOrProblem.right;

  // 3. Records: each checked, hashed into the tree, kept for the replay.
  const recordsBytes = files.get(BUNDLE_FILES.records);
  if (recordsBytes === undefined) return rejection('missing-file', 'the bundle has no records.ndjson', { file: BUNDLE_FILES.records });
  const check = createRecordsCheck(signed, earlier, options.policy);
  const recordsDigest = createSha256();
  recordsDigest.update(recordsBytes);
  const records: StoredRecord[] = [];
  for (const line of linesOf(recordsBytes)) {
    const record = check.line(line);
    if (E.isLeft(record)) return record;
    records.push(record.right);
  }

  // 4. Size and roots.
  const checked = check.finish();
  if (E.isLeft(checked)) return checked;
  const { head, redactedPositions, years } = checked.right;

  // 5. Digests.
  // A folder listing's order is not knowable from bytes; sorted, the first unlisted file is stable.
  const digests = await fileDigestProblem(read, [...files.keys()].sort(), manifest, recordsDigest.hex());
  if (E.isLeft(digests)) return digests;

  // 6. Replay into a memory store (the bundle is in memory already), then the progress table.
  const replay = new MemoryEventStore();
  if (records.length > 0) {
    const appended = await replay.append(district, records, 0);
    if (E.isLeft(appended)) return rejection('replay', `the replay store refused records: ${JSON.stringify(appended.left)}`);
  }
  const projections = createIndicatorProjections(replay);
  let progress: readonly ProgressRow[] = [];
  if (years !== null) {
    const rows = await projections.progress(district, years);
    if (E.isLeft(rows)) return rejection('replay', rows.left.map((p) => `${p.path}: ${p.reason}`).join('; '));
    progress = rows.right;
  }
  await replay.close();

  // 7. Witnesses (as `ledger verify-bundle --witness-key`, after the bundle's own checks).
  let cosigners: readonly Cosigner[] | undefined;
  if (witnessPolicy !== undefined && options.witnesses !== undefined) {
    const logKey = noteVerifierOf(options.verifierKey);
    if (E.isLeft(logKey)) return rejection('verifier-key', logKey.left.reason);
    const note = new TextDecoder().decode(files.get(BUNDLE_FILES.checkpoint));
    const opened = openWitnessedCheckpoint(note, logKey.right, {
      ...witnessPolicy.right,
      now: options.witnesses.now ?? Math.floor(Date.now() / 1000),
      ...(options.witnesses.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.witnesses.maxAgeSeconds } : {}),
    });
    if (E.isLeft(opened)) return rejection('witness', opened.left.map((p) => `${p.path}: ${p.reason}`).join('; '), { file: BUNDLE_FILES.checkpoint });
    cosigners = opened.right.cosigners;
  }
  return E.right({
    district,
    origin: current.origin,
    size: current.size,
    root: toBase64(current.root),
    head,
    redactedPositions,
    consistentWith: earlier.map(({ size, source }) => ({ size, source })),
    years,
    progress,
    ...(cosigners !== undefined ? { cosigners } : {}),
  });
};
