/**
 * The checks of an audit bundle that need no file system (docs/audit.md §4, steps 1–2 and 5): the manifest,
 * the trusted key, the signed checkpoint and redaction log, the consistency proofs and saved checkpoints, and
 * the files' digests — over a {@link BundleFileReader}, so that core's `verifyBundle` (a folder) and
 * `@indicator-ledger/verify` (bytes in a browser) run this one piece of code, in this one order.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts/lib/index.js';
import { DATA_CODECS } from '../events/catalog.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { canonicalJson, type StoredRecord } from '../record/record.js';
import { isAcceptedYear } from '../time/civilDate.js';
import { fromBase64, toBase64, toHex } from '../tlog/bytes.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistencyProof.js';
import { sha256 } from '../tlog/crypto.js';
import { isOriginOfDistrict, noteVerifierOf, openCheckpointWith, type VerifierKey } from '../tlog/openCheckpoint.js';
import { formatVerifierKey, type NoteVerifier } from '../tlog/signedNote.js';
import { BUNDLE_FILES, consistencyProofPath, parseManifest, type BundleManifest } from './bundleFormat.js';
import { createAdmissionCheck } from './admissionCheck.js';
import { createChainCheck, type ChainProblem } from './chainVerification.js';
import { recordLeafHash } from './recordLeaf.js';
import { recordLine, recordShapeProblem } from './recordShape.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import { bytesEqual } from '../tlog/bytes.js';
import { createRootAccumulator } from '../tlog/merkle.js';
import { openRedactionLog, redactionsByPosition, type RedactionEntry } from './redaction.js';

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

/** The bytes of the bundle file at `path` (`/`-separated, relative to the bundle), or undefined when it is missing. */
export type BundleFileReader = (path: string) => Promise<Uint8Array | undefined>;

const EMPTY = new Uint8Array(0);

/** A refusal of the bundle: the problem, its reason and where it is. */
export const bundleFailure = (problem: BundleProblem, reason: string, at: { position?: number; file?: string } = {}): E.Either<BundleFailure, never> => E.left({ problem, reason, ...at });

/** UTF-8 text of a small file, refusing bytes that are not UTF-8 rather than patching them. */
export const strictText = (bytes: Uint8Array): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
};

// Data of a record must decode with its type's codec (docs/spec.md §4) to itself: the projections fold it as such.
export const dataProblem = (record: StoredRecord): string | undefined => {
  const codec: t.Mixed = DATA_CODECS[record.type];
  const decoded = codec.decode(record.data);
  if (E.isLeft(decoded)) return `data is not valid ${record.type} data (docs/spec.md §4)`;
  return canonicalJson(codec.encode(decoded.right)) === canonicalJson(record.data) ? undefined : 'data is not in the normalised form the ledger stores';
};

/** The years a record mentions (its effective date's, its data's `year`), folded into `years`. */
export const yearsMentioned = (record: StoredRecord, years: { from: number; to: number } | null): { from: number; to: number } => {
  const found = [Number(record.effectiveDate.slice(0, 4))];
  const year = (record.data as { readonly year?: unknown }).year;
  if (typeof year === 'number') found.push(year);
  const inRange = found.filter(isAcceptedYear);
  return {
    from: Math.min(years?.from ?? Infinity, ...inRange),
    to: Math.max(years?.to ?? -Infinity, ...inRange),
  };
};

/** What the signed parts of a bundle establish before any record is read. */
export interface SignedParts {
  readonly manifest: BundleManifest;
  readonly district: DistrictCode;
  readonly verifier: NoteVerifier;
  readonly current: Checkpoint;
  readonly redactions: ReadonlyMap<number, RedactionEntry>;
}

/** An earlier checkpoint whose root the first `size` records must have. */
export interface EarlierRoot {
  readonly size: number;
  readonly root: Uint8Array;
  readonly source: 'bundle-proof' | 'saved-checkpoint';
  readonly label: string;
}

