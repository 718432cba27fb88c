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
import { DATA_CODECS } from '../events/catalog.js';
import type * as t from 'io-ts/lib/index.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { canonicalJson, type StoredRecord } from '../record/record.js';
import { createIndicatorProjections, type IndicatorProjections, type ProgressRow } from '../projection/indicatorProjections.js';
import { MemoryEventStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import { EARLIEST_YEAR, LATEST_YEAR } from '../time/civilDate.js';
import { bytesEqual, fromBase64, toBase64, toHex } from '../tlog/bytes.js';
import { createSha256, sha256 } from '../tlog/crypto.js';
import { BUNDLE_FILES, consistencyProofPath, parseManifest, type BundleManifest } from '../audit/bundleFormat.js';
import { createAdmissionCheck } from '../audit/admissionCheck.js';
import { createChainCheck, type ChainProblem } from '../audit/chainVerification.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistencyProof.js';
import { fileLines, type FileLine } from './fileLines.js';
import { createRootAccumulator } from '../tlog/merkle.js';
import { isOriginOfDistrict, noteVerifierOf, openCheckpointWith, type VerifierKey } from '../tlog/openCheckpoint.js';
import { recordLeafHash } from '../audit/recordLeaf.js';
import { recordLine, recordShapeProblem } from '../audit/recordShape.js';
import { openRedactionLog, redactionsByPosition, type RedactionEntry } from '../audit/redaction.js';
import { formatVerifierKey, type NoteVerifier } from '../tlog/signedNote.js';
import { reject, type Rejection } from '../tlog/verification.js';

/** What is wrong with a bundle. Record-level problems are those of `ChainProblem`, named by position. */
export type BundleProblem =
  | 'manifest'
  | 'missing-file'
  | 'unlisted-file'
  | 'file-digest'
  | 'verifier-key'
  | 'signature'
  | 'origin'
  | 'redaction-log'
  | 'proof'
  | 'saved-checkpoint'
  | 'truncated'
  | 'size-mismatch'
  | 'root-mismatch'
  | 'replay'
  /** A record the ledger should have refused: a repeated eventId, a broken docs/spec.md §4 rule, or the given policy. */
  | 'rule-violation'
  | ChainProblem;

/** The first problem found; `position` for a record (line) problem, `file` for a file problem. */
export interface BundleFailure {
  readonly problem: BundleProblem;
  readonly reason: string;
  readonly position?: number;
  readonly file?: string;
}

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

const failure = (problem: BundleProblem, reason: string, at: { position?: number; file?: string } = {}): E.Either<BundleFailure, never> => E.left({ problem, reason, ...at });

const sha256Hex = (bytes: Uint8Array): string => toHex(sha256(bytes));

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

// UTF-8 text of a small file, refusing bytes that are not UTF-8 rather than patching them.
const textOf = (bytes: Buffer): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
};

const listFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
};

// Data of a record must decode with its type's codec (docs/spec.md §4) to itself: the projections fold it as such.
const dataProblem = (record: StoredRecord): string | undefined => {
  const codec: t.Mixed = DATA_CODECS[record.type];
  const decoded = codec.decode(record.data);
  if (E.isLeft(decoded)) return `data is not valid ${record.type} data (docs/spec.md §4)`;
  return canonicalJson(codec.encode(decoded.right)) === canonicalJson(record.data) ? undefined : 'data is not in the normalised form the ledger stores';
};

const yearsMentioned = (record: StoredRecord, years: { from: number; to: number } | null): { from: number; to: number } => {
  const found = [Number(record.effectiveDate.slice(0, 4))];
  const year = (record.data as { readonly year?: unknown }).year;
  if (typeof year === 'number') found.push(year);
  const inRange = found.filter((y) => Number.isInteger(y) && y >= EARLIEST_YEAR && y <= LATEST_YEAR);
  return {
    from: Math.min(years?.from ?? Infinity, ...inRange),
    to: Math.max(years?.to ?? -Infinity, ...inRange),
  };
};

/** What the signed parts of a bundle establish before any record is read. */
interface SignedParts {
  readonly manifest: BundleManifest;
  readonly district: DistrictCode;
  readonly verifier: NoteVerifier;
  readonly current: Checkpoint;
  readonly redactions: ReadonlyMap<number, RedactionEntry>;
}

