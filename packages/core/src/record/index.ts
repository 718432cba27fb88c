export * from './record.js';
export * from './jsonNesting.js';
