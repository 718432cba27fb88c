/**
 * `@indicator-ledger/verify` — checks indicator-ledger audit bundles, proofs, checkpoints and signed notes
 * anywhere: in Node, and in a browser (the self-contained page `verify.html` this package ships). No store
 * and no native dependency; every check is core's own code (`@indicator-ledger/core/tlog`).
 *
 * For Node, `@indicator-ledger/verify/node` also reads a bundle folder and attaches the page to a bundle.
 *
 * @packageDocumentation
 */
export { verifyBundleFiles, type BundleFiles, type BundleRejection, type BundleVerdict, type VerifyBundleFilesOptions } from './bundleVerifier.js';
export { bundleFilesOf, type PickedFile } from './pickedFiles.js';
export {
  checkpointOrigin,
  consistencyProof,
  formatVerifierKey,
  inclusionProof,
  leafHash,
  merkleRoot,
  openCheckpointWith,
  parseCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  type Checkpoint,
  type ConsistencyClaim,
  type InclusionClaim,
  type NoteVerifier,
  type VerifierKey,
} from '@indicator-ledger/core/tlog';
