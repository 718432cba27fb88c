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
