/**
 * Audit bundles (docs/audit.md §2–4): a folder holding a district's records, its signed checkpoint, the
 * verifier key, consistency proofs and the signed redaction log, written from a store and verified offline.
 * The one part of the core that reads and writes files.
 */
export { BUNDLE_FILES, BUNDLE_FORMAT, consistencyProofPath, parseManifest, type BundleManifest, type ConsistencyProofFile } from '../audit/bundleFormat.js';
export { exportBundle, type BundleExportOptions, type BundleExportOutcome, type ExportedBundle } from './bundleExport.js';
export { verifyBundle, type BundleFailure, type BundleProblem, type BundleReport, type BundleVerification, type BundleVerifyOptions, type VerifiedBundle } from './bundleVerification.js';
