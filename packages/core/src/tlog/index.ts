/**
 * The transparency log, pure: RFC 6962 Merkle tree hashing, range roots, inclusion and consistency proofs,
 * C2SP signed notes (Ed25519) and tlog-checkpoint text. No store and no file system: bytes and hashing only,
 * so the same code can serve an offline verifier (docs/audit.md).
 */
export { HASH_SIZE, createRootAccumulator, emptyRoot, leafHash, merkleRoot, nodeHash, type RootAccumulator } from './merkle.js';
export { inclusionProof, verifyInclusion, type InclusionClaim } from './inclusionProof.js';
export { consistencyProof, verifyConsistency, type ConsistencyClaim } from './consistencyProof.js';
export {
  checkpointOrigin,
  formatCheckpoint,
  openSignedCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  type Checkpoint,
  type CheckpointResult,
} from './checkpoint.js';
export { formatVerifierKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from './signedNote.js';
export type { Rejection, Verification } from './verification.js';
export { createRangeRoots, inclusionProofCollector, consistencyProofCollector, type RangeRoots } from './rangeRoots.js';
export { isOriginOfDistrict, noteVerifierOf, openCheckpointWith, type VerifierKey } from './openCheckpoint.js';
