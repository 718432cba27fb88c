/**
 * The audit trail over a store: chain verification, signed checkpoint history, proofs of records, subject
 * histories and redaction with its log (docs/audit.md, docs/spec.md §8.3). The pure transparency-log code it
 * builds on is in `tlog/`; bundles (files) in `bundle/`.
 */
export { recordLeafHash, isSha256Hex } from './recordLeaf.js';
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
