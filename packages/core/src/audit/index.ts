/**
 * The audit trail's pure part: RFC 6962 Merkle tree hashing, inclusion and consistency proofs, and signed
 * C2SP checkpoints of the tree.
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
