/**
 * @indicator-ledger/core — the domain of the indicator ledger: typed events (docs/spec.md §3–4), validated
 * atomic appends with the authorization policy (§5), the hash chain, the store port with an in-memory
 * store, and the indicator projections (§6–7).
 *
 * @packageDocumentation
 */
export * from './tlog/index.js';
export * from './time/index.js';
export * from './ids/index.js';
export * from './events/index.js';
export * from './record/index.js';
export * from './rules/index.js';
export * from './ledger/index.js';
export * from './store/index.js';
export * from './indicators/index.js';
export * from './projection/index.js';
export * from './audit/index.js';
export * from './bundle/index.js';
