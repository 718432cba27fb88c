/**
 * Witnessed checkpoints (docs/audit.md, "Witnessed checkpoints"): C2SP tlog-cosignature cosignatures, the
 * tlog-witness add-checkpoint role as a pure function, fork evidence anyone can check offline, and the
 * auditor's quorum check.
 */
export * from './addCheckpoint.js';
export * from './cosignature.js';
export * from './forkEvidence.js';
export * from './witness.js';
export * from './witnessedCheckpoint.js';