// Steps 1–2 up to the proofs: manifest, trusted key, signed checkpoint, signed redaction log.
export const openSignedParts = async (read: BundleFileReader, verifierKey: VerifierKey): Promise<E.Either<BundleFailure, SignedParts>> => {
  const manifestBytes = await read(BUNDLE_FILES.manifest);
  if (manifestBytes === undefined) return bundleFailure('missing-file', 'the bundle has no manifest.json', { file: BUNDLE_FILES.manifest });
  const parsedManifest = parseManifest(strictText(manifestBytes) ?? '');
  if (E.isLeft(parsedManifest)) return bundleFailure('manifest', parsedManifest.left.reason, { file: BUNDLE_FILES.manifest });
  const manifest = parsedManifest.right;
  const district = manifest.district as DistrictCode;
  for (const path of [BUNDLE_FILES.records, BUNDLE_FILES.checkpoint, BUNDLE_FILES.verifierKey]) {
    if (!(path in manifest.files)) return bundleFailure('manifest', `manifest.json does not list ${path}`, { file: BUNDLE_FILES.manifest });
  }
  const trusted = noteVerifierOf(verifierKey);
  if (E.isLeft(trusted)) return bundleFailure('verifier-key', trusted.left.reason);
  const verifier = trusted.right;
  const bundledKey = strictText((await read(BUNDLE_FILES.verifierKey)) ?? EMPTY);
  if (bundledKey !== `${formatVerifierKey(verifier)}\n`) {
    return bundleFailure('verifier-key', `verifier.key is not the key you trust (${formatVerifierKey(verifier)})`, { file: BUNDLE_FILES.verifierKey });
  }
  const noteBytes = await read(BUNDLE_FILES.checkpoint);
  if (noteBytes === undefined) return bundleFailure('missing-file', 'the bundle has no checkpoint.note', { file: BUNDLE_FILES.checkpoint });
  const opened = openCheckpointWith(strictText(noteBytes) ?? '', verifier);
  if (E.isLeft(opened)) return bundleFailure('signature', `checkpoint.note: ${opened.left.reason}`, { file: BUNDLE_FILES.checkpoint });
  const current = opened.right;
  if (!isOriginOfDistrict(current.origin, district) || current.origin !== manifest.origin) {
    return bundleFailure('origin', `the checkpoint is of ${current.origin}; the manifest says ${manifest.origin}, district ${district}`, { file: BUNDLE_FILES.checkpoint });
  }
  if (current.size !== manifest.size || toBase64(current.root) !== manifest.root) {
    return bundleFailure('manifest', 'manifest.json size or root differ from the signed checkpoint', { file: BUNDLE_FILES.manifest });
  }
  let redactions: ReadonlyMap<number, RedactionEntry> = new Map();
  if (BUNDLE_FILES.redactions in manifest.files) {
    const log = openRedactionLog(strictText((await read(BUNDLE_FILES.redactions)) ?? EMPTY) ?? '', verifier, current.origin);
    if (E.isLeft(log)) return bundleFailure('redaction-log', `redactions.note: ${log.left.reason}`, { file: BUNDLE_FILES.redactions });
    redactions = redactionsByPosition(log.right);
  }
  return E.right({ manifest, district, verifier, current, redactions });
};

