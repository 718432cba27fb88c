/**
 * The audit bundle's files (docs/audit.md §2): what each holds and how the manifest lists them. A bundle is a
 * folder an auditor can check with nothing but this library — or by hand, as docs/audit.md shows:
 *
 * - `records.ndjson`: positions 1..n, one record per line, exactly as `recordToJson` writes it;
 * - `checkpoint.note`: the signed checkpoint of those n records (C2SP tlog-checkpoint + signed note);
 * - `verifier.key`: the verifier key of the signing key (to compare with the one the ledger publishes);
 * - `redactions.note`: the signed redaction log, when records were redacted;
 * - `proofs/consistency-<m>-<n>.json`: for each earlier signed checkpoint of m records, that note and
 *   the consistency proof from it to this one;
 * - `manifest.json`: district, origin, size, root, and the SHA-256 of every other file.
 *
 * The manifest is not signed: its digests catch damage in transit. Trust comes from the signature on
 * the checkpoint (and on the redaction log), which commits to every record through the Merkle root.
 */
import * as E from 'fp-ts/lib/Either.js';
import { reject, type Rejection } from '../tlog/verification.js';

/** Names the bundle layout, so a later layout can be told apart. */
export const BUNDLE_FORMAT = 'indicator-ledger-audit-bundle/1';

/** The bundle's fixed file names (paths relative to the bundle folder, `/`-separated). */
export const BUNDLE_FILES = {
  records: 'records.ndjson',
  checkpoint: 'checkpoint.note',
  verifierKey: 'verifier.key',
  redactions: 'redactions.note',
  manifest: 'manifest.json',
} as const;

/** Where the consistency proof from an earlier checkpoint of `size1` records to this one of `size2` is kept. */
export const consistencyProofPath = (size1: number, size2: number): string => `proofs/consistency-${size1}-${size2}.json`;

/** A consistency proof file: the earlier signed note, the two sizes, and the proof hashes in base64. */
export interface ConsistencyProofFile {
  readonly oldCheckpoint: string;
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly string[];
}

/** `manifest.json`: what the bundle holds. `root` is the checkpoint's root in base64, as the note writes it. */
export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly district: string;
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  /** SHA-256 (hex) of every file but the manifest, by path. */
  readonly files: Readonly<Record<string, string>>;
}

// Plain relative paths only, so a manifest cannot point a verifier outside the bundle folder.
const SAFE_PATH = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** True when `path` is a plain relative path inside the bundle (no `.`, `..`, empty or absolute parts). */
export const isBundlePath = (path: string): boolean => SAFE_PATH.test(path);

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** The text of `manifest.json`: the manifest as JSON indented by two spaces, and a final newline. */
export const formatManifest = (manifest: BundleManifest): string => `${JSON.stringify(manifest, null, 2)}\n`;

/** Reads `manifest.json`, strictly: every field present and of its type, every path plain, every digest hex. */
export const parseManifest = (text: string): E.Either<Rejection, BundleManifest> => {
  let u: unknown;
  try {
    u = JSON.parse(text);
  } catch {
    return reject('manifest.json is not JSON');
  }
  if (!isObject(u)) return reject('manifest.json is not a JSON object');
  const keys = Object.keys(u).sort().join();
  if (keys !== 'district,files,format,origin,root,size') return reject(`manifest.json has the fields ${keys}, expected district, files, format, origin, root, size`);
  if (u.format !== BUNDLE_FORMAT) return reject(`manifest.json format is ${JSON.stringify(u.format)}, expected ${BUNDLE_FORMAT}`);
  if (typeof u.district !== 'string' || !/^\d{6}$/.test(u.district)) return reject('manifest.json district is not a 6-digit code');
  if (typeof u.origin !== 'string' || typeof u.root !== 'string') return reject('manifest.json origin and root must be strings');
  if (!Number.isSafeInteger(u.size) || (u.size as number) < 0) return reject('manifest.json size is not a whole number ≥ 0');
  if (!isObject(u.files)) return reject('manifest.json files is not an object');
  for (const [path, digest] of Object.entries(u.files)) {
    if (!isBundlePath(path) || path === BUNDLE_FILES.manifest) return reject(`manifest.json lists ${JSON.stringify(path)}, not a plain path of a bundle file`);
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) return reject(`manifest.json digest of ${path} is not 64 lower-case hex digits`);
  }
  const manifest = u as unknown as BundleManifest;
  // The manifest is the one file no digest covers, so it must be written exactly as formatManifest writes it.
  if (formatManifest(manifest) !== text) return reject('manifest.json is not written as the ledger writes manifests');
  return E.right(manifest);
};
