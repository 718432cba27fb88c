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
  bytesEqual,
  consistencyProofPath,
  createAdmissionCheck,
  createChainCheck,
  createRootAccumulator,
  createSha256,
  formatVerifierKey,
  fromBase64,
  isOriginOfDistrict,
  noteVerifierOf,
  openCheckpointWith,
  openRedactionLog,
  parseManifest,
  recordLeafHash,
  recordLine,
  recordShapeProblem,
  redactionsByPosition,
  sha256,
  toBase64,
  toHex,
  verifyConsistency,
  type BundleManifest,
  type Checkpoint,
  type NoteVerifier,
  type RedactionEntry,
  type VerifierKey,
} from '@indicator-ledger/core/tlog';
import {
  canonicalJson,
  createIndicatorProjections,
  DATA_CODECS,
  EARLIEST_YEAR,
  LATEST_YEAR,
  MemoryEventStore,
  type AuthorizationPolicy,
  type DistrictCode,
  type ProgressRow,
  type StoredRecord,
} from '@indicator-ledger/core';
import type { BundleProblem, BundleReport } from '@indicator-ledger/core/bundle';

/** A bundle's files: path inside the bundle (`/`-separated, e.g. `proofs/consistency-2-5.json`) → bytes. */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

/** Why a bundle is refused: the first problem, with the record position or file it is at. */
export interface BundleRejection {
  readonly problem: BundleProblem;
  readonly reason: string;
  /** The 1-based position (= line of records.ndjson) of the first bad record, for a record problem. */
  readonly position?: number;
  /** The bundle file the problem is in. */
  readonly file?: string;
}

/** What a verified bundle holds, as core's `verifyBundle` reports it: the checkpoint, the head, the progress table. */
export type BundleVerdict = BundleReport;

/** Options of {@link verifyBundleFiles}. */
export interface VerifyBundleFilesOptions {
  /** The ledger's verifier key as the auditor obtained it — not from the bundle. */
  readonly verifierKey: VerifierKey;
  /** Signed checkpoints the auditor kept from earlier: the bundle must extend each of them. */
  readonly savedCheckpoints?: readonly string[];
  /** Also check every record against this authorization policy (e.g. docs/spec.md §5's `defaultPolicy`). */
  readonly policy?: AuthorizationPolicy;
  // Witness cosignatures (trusted witness keys and a quorum) slot in here once core checks them: an option
  // accepted but not checked would let an auditor believe a quorum was met, so there is none yet.
}

/** One line of records.ndjson: 1-based number, text (undefined when not UTF-8), whether a LF ended it. */
interface Line {
  readonly number: number;
  readonly text: string | undefined;
  readonly terminated: boolean;
}

const LF = 0x0a;

const decodeStrict = (bytes: Uint8Array): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
};

// As core's fileLines: only LF ends a line, a line that is not UTF-8 is reported, not patched.
function* linesOf(bytes: Uint8Array): Generator<Line> {
  let start = 0;
  let number = 0;
  for (let at = bytes.indexOf(LF, start); at >= 0; at = bytes.indexOf(LF, start)) {
    number += 1;
    yield { number, text: decodeStrict(bytes.subarray(start, at)), terminated: true };
    start = at + 1;
  }
  if (start < bytes.length) yield { number: number + 1, text: decodeStrict(bytes.subarray(start)), terminated: false };
}

const EMPTY = new Uint8Array(0);

const rejection = (problem: BundleProblem, reason: string, at: { position?: number; file?: string } = {}): E.Either<BundleRejection, never> =>
  E.left({ problem, reason, ...at });

// Data of a record must decode with its type's codec (docs/spec.md §4) to itself: the projections fold it as such.
const dataProblem = (record: StoredRecord): string | undefined => {
  // Seen as one codec of unknown data: which one is chosen by the record's type at run time.
  const codec = DATA_CODECS[record.type] as unknown as { decode(u: unknown): E.Either<unknown, unknown>; encode(a: unknown): unknown };
  const decoded = codec.decode(record.data);
  if (E.isLeft(decoded)) return `data is not valid ${record.type} data (docs/spec.md §4)`;
  return canonicalJson(codec.encode(decoded.right)) === canonicalJson(record.data) ? undefined : 'data is not in the normalised form the ledger stores';
};

