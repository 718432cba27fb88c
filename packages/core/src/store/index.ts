export * from './port.js';
export * from './memoryStore.js';