/** An earlier checkpoint whose root the first `size` records must have. */
interface EarlierRoot {
  readonly size: number;
  readonly root: Uint8Array;
  readonly source: 'bundle-proof' | 'saved-checkpoint';
  readonly label: string;
}

// Steps 1–2 up to the proofs: manifest, trusted key, signed checkpoint, signed redaction log.
const openSignedParts = async (dir: string, verifierKey: VerifierKey): Promise<E.Either<BundleFailure, SignedParts>> => {
  const manifestBytes = await readBundleFile(dir, BUNDLE_FILES.manifest);
  if (manifestBytes === undefined) return failure('missing-file', 'the bundle has no manifest.json', { file: BUNDLE_FILES.manifest });
  const parsedManifest = parseManifest(textOf(manifestBytes) ?? '');
  if (E.isLeft(parsedManifest)) return failure('manifest', parsedManifest.left.reason, { file: BUNDLE_FILES.manifest });
  const manifest = parsedManifest.right;
  const district = manifest.district as DistrictCode;
  for (const path of [BUNDLE_FILES.records, BUNDLE_FILES.checkpoint, BUNDLE_FILES.verifierKey]) {
    if (!(path in manifest.files)) return failure('manifest', `manifest.json does not list ${path}`, { file: BUNDLE_FILES.manifest });
  }
  const trusted = noteVerifierOf(verifierKey);
  if (E.isLeft(trusted)) return failure('verifier-key', trusted.left.reason);
  const verifier = trusted.right;
  const bundledKey = textOf((await readBundleFile(dir, BUNDLE_FILES.verifierKey)) ?? Buffer.alloc(0));
  if (bundledKey !== `${formatVerifierKey(verifier)}\n`) {
    return failure('verifier-key', `verifier.key is not the key you trust (${formatVerifierKey(verifier)})`, { file: BUNDLE_FILES.verifierKey });
  }
  const noteBytes = await readBundleFile(dir, BUNDLE_FILES.checkpoint);
  if (noteBytes === undefined) return failure('missing-file', 'the bundle has no checkpoint.note', { file: BUNDLE_FILES.checkpoint });
  const opened = openCheckpointWith(textOf(noteBytes) ?? '', verifier);
  if (E.isLeft(opened)) return failure('signature', `checkpoint.note: ${opened.left.reason}`, { file: BUNDLE_FILES.checkpoint });
  const current = opened.right;
  if (!isOriginOfDistrict(current.origin, district) || current.origin !== manifest.origin) {
    return failure('origin', `the checkpoint is of ${current.origin}; the manifest says ${manifest.origin}, district ${district}`, { file: BUNDLE_FILES.checkpoint });
  }
  if (current.size !== manifest.size || toBase64(current.root) !== manifest.root) {
    return failure('manifest', 'manifest.json size or root differ from the signed checkpoint', { file: BUNDLE_FILES.manifest });
  }
  let redactions: ReadonlyMap<number, RedactionEntry> = new Map();
  if (BUNDLE_FILES.redactions in manifest.files) {
    const log = openRedactionLog(textOf((await readBundleFile(dir, BUNDLE_FILES.redactions)) ?? Buffer.alloc(0)) ?? '', verifier, current.origin);
    if (E.isLeft(log)) return failure('redaction-log', `redactions.note: ${log.left.reason}`, { file: BUNDLE_FILES.redactions });
    redactions = redactionsByPosition(log.right);
  }
  return E.right({ manifest, district, verifier, current, redactions });
};