const yearsMentioned = (record: StoredRecord, years: { from: number; to: number } | null): { from: number; to: number } => {
  const found = [Number(record.effectiveDate.slice(0, 4))];
  const year = (record.data as { readonly year?: unknown }).year;
  if (typeof year === 'number') found.push(year);
  const inRange = found.filter((y) => Number.isInteger(y) && y >= EARLIEST_YEAR && y <= LATEST_YEAR);
  return { from: Math.min(years?.from ?? Infinity, ...inRange), to: Math.max(years?.to ?? -Infinity, ...inRange) };
};

interface SignedParts {
  readonly manifest: BundleManifest;
  readonly district: DistrictCode;
  readonly verifier: NoteVerifier;
  readonly current: Checkpoint;
  readonly redactions: ReadonlyMap<number, RedactionEntry>;
}

interface EarlierRoot {
  readonly size: number;
  readonly root: Uint8Array;
  readonly source: 'bundle-proof' | 'saved-checkpoint';
  readonly label: string;
}

// The reason a consistency proof from `old` to `current` fails, or undefined when it holds.
const verifyConsistencyOf = (old: Checkpoint, current: Checkpoint, proof: readonly Uint8Array[]): string | undefined => {
  const consistent = verifyConsistency({ size1: old.size, size2: current.size, root1: old.root, root2: current.root, proof });
  return E.isLeft(consistent) ? consistent.left.reason : undefined;
};

// docs/audit.md §4 steps 1–2 up to the proofs: manifest, trusted key, signed checkpoint, signed redaction log.
const openSignedParts = (files: BundleFiles, verifierKey: VerifierKey): E.Either<BundleRejection, SignedParts> => {
  const text = (path: string): string | undefined => decodeStrict(files.get(path) ?? EMPTY);
  const manifestBytes = files.get(BUNDLE_FILES.manifest);
  if (manifestBytes === undefined) return rejection('missing-file', 'the bundle has no manifest.json', { file: BUNDLE_FILES.manifest });
  const parsedManifest = parseManifest(decodeStrict(manifestBytes) ?? '');
  if (E.isLeft(parsedManifest)) return rejection('manifest', parsedManifest.left.reason, { file: BUNDLE_FILES.manifest });
  const manifest = parsedManifest.right;
  const district = manifest.district as DistrictCode;
  for (const path of [BUNDLE_FILES.records, BUNDLE_FILES.checkpoint, BUNDLE_FILES.verifierKey]) {
    if (!(path in manifest.files)) return rejection('manifest', `manifest.json does not list ${path}`, { file: BUNDLE_FILES.manifest });
  }
  const trusted = noteVerifierOf(verifierKey);
  if (E.isLeft(trusted)) return rejection('verifier-key', trusted.left.reason);
  const verifier = trusted.right;
  if (text(BUNDLE_FILES.verifierKey) !== `${formatVerifierKey(verifier)}\n`) {
    return rejection('verifier-key', `verifier.key is not the key you trust (${formatVerifierKey(verifier)})`, { file: BUNDLE_FILES.verifierKey });
  }
  const noteBytes = files.get(BUNDLE_FILES.checkpoint);
  if (noteBytes === undefined) return rejection('missing-file', 'the bundle has no checkpoint.note', { file: BUNDLE_FILES.checkpoint });
  const opened = openCheckpointWith(decodeStrict(noteBytes) ?? '', verifier);
  if (E.isLeft(opened)) return rejection('signature', `checkpoint.note: ${opened.left.reason}`, { file: BUNDLE_FILES.checkpoint });
  const current = opened.right;
  if (!isOriginOfDistrict(current.origin, district) || current.origin !== manifest.origin) {
    return rejection('origin', `the checkpoint is of ${current.origin}; the manifest says ${manifest.origin}, district ${district}`, { file: BUNDLE_FILES.checkpoint });
  }
  if (current.size !== manifest.size || toBase64(current.root) !== manifest.root) {
    return rejection('manifest', 'manifest.json size or root differ from the signed checkpoint', { file: BUNDLE_FILES.manifest });
  }
  let redactions: ReadonlyMap<number, RedactionEntry> = new Map();
  if (BUNDLE_FILES.redactions in manifest.files) {
    const log = openRedactionLog(text(BUNDLE_FILES.redactions) ?? '', verifier, current.origin);
    if (E.isLeft(log)) return rejection('redaction-log', `redactions.note: ${log.left.reason}`, { file: BUNDLE_FILES.redactions });
    redactions = redactionsByPosition(log.right);
  }
  return E.right({ manifest, district, verifier, current, redactions });
};

