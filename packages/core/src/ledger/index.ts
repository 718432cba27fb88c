export * from './record.js';
export * from './ledger.js';
export * from './jsonNesting.js';