// Step 2's proofs and saved checkpoints: each must be signed, of this log, and (for proofs) verify; what
// they leave to check is the root of a prefix of the records.
const earlierCheckpoints = async (dir: string, signed: SignedParts, savedCheckpoints: readonly string[]): Promise<E.Either<BundleFailure, EarlierRoot[]>> => {
  const { manifest, verifier, current } = signed;
  const earlier: EarlierRoot[] = [];
  for (const path of Object.keys(manifest.files).filter((p) => p.startsWith('proofs/'))) {
    const text = textOf((await readBundleFile(dir, path)) ?? Buffer.alloc(0));
    let file: { oldCheckpoint?: unknown; size1?: unknown; size2?: unknown; proof?: unknown } | undefined;
    try {
      file = text === undefined ? undefined : (JSON.parse(text) as typeof file);
    } catch {
      file = undefined;
    }
    // JSON.parse of "null" or a number gives no object: not a proof file either (it threw a TypeError here).
    if (typeof file !== 'object' || file === null || typeof file.oldCheckpoint !== 'string' || !Array.isArray(file.proof)) return failure('proof', `${path} is not a consistency proof file`, { file: path });
    const opened = openCheckpointWith(file.oldCheckpoint, verifier);
    if (E.isLeft(opened)) return failure('proof', `${path}: earlier checkpoint: ${opened.left.reason}`, { file: path });
    const old = opened.right;
    if (old.origin !== current.origin || file.size1 !== old.size || file.size2 !== current.size || path !== consistencyProofPath(old.size, current.size)) {
      return failure('proof', `${path} is not a proof from its earlier checkpoint of ${current.origin} to this one`, { file: path });
    }
    const proof = file.proof.map((h) => (typeof h === 'string' ? fromBase64(h) : undefined));
    if (!proof.every((h): h is Uint8Array => h !== undefined)) return failure('proof', `${path}: proof hashes are not canonical base64`, { file: path });
    const consistent = verifyConsistency({ size1: old.size, size2: current.size, root1: old.root, root2: current.root, proof });
    if (E.isLeft(consistent)) return failure('proof', `${path}: ${consistent.left.reason}`, { file: path });
    earlier.push({ size: old.size, root: old.root, source: 'bundle-proof', label: path });
  }
  for (const [i, note] of savedCheckpoints.entries()) {
    const opened = openCheckpointWith(note, verifier);
    if (E.isLeft(opened)) return failure('saved-checkpoint', `saved checkpoint ${i + 1}: ${opened.left.reason}`);
    const saved = opened.right;
    if (saved.origin !== current.origin) return failure('saved-checkpoint', `saved checkpoint ${i + 1} is of ${saved.origin}, the bundle of ${current.origin}`);
    if (saved.size > current.size) {
      const reason = `you saved a checkpoint of ${saved.size} records; this bundle's checkpoint covers only ${current.size}: records were cut off`;
      return failure('truncated', reason, { position: current.size + 1 });
    }
    earlier.push({ size: saved.size, root: saved.root, source: 'saved-checkpoint', label: `saved checkpoint ${i + 1}` });
  }
  return E.right(earlier.sort((a, b) => a.size - b.size));
};

// Step 5: every file but the manifest is listed, and has the listed digest (records.ndjson's was taken while streaming).
const fileDigestProblem = async (dir: string, manifest: BundleManifest, recordsDigest: string): Promise<E.Either<BundleFailure, void>> => {
  const listed = new Set(Object.keys(manifest.files));
  for (const path of await listFiles(dir)) {
    if (path !== BUNDLE_FILES.manifest && !listed.has(path)) return failure('unlisted-file', `${path} is in the bundle but not in manifest.json`, { file: path });
  }
  for (const [path, expected] of Object.entries(manifest.files)) {
    let actual = recordsDigest;
    if (path !== BUNDLE_FILES.records) {
      const bytes = await readBundleFile(dir, path);
      if (bytes === undefined) return failure('missing-file', `${path} is listed in manifest.json but missing`, { file: path });
      actual = sha256Hex(bytes);
    }
    if (actual !== expected) return failure('file-digest', `${path} has SHA-256 ${actual}, manifest.json says ${expected}`, { file: path });
  }
  return E.right(undefined);
};