// Step 2's proofs and saved checkpoints: each signed, of this log, and (proofs) verifying; what is left is
// the root of a prefix of the records.
const earlierCheckpoints = (files: BundleFiles, signed: SignedParts, savedCheckpoints: readonly string[]): E.Either<BundleRejection, EarlierRoot[]> => {
  const { manifest, verifier, current } = signed;
  const earlier: EarlierRoot[] = [];
  for (const path of Object.keys(manifest.files).filter((p) => p.startsWith('proofs/'))) {
    const text = decodeStrict(files.get(path) ?? EMPTY);
    let file: { oldCheckpoint?: unknown; size1?: unknown; size2?: unknown; proof?: unknown } | undefined;
    try {
      file = text === undefined ? undefined : (JSON.parse(text) as typeof file);
    } catch {
      file = undefined;
    }
    // JSON.parse of "null" or a number gives no object: not a proof file either.
    if (typeof file !== 'object' || file === null || typeof file.oldCheckpoint !== 'string' || !Array.isArray(file.proof)) {
      return rejection('proof', `${path} is not a consistency proof file`, { file: path });
    }
    const old = openCheckpointWith(file.oldCheckpoint, verifier);
    if (E.isLeft(old)) return rejection('proof', `${path}: earlier checkpoint: ${old.left.reason}`, { file: path });
    if (old.right.origin !== current.origin || file.size1 !== old.right.size || file.size2 !== current.size || path !== consistencyProofPath(old.right.size, current.size)) {
      return rejection('proof', `${path} is not a proof from its earlier checkpoint of ${current.origin} to this one`, { file: path });
    }
    const proof = (file.proof as unknown[]).map((h) => (typeof h === 'string' ? fromBase64(h) : undefined));
    if (!proof.every((h): h is Uint8Array => h !== undefined)) return rejection('proof', `${path}: proof hashes are not canonical base64`, { file: path });
    const consistent = verifyConsistencyOf(old.right, current, proof);
    if (consistent !== undefined) return rejection('proof', `${path}: ${consistent}`, { file: path });
    earlier.push({ size: old.right.size, root: old.right.root, source: 'bundle-proof', label: path });
  }
  for (const [i, note] of savedCheckpoints.entries()) {
    const saved = openCheckpointWith(note, verifier);
    if (E.isLeft(saved)) return rejection('saved-checkpoint', `saved checkpoint ${i + 1}: ${saved.left.reason}`);
    if (saved.right.origin !== current.origin) return rejection('saved-checkpoint', `saved checkpoint ${i + 1} is of ${saved.right.origin}, the bundle of ${current.origin}`);
    if (saved.right.size > current.size) {
      const reason = `you saved a checkpoint of ${saved.right.size} records; this bundle's checkpoint covers only ${current.size}: records were cut off`;
      return rejection('truncated', reason, { position: current.size + 1 });
    }
    earlier.push({ size: saved.right.size, root: saved.right.root, source: 'saved-checkpoint', label: `saved checkpoint ${i + 1}` });
  }
  return E.right(earlier.sort((a, b) => a.size - b.size));
};

// Step 5: every file but the manifest is listed, and has the listed digest.
const fileDigestProblem = (files: BundleFiles, manifest: BundleManifest, recordsDigest: string): E.Either<BundleRejection, void> => {
  const listed = new Set(Object.keys(manifest.files));
  // In the order a folder listing gives them is not knowable from bytes; sorted, the first unlisted file is stable.
  for (const path of [...files.keys()].sort()) {
    if (path !== BUNDLE_FILES.manifest && !listed.has(path)) return rejection('unlisted-file', `${path} is in the bundle but not in manifest.json`, { file: path });
  }
  for (const [path, expected] of Object.entries(manifest.files)) {
    let actual = recordsDigest;
    if (path !== BUNDLE_FILES.records) {
      const bytes = files.get(path);
      if (bytes === undefined) return rejection('missing-file', `${path} is listed in manifest.json but missing`, { file: path });
      actual = toHex(sha256(bytes));
    }
    if (actual !== expected) return rejection('file-digest', `${path} has SHA-256 ${actual}, manifest.json says ${expected}`, { file: path });
  }
  return E.right(undefined);
};

