/**
 * Testing helpers for stores and embedders: the shared fixtures (districts, identifiers, dates), fast-check
 * arbitraries of valid events, sample events and hashed chains, the reference model and the synthetic
 * history. Import from `@indicator-ledger/core/testing`; none of it needs a test runner. The vitest store
 * contract suite is `@indicator-ledger/core/testing/store-contract`.
 *
 * @packageDocumentation
 */
export * from './fixtures.js';
export * from './exampleEvents.js';
export * from './contractFixtures.js';
export * from './arbitraries.js';
export * from './referenceModel.js';
export * from './syntheticHistory.js';
export { signersAtOnce, type SignersAtOnce } from './checkpointRace.js';

// The fold of one record and the hash function, for store tests that check an optional read against the fold
// and the chain (they are not part of the main entry's API).
export { applyRecord, emptyDistrictProjection } from '../projection/districtProjection.js';
export { sha256Hex } from '../tlog/crypto.js';
