/**
 * @indicator-ledger/core — the domain of the indicator ledger: typed events (docs/spec.md §3–4), validated
 * atomic appends with the authorization policy (§5), the hash chain, the store port with an in-memory
 * store, the indicator projections (§6–7), and the audit trail (docs/audit.md). Audit bundles, which read and
 * write files, are the separate entry `@indicator-ledger/core/bundle`.
 *
 * The public API is this explicit list, one statement per source module, grouped by folder in the order of
 * docs/architecture.md. A name added here is a reviewed change: publicApi.test.ts pins the list.
 *
 * @packageDocumentation
 */

// The transparency log (pure): Merkle tree, proofs, signed notes and checkpoints — for an auditor checking by hand.
export {
  type Checkpoint,
  checkpointOrigin,
  type CheckpointResult,
  formatCheckpoint,
  openSignedCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './tlog/checkpoint.js';
export { type ConsistencyClaim, consistencyProof, verifyConsistency } from './tlog/consistencyProof.js';
export { type InclusionClaim, inclusionProof, verifyInclusion } from './tlog/inclusionProof.js';
export { HASH_SIZE, leafHash, merkleRoot } from './tlog/merkle.js';
export { openCheckpointWith, type VerifierKey } from './tlog/openCheckpoint.js';
export { formatVerifierKey, type NoteSigner, type NoteVerifier, parseVerifierKey } from './tlog/signedNote.js';
export { type Rejection, type Verification } from './tlog/verification.js';

// Civil dates (UTC+8) and instants, docs/spec.md §1.
export { type CivilDate, EARLIEST_YEAR, endOfYear, LATEST_YEAR, parseCivilDate, startOfYear } from './time/civilDate.js';
export { civilDateInChina, type Instant, parseInstant } from './time/instant.js';

// Identifiers: district codes, event ids, credit codes, patent numbers.
export { type DistrictCode, parseDistrictCode } from './ids/districtCode.js';
export { type EventId, parseEventId, type PlatformId } from './ids/identifiers.js';
export { parsePatentNumber, patentCheckCharacter, type PatentKind, type PatentNumber } from './ids/patentNumber.js';
export { parseUnifiedSocialCreditCode, type UnifiedSocialCreditCode, usccCheckCharacter } from './ids/unifiedSocialCreditCode.js';

// Events: the envelope, the codecs and vocabularies of docs/spec.md §3–4, the §6 indicator catalog, problems.
export { DATA_CODECS, EVENT_TYPES, type EventData, type EventDataJson, type EventType, isEventType } from './events/catalog.js';
export { escapeControlCharacters, findControlCharacter } from './events/controlCharacters.js';
export {
  type Actor,
  decodeEventInput,
  decodeEventInputs,
  decodeNdjson,
  encodeEventInput,
  type EventInput,
  type EventInputJson,
  SCHEMA_VERSION,
} from './events/envelope.js';
export { INDICATOR_IDS, type IndicatorId, INDICATORS, type IndicatorUnit } from './events/indicatorCatalog.js';
export { formatProblem, type Problem } from './events/problem.js';
export {
  type Comparator,
  COMPARATORS,
  type Designation,
  DESIGNATIONS,
  FUND_PURPOSES,
  type FundPurpose,
  type Level,
  LEVELS,
  PATENT_KINDS,
  PATENT_LAPSE_REASONS,
  type PatentLapseReason,
  PLATFORM_KINDS,
  type PlatformKind,
  type Statistic,
  STATISTIC_STATUSES,
  STATISTICS,
  type StatisticStatus,
  type Unit,
  UNIT_IDS,
  UNITS,
} from './events/vocabulary.js';

// The stored record and its hashes, docs/spec.md §2.
export { canonicalJson } from './record/canonicalJson.js';
export { dataHashOf, GENESIS_HASH, recordHashOf, recordToJson, type Sha256Hex, type StoredRecord } from './record/record.js';

// The authorization policy of docs/spec.md §5.
export {
  type AuthorizationPolicy,
  DEFAULT_PERMISSIONS,
  defaultPolicy,
  type PolicyContext,
  policyFromPermissions,
} from './rules/authorization.js';

// The store port a store package implements (docs/stores.md), and the in-memory store.
export { createMemoryStore, MemoryEventStore } from './store/memoryStore.js';
export {
  type AppendConflict,
  assertContiguous,
  type CheckpointStore,
  type EventStore,
  pagesByPosition,
  type PositionRange,
  type ProjectionCheckpoint,
  recordsOfPages,
  type RedactionLogUpdate,
  type StoreAppendResult,
  type StreamHead,
} from './store/port.js';

// The ledger: validated, atomic appends.
export {
  type AppendFailure,
  type AppendListener,
  type AppendOptions,
  type AppendSuccess,
  comparableContent,
  createLedger,
  DEFAULT_CLOCK_SKEW_MS,
  Ledger,
  type LedgerOptions,
  type SkippedInput,
} from './ledger/ledger.js';

// Indicator values.
export { type Target } from './indicators/reports.js';

// Queries: snapshot (§7), progress, explain, vintages, roll-up.
export { encodeCheckpointState, PROJECTION_NAME, PROJECTION_VERSION } from './projection/checkpointState.js';
export { type Contribution, type Explanation, type UsedStatistic } from './projection/explain.js';
export {
  createIndicatorProjections,
  IndicatorProjections,
  type ProgressRow,
  type ProjectionOptions,
  type ValuationQuery,
} from './projection/indicatorProjections.js';
export { type RankedDistrict, type Rollup, type RollupIndicator } from './projection/rollup.js';
export { type IndicatorSnapshot, type Snapshot, type TargetStatus } from './projection/snapshot.js';
export { type Vintage } from './projection/vintages.js';

// Auditing a store: chain verification, signed checkpoints, proofs, redaction, subject histories.
export {
  type ChainFailure,
  type ChainHead,
  type ChainProblem,
  type ChainVerification,
  type ChainVerificationOptions,
  verifyChain,
} from './audit/chainVerification.js';
export { history, type HistoryEntry, type Retraction, type SubjectRole } from './audit/entityHistory.js';
export {
  checkpoint,
  CHECKPOINT_HISTORY_PROJECTION,
  checkpointOfNote,
  type CheckpointOptions,
  type CheckpointOutcome,
  type CheckpointRefusal,
  type SignedCheckpoint,
  signedCheckpoints,
} from './audit/ledgerCheckpoint.js';
export {
  type ConsistencyEvidence,
  consistencyEvidenceFromJson,
  consistencyEvidenceToJson,
  type InclusionEvidence,
  inclusionEvidenceFromJson,
  inclusionEvidenceToJson,
  type InclusionProofOptions,
  proveConsistency,
  proveInclusion,
  type ExtendedCheckpoint,
  type RecordOrHash,
  redactionProof,
  verifyConsistencyAgainstCheckpoints,
  verifyInclusionAgainstCheckpoint,
} from './audit/ledgerProofs.js';
export {
  loadRedactions,
  redact,
  REDACTION_LOG_PROJECTION,
  type Redaction,
  type RedactionOutcome,
  type RedactionRefusal,
  type RedactionRequest,
} from './audit/ledgerRedaction.js';
export {
  type CheckpointProblem,
  type LedgerFailure,
  type LedgerVerification,
  type VerifiedLedger,
  verify,
  type VerifyOptions,
} from './audit/ledgerVerification.js';
export { openRedactionLog, REDACTION_MARKER, type RedactionEntry } from './audit/redaction.js';
export { auditAdmission, type AdmissionFailure, type AdmissionPass, type AdmissionRunner } from './audit/streamAudit.js';
export { unitAccount, type UnitRecordings } from './audit/unitAccount.js';

// Witnessed checkpoints, the streamed import, chaining, read capabilities and the other names the packages use (grouped by module).
export { type IdlessRepeats, type ImportFailure, type ImportLine, type ImportOptions, type ImportProblem, type ImportSummary, importNdjson, strayBomReason } from './ledger/lineImport.js';
export { FACTS_CHECKPOINT_NAME, FACTS_CHECKPOINT_VERSION, verifyFactsCheckpoint } from './ledger/factsCheckpoint.js';
export { type SealedCheckpointProblem } from './store/sealedCheckpoint.js';
export { type RecordContent, chainRecords, chainedFieldsOf, chainedFieldsText, chainedRecord } from './record/record.js';
export { redactionWrite } from './store/port.js';
export { noteVerifierOf } from './tlog/openCheckpoint.js';
export { formatAddCheckpointRequest } from './witness/addCheckpoint.js';
export { type CosignerSigner, type CosignerVerifier, formatCosignerKey, parseCosignatureLine, parseCosignerKey, verifyCosignatureLine } from './witness/cosignature.js';
export { type ForkEvidence, checkForkEvidence } from './witness/forkEvidence.js';
export { type WitnessRefusal, type WitnessState, addCheckpoint, formatWitnessState, parseWitnessState, recordEvidence } from './witness/witness.js';
export { type Cosigner, attachCosignatures, openWitnessedCheckpoint, splitNote } from './witness/witnessedCheckpoint.js';
export { sha256Hex } from './tlog/crypto.js';
export { type ChainPageReader, type ChainedRow, type FoldFields, type FoldPageReader } from './store/port.js';
export { YEAR_RANGE_TEXT, isAcceptedYear } from './time/civilDate.js';