// Step 2's proofs and saved checkpoints: each must be signed, of this log, and (for proofs) verify; what
// they leave to check is the root of a prefix of the records.
export const earlierCheckpoints = async (read: BundleFileReader, signed: SignedParts, savedCheckpoints: readonly string[]): Promise<E.Either<BundleFailure, EarlierRoot[]>> => {
  const { manifest, verifier, current } = signed;
  const earlier: EarlierRoot[] = [];
  for (const path of Object.keys(manifest.files).filter((p) => p.startsWith('proofs/'))) {
    const text = strictText((await read(path)) ?? EMPTY);
    let file: { oldCheckpoint?: unknown; size1?: unknown; size2?: unknown; proof?: unknown } | undefined;
    try {
      file = text === undefined ? undefined : (JSON.parse(text) as typeof file);
    } catch {
      file = undefined;
    }
    // JSON.parse of "null" or a number gives no object: not a proof file either (it threw a TypeError here).
    if (typeof file !== 'object' || file === null || typeof file.oldCheckpoint !== 'string' || !Array.isArray(file.proof)) return bundleFailure('proof', `${path} is not a consistency proof file`, { file: path });
    const opened = openCheckpointWith(file.oldCheckpoint, verifier);
    if (E.isLeft(opened)) return bundleFailure('proof', `${path}: earlier checkpoint: ${opened.left.reason}`, { file: path });
    const old = opened.right;
    if (old.origin !== current.origin || file.size1 !== old.size || file.size2 !== current.size || path !== consistencyProofPath(old.size, current.size)) {
      return bundleFailure('proof', `${path} is not a proof from its earlier checkpoint of ${current.origin} to this one`, { file: path });
    }
    const proof = file.proof.map((h) => (typeof h === 'string' ? fromBase64(h) : undefined));
    if (!proof.every((h): h is Uint8Array => h !== undefined)) return bundleFailure('proof', `${path}: proof hashes are not canonical base64`, { file: path });
    const consistent = verifyConsistency({ size1: old.size, size2: current.size, root1: old.root, root2: current.root, proof });
    if (E.isLeft(consistent)) return bundleFailure('proof', `${path}: ${consistent.left.reason}`, { file: path });
    earlier.push({ size: old.size, root: old.root, source: 'bundle-proof', label: path });
  }
  for (const [i, note] of savedCheckpoints.entries()) {
    const opened = openCheckpointWith(note, verifier);
    if (E.isLeft(opened)) return bundleFailure('saved-checkpoint', `saved checkpoint ${i + 1}: ${opened.left.reason}`);
    const saved = opened.right;
    if (saved.origin !== current.origin) return bundleFailure('saved-checkpoint', `saved checkpoint ${i + 1} is of ${saved.origin}, the bundle of ${current.origin}`);
    if (saved.size > current.size) {
      const reason = `you saved a checkpoint of ${saved.size} records; this bundle's checkpoint covers only ${current.size}: records were cut off`;
      return bundleFailure('truncated', reason, { position: current.size + 1 });
    }
    earlier.push({ size: saved.size, root: saved.root, source: 'saved-checkpoint', label: `saved checkpoint ${i + 1}` });
  }
  return E.right(earlier.sort((a, b) => a.size - b.size));
};

// Step 5: every file but the manifest is listed, and has the listed digest (records.ndjson's was taken while streaming).
export const fileDigestProblem = async (read: BundleFileReader, paths: readonly string[], manifest: BundleManifest, recordsDigest: string): Promise<E.Either<BundleFailure, void>> => {
  const listed = new Set(Object.keys(manifest.files));
  for (const path of paths) {
    if (path !== BUNDLE_FILES.manifest && !listed.has(path)) return bundleFailure('unlisted-file', `${path} is in the bundle but not in manifest.json`, { file: path });
  }
  for (const [path, expected] of Object.entries(manifest.files)) {
    let actual = recordsDigest;
    if (path !== BUNDLE_FILES.records) {
      const bytes = await read(path);
      if (bytes === undefined) return bundleFailure('missing-file', `${path} is listed in manifest.json but missing`, { file: path });
      actual = toHex(sha256(bytes));
    }
    if (actual !== expected) return bundleFailure('file-digest', `${path} has SHA-256 ${actual}, manifest.json says ${expected}`, { file: path });
  }
  return E.right(undefined);
};

/** One line of records.ndjson: its 1-based number, its text (undefined when not UTF-8), whether a LF ended it. */
export interface BundleLine {
  readonly number: number;
  readonly text: string | undefined;
  readonly terminated: boolean;
}

