export * from './streamFacts.js';
export * from './streamRules.js';
export * from './recognitionPeriod.js';
export * from './authorization.js';
export * from './admission.js';