// Step 3 for one line: the record it holds, or why it is not one the ledger wrote.
const recordOfLine = (line: FileLine): E.Either<Rejection, StoredRecord> => {
  if (line.text === undefined) return reject(`line ${line.number} is not UTF-8`);
  if (!line.terminated) return reject(`line ${line.number} does not end in a newline`);
  let u: unknown;
  try {
    u = JSON.parse(line.text);
  } catch {
    return reject(`line ${line.number} is not JSON`);
  }
  const shape = recordShapeProblem(u);
  if (shape !== undefined) return reject(`line ${line.number} ${shape}`);
  const record = u as StoredRecord;
  if (recordLine(record) !== line.text) return reject(`line ${line.number} is not written as the ledger writes records`);
  return E.right(record);
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
  const opened = await openSignedParts(dir, options.verifierKey);
  if (E.isLeft(opened)) return opened;
  const signed = opened.right;
  const { manifest, district, current } = signed;
  const proven = await earlierCheckpoints(dir, signed, options.savedCheckpoints ?? []);
  if (E.isLeft(proven)) return proven;
  const earlier = proven.right;

  // 3. Records, streamed: each checked, hashed into the tree and queued for replay.
  if (!(await isFile(fileOf(dir, BUNDLE_FILES.records)))) return failure('missing-file', 'the bundle has no records.ndjson', { file: BUNDLE_FILES.records });
  const replay = options.replayStore ?? new MemoryEventStore();
  if ((await replay.head(district)).position !== 0) return failure('replay', `the replay store already holds records of district ${district}`);
  const chain = createChainCheck(district, signed.redactions);
  const admission = createAdmissionCheck(district, options.policy);
  const tree = createRootAccumulator();
  const prefixRoots = new Map<number, Uint8Array>();
  if (earlier.some((e) => e.size === 0)) prefixRoots.set(0, tree.root());
  const recordsDigest = createSha256();
  let batch: StoredRecord[] = [];
  let years: { from: number; to: number } | null = null;
  const redactedPositions: number[] = [];
  const flush = async (): Promise<E.Either<BundleFailure, void>> => {
    if (batch.length === 0) return E.right(undefined);
    const appended = await replay.append(district, batch, (batch[0] as StoredRecord).position - 1);
    batch = [];
    return E.isRight(appended) ? E.right(undefined) : failure('replay', `the replay store refused records: ${JSON.stringify(appended.left)}`);
  };
  let lines = 0;
  for await (const line of fileLines(fileOf(dir, BUNDLE_FILES.records), (chunk) => recordsDigest.update(chunk))) {
    lines = line.number;
    const at = { position: line.number, file: BUNDLE_FILES.records };
    if (line.number > current.size) return failure('size-mismatch', `records.ndjson has more lines than the ${current.size} records of the checkpoint`, at);
    const read = recordOfLine(line);
    if (E.isLeft(read)) return failure('malformed', read.left.reason, at);
    const record = read.right;
    const broken = chain.next(record);
    if (broken !== undefined) return failure(broken.problem, broken.reason, at);
    const invalid = dataProblem(record);
    if (invalid !== undefined) return failure('malformed', `line ${line.number}: ${invalid}`, at);
    const inadmissible = admission.next(record);
    if (inadmissible !== undefined) return failure('rule-violation', `line ${line.number}: ${inadmissible}`, at);
    tree.append(recordLeafHash(record.hash));
    if (earlier.some((e) => e.size === tree.size)) prefixRoots.set(tree.size, tree.root());
    years = yearsMentioned(record, years);
    if (record.redacted === true) redactedPositions.push(record.position);
    batch.push(record);
    if (batch.length >= REPLAY_BATCH) {
      const refused = await flush();
      if (E.isLeft(refused)) return refused;
    }
  }

  // 4. Size and roots.
  if (lines !== current.size) {
    return failure('size-mismatch', `records.ndjson has ${lines} records, the checkpoint ${current.size}`, { position: lines + 1, file: BUNDLE_FILES.records });
  }
  if (!bytesEqual(tree.root(), current.root)) {
    return failure('root-mismatch', "the records' Merkle root is not the signed checkpoint's: they are not the records it commits to", { file: BUNDLE_FILES.records });
  }
  for (const { size, root, source, label } of earlier) {
    if (!bytesEqual(prefixRoots.get(size) ?? new Uint8Array(), root)) {
      return failure(source === 'saved-checkpoint' ? 'saved-checkpoint' : 'proof', `records 1..${size} do not have the root of ${label}`, { position: size });
    }
  }

  // 5. Digests.
  const digestProblem = await fileDigestProblem(dir, manifest, recordsDigest.hex());
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
      head: chain.head,
      redactedPositions,
      consistentWith: earlier.map(({ size, source }) => ({ size, source })),
      years,
      progress,
    },
    projections,
    store: replay,
  });
};
