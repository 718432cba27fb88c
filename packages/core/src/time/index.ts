export * from './civilDate.js';
export * from './instant.js';
