export * from './record.js';
export * from './ledger.js';
