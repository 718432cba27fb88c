export * from './vocabulary.js';
export * from './catalog.js';
export * from './envelope.js';
export * from './problem.js';
export { describeValue } from './codecs.js';
export { InexactNumber, readJsonLine } from './jsonLine.js';
export type { JsonLineReading, RepeatedKey } from './jsonLine.js';
export { escapeControlCharacters, findControlCharacter } from './controlCharacters.js';
export type { ControlCharacter } from './controlCharacters.js';
