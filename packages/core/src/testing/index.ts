/**
 * Testing helpers for stores and embedders: fast-check arbitraries of valid events and the store
 * contract suite. Import from `@indicator-ledger/core/testing`.
 *
 * @packageDocumentation
 */
export * from './storeContract.js';
export * from './arbitraries.js';
export * from './referenceModel.js';
export * from './syntheticHistory.js';
