/**
 * The audit trail: RFC 6962 Merkle tree hashing, inclusion and consistency proofs and signed C2SP
 * checkpoints (pure); and over a store: chain verification, signed checkpoint history, proofs of records,
 * subject histories, redaction with its log, and audit bundles an auditor verifies offline (docs/audit.md, docs/spec.md §8.3).
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
export { recordLeafHash, isSha256Hex } from './recordLeaf.js';
export { createRangeRoots, inclusionProofCollector, consistencyProofCollector, type RangeRoots } from './rangeRoots.js';
export { recordShapeProblem, recordLine } from './recordShape.js';
export { createAdmissionCheck, type AdmissionCheck } from './admissionCheck.js';
export { auditStream, type AdmissionFailure, type StreamAudit, type StreamAuditOptions } from './streamAudit.js';
export {
  createChainCheck,
  verifyChain,
  type ChainCheck,
  type ChainFailure,
  type ChainProblem,
  type ChainVerification,
  type ChainVerificationOptions,
} from './chainVerification.js';
export { isOriginOfDistrict, noteVerifierOf, openCheckpointWith, type VerifierKey } from './openCheckpoint.js';
export { verify, type CheckpointProblem, type LedgerFailure, type LedgerVerification, type VerifyOptions } from './ledgerVerification.js';
export {
  CHECKPOINT_HISTORY_PROJECTION,
  checkpoint,
  checkpointOfNote,
  signedCheckpoints,
  type CheckpointOptions,
  type CheckpointOutcome,
  type CheckpointRefusal,
} from './ledgerCheckpoint.js';
export {
  consistencyEvidenceFromJson,
  consistencyEvidenceToJson,
  inclusionEvidenceFromJson,
  inclusionEvidenceToJson,
  proveConsistency,
  proveInclusion,
  redactionProof,
  verifyConsistencyAgainstCheckpoints,
  verifyInclusionAgainstCheckpoint,
  type ConsistencyEvidence,
  type InclusionEvidence,
  type InclusionProofOptions,
  type RecordOrHash,
} from './ledgerProofs.js';
export {
  DEFAULT_REDACTED_FIELDS,
  REDACTABLE_FIELDS,
  REDACTION_MARKER,
  formatRedactionLog,
  openRedactionLog,
  parseRedactionLog,
  redactRecord,
  redactedDataProblem,
  redactionEntryOf,
  redactionsByPosition,
  signRedactionLog,
  type RedactionEntry,
} from './redaction.js';
export { REDACTION_LOG_PROJECTION, loadRedactions, redact, type RedactionOutcome, type RedactionRefusal, type RedactionRequest } from './ledgerRedaction.js';
export { SUBJECT_FIELDS, history, rolesOf, type HistoryEntry, type Retraction, type SubjectRole } from './entityHistory.js';
export { unitAccount, type UnitRecordings } from './unitAccount.js';
export { BUNDLE_FILES, BUNDLE_FORMAT, consistencyProofPath, parseManifest, type BundleManifest, type ConsistencyProofFile } from './bundleFormat.js';
export { exportBundle, type BundleExportOptions, type BundleExportOutcome } from './bundleExport.js';
export { verifyBundle, type BundleFailure, type BundleProblem, type BundleReport, type BundleVerification, type BundleVerifyOptions } from './bundleVerification.js';