// Step 3 for one line: the record it holds, or why it is not one the ledger wrote.
const recordOfLine = (line: BundleLine): E.Either<string, StoredRecord> => {
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

/** What the records of a bundle established, once every line passed ({@link RecordsCheck.finish}). */
export interface CheckedRecords {
  /** The hash of the last record (the chain's head). */
  readonly head: string;
  readonly redactedPositions: readonly number[];
  /** The years the records mention, or null for none. */
  readonly years: { readonly from: number; readonly to: number } | null;
}

/**
 * docs/audit.md §4 steps 3–4 over the lines of records.ndjson, fed one at a time: each line is a record
 * written as the ledger writes it, continuing the chain, with valid data, admissible (the policy if given);
 * then the count and the Merkle roots of the whole and of every earlier checkpoint's prefix.
 */
export interface RecordsCheck {
  /** Checks the next line: Right its record, Left the first problem (by position). */
  line(line: BundleLine): E.Either<BundleFailure, StoredRecord>;
  /** After the last line: the size and the roots. */
  finish(): E.Either<BundleFailure, CheckedRecords>;
}

/** A {@link RecordsCheck} for the bundle whose signed parts and earlier checkpoints are given. */
export const createRecordsCheck = (signed: SignedParts, earlier: readonly EarlierRoot[], policy?: AuthorizationPolicy): RecordsCheck => {
  const { district, current } = signed;
  const chain = createChainCheck(district, signed.redactions);
  const admission = createAdmissionCheck(district, policy);
  const tree = createRootAccumulator();
  const prefixRoots = new Map<number, Uint8Array>();
  if (earlier.some((e) => e.size === 0)) prefixRoots.set(0, tree.root());
  let years: { from: number; to: number } | null = null;
  const redactedPositions: number[] = [];
  let lines = 0;
  return {
    line(line) {
      lines = line.number;
      const at = { position: line.number, file: BUNDLE_FILES.records };
      if (line.number > current.size) return bundleFailure('size-mismatch', `records.ndjson has more lines than the ${current.size} records of the checkpoint`, at);
      const read = recordOfLine(line);
      if (E.isLeft(read)) return bundleFailure('malformed', read.left, at);
      const record = read.right;
      const broken = chain.next(record);
      if (broken !== undefined) return bundleFailure(broken.problem, broken.reason, at);
      const invalid = dataProblem(record);
      if (invalid !== undefined) return bundleFailure('malformed', `line ${line.number}: ${invalid}`, at);
      const inadmissible = admission.next(record);
      if (inadmissible !== undefined) return bundleFailure('rule-violation', `line ${line.number}: ${inadmissible}`, at);
      tree.append(recordLeafHash(record.hash));
      if (earlier.some((e) => e.size === tree.size)) prefixRoots.set(tree.size, tree.root());
      years = yearsMentioned(record, years);
      if (record.redacted === true) redactedPositions.push(record.position);
      return E.right(record);
    },
    finish() {
      if (lines !== current.size) {
        return bundleFailure('size-mismatch', `records.ndjson has ${lines} records, the checkpoint ${current.size}`, { position: lines + 1, file: BUNDLE_FILES.records });
      }
      if (!bytesEqual(tree.root(), current.root)) {
        return bundleFailure('root-mismatch', "the records' Merkle root is not the signed checkpoint's: they are not the records it commits to", { file: BUNDLE_FILES.records });
      }
      for (const { size, root, source, label } of earlier) {
        if (!bytesEqual(prefixRoots.get(size) ?? new Uint8Array(), root)) {
          return bundleFailure(source === 'saved-checkpoint' ? 'saved-checkpoint' : 'proof', `records 1..${size} do not have the root of ${label}`, { position: size });
        }
      }
      return E.right({ head: chain.head, redactedPositions, years });
    },
  };
};
