/**
 * `@indicator-ledger/core/tlog` — the transparency log and the record checks an offline verifier needs,
 * without a store or a file system: RFC 6962 Merkle tree, range roots, inclusion and consistency proofs,
 * C2SP signed notes and checkpoints (docs/audit.md §1), and the per-record checks of a bundle (chain,
 * admission, shape, leaf hash, redaction log, manifest: docs/audit.md §4).
 *
 * Every module here reaches cryptography only through `tlog/crypto.ts`, so a browser build swaps that one
 * module (see `@indicator-ledger/verify`) and runs this very code. Nothing here imports `node:fs`.
 *
 * @packageDocumentation
 */
export { HASH_SIZE, createRootAccumulator, emptyRoot, leafHash, merkleRoot, nodeHash, type RootAccumulator } from './tlog/merkle.js';
export { inclusionProof, verifyInclusion, type InclusionClaim } from './tlog/inclusionProof.js';
export { consistencyProof, verifyConsistency, type ConsistencyClaim } from './tlog/consistencyProof.js';
export {
  checkpointOrigin,
  formatCheckpoint,
  openSignedCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  type Checkpoint,
  type CheckpointResult,
} from './tlog/checkpoint.js';
export { formatVerifierKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from './tlog/signedNote.js';
export type { Rejection, Verification } from './tlog/verification.js';
export { createRangeRoots, inclusionProofCollector, consistencyProofCollector, type RangeRoots } from './tlog/rangeRoots.js';
export { isOriginOfDistrict, noteVerifierOf, openCheckpointWith, type VerifierKey } from './tlog/openCheckpoint.js';
export { bytesEqual, fromBase64, fromHex, toBase64, toHex } from './tlog/bytes.js';
export { sha256, createSha256, type Sha256Digest } from './tlog/crypto.js';
export { BUNDLE_FILES, BUNDLE_FORMAT, consistencyProofPath, parseManifest, type BundleManifest, type ConsistencyProofFile } from './audit/bundleFormat.js';
export { createChainCheck, type ChainCheck, type ChainProblem } from './audit/chainVerification.js';
export { createAdmissionCheck, type AdmissionCheck } from './audit/admissionCheck.js';
export { recordLeafHash } from './audit/recordLeaf.js';
export { recordLine, recordShapeProblem } from './audit/recordShape.js';
export { openRedactionLog, redactionsByPosition, type RedactionEntry } from './audit/redaction.js';
export {
  bundleFailure,
  createRecordsCheck,
  dataProblem,
  earlierCheckpoints,
  fileDigestProblem,
  openSignedParts,
  strictText,
  yearsMentioned,
  type BundleFailure,
  type BundleLine,
  type CheckedRecords,
  type RecordsCheck,
  type BundleFileReader,
  type BundleProblem,
  type EarlierRoot,
  type SignedParts,
} from './audit/bundleChecks.js';