// Step 3 for one line: the record it holds, or why it is not one the ledger wrote.
const recordOfLine = (line: Line): E.Either<string, StoredRecord> => {
  if (line.text === undefined) return E.left(`line ${line.number} is not UTF-8`);
  if (!line.terminated) return E.left(`line ${line.number} does not end in a newline`);
  let u: unknown;
  try {
    u = JSON.parse(line.text);
  } catch {
    return E.left(`line ${line.number} is not JSON`);
  }
  const shape = recordShapeProblem(u);
  if (shape !== undefined) return E.left(`line ${line.number} ${shape}`);
  const record = u as StoredRecord;
  return recordLine(record) === line.text ? E.right(record) : E.left(`line ${line.number} is not written as the ledger writes records`);
};

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
  const signedOrProblem = openSignedParts(files, options.verifierKey);
  if (E.isLeft(signedOrProblem)) return signedOrProblem;
  const signed = signedOrProblem.right;
  const { manifest, district, current } = signed;
  const earlierOrProblem = earlierCheckpoints(files, signed, options.savedCheckpoints ?? []);
  if (E.isLeft(earlierOrProblem)) return earlierOrProblem;
  const earlier = earlierOrProblem.right;

  // 3. Records: each checked, hashed into the tree, kept for the replay.
  const recordsBytes = files.get(BUNDLE_FILES.records);
  if (recordsBytes === undefined) return rejection('missing-file', 'the bundle has no records.ndjson', { file: BUNDLE_FILES.records });
  const chain = createChainCheck(district, signed.redactions);
  const admission = createAdmissionCheck(district, options.policy);
  const tree = createRootAccumulator();
  const prefixRoots = new Map<number, Uint8Array>();
  if (earlier.some((e) => e.size === 0)) prefixRoots.set(0, tree.root());
  const recordsDigest = createSha256();
  recordsDigest.update(recordsBytes);
  const records: StoredRecord[] = [];
  let years: { from: number; to: number } | null = null;
  const redactedPositions: number[] = [];
  let lines = 0;
  for (const line of linesOf(recordsBytes)) {
    lines = line.number;
    const at = { position: line.number, file: BUNDLE_FILES.records };
    if (line.number > current.size) return rejection('size-mismatch', `records.ndjson has more lines than the ${current.size} records of the checkpoint`, at);
    const read = recordOfLine(line);
    if (E.isLeft(read)) return rejection('malformed', read.left, at);
    const record = read.right;
    const broken = chain.next(record);
    if (broken !== undefined) return rejection(broken.problem, broken.reason, at);
    const invalid = dataProblem(record);
    if (invalid !== undefined) return rejection('malformed', `line ${line.number}: ${invalid}`, at);
    const inadmissible = admission.next(record);
    if (inadmissible !== undefined) return rejection('rule-violation', `line ${line.number}: ${inadmissible}`, at);
    tree.append(recordLeafHash(record.hash));
    if (earlier.some((e) => e.size === tree.size)) prefixRoots.set(tree.size, tree.root());
    years = yearsMentioned(record, years);
    if (record.redacted === true) redactedPositions.push(record.position);
    records.push(record);
  }

  // 4. Size and roots.
  if (lines !== current.size) {
    return rejection('size-mismatch', `records.ndjson has ${lines} records, the checkpoint ${current.size}`, { position: lines + 1, file: BUNDLE_FILES.records });
  }
  if (!bytesEqual(tree.root(), current.root)) {
    return rejection('root-mismatch', "the records' Merkle root is not the signed checkpoint's: they are not the records it commits to", { file: BUNDLE_FILES.records });
  }
  for (const { size, root, source, label } of earlier) {
    if (!bytesEqual(prefixRoots.get(size) ?? new Uint8Array(), root)) {
      return rejection(source === 'saved-checkpoint' ? 'saved-checkpoint' : 'proof', `records 1..${size} do not have the root of ${label}`, { position: size });
    }
  }

  // 5. Digests.
  const digests = fileDigestProblem(files, manifest, recordsDigest.hex());
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
  return E.right({
    district,
    origin: current.origin,
    size: current.size,
    root: toBase64(current.root),
    head: chain.head,
    redactedPositions,
    consistentWith: earlier.map(({ size, source }) => ({ size, source })),
    years,
    progress,
  });
};
