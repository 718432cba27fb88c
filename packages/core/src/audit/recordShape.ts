/**
 * The shape of a stored record as the audit code receives it from a store or a bundle line, checked
 * before anything is hashed: a verifier reads input that may have been tampered with, and must name the
 * fault rather than throw on a missing field.
 */
import { isEventType } from '../events/catalog.js';
import { TOO_DEEP, nestedDeeperThan } from '../record/jsonNesting.js';
import { recordToJson, type StoredRecord } from '../record/record.js';
import { isSha256Hex } from './recordLeaf.js';

const REQUIRED_KEYS = ['position', 'eventId', 'type', 'district', 'effectiveDate', 'recordedAt', 'actor', 'schemaVersion', 'data', 'dataHash', 'prevHash', 'hash'];
const OPTIONAL_KEYS = ['source', 'redacted'];
const KNOWN_KEYS = new Set([...REQUIRED_KEYS, ...OPTIONAL_KEYS]);
const NORMALISED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CIVIL_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const DISTRICT_SHAPE = /^\d{6}$/;

const isPlainObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * What is wrong with the shape of `u` as a stored record, or `undefined` when it has exactly the fields of
 * one (docs/spec.md §3 envelope, position and hash chain), each of the right JSON type, nested at most
 * `MAX_JSON_NESTING` levels. Values are not re-validated beyond that: the hashes vouch for them.
 */
export const recordShapeProblem = (u: unknown): string | undefined => {
  if (!isPlainObject(u)) return 'is not a JSON object';
  // First: everything after this check (hashing, writing the line back, cloning) recurses (docs/spec.md §8.3).
  if (nestedDeeperThan(u)) return `is ${TOO_DEEP}`;
  for (const key of Object.keys(u)) if (!KNOWN_KEYS.has(key)) return `has an unknown field ${JSON.stringify(key)}`;
  for (const key of REQUIRED_KEYS) if (!(key in u)) return `lacks the field ${key}`;
  if (!Number.isSafeInteger(u.position) || (u.position as number) < 1) return 'position is not a whole number ≥ 1';
  if (typeof u.eventId !== 'string') return 'eventId is not a string';
  if (!isEventType(u.type)) return `type ${JSON.stringify(u.type)} is not an event type of docs/spec.md §4`;
  if (typeof u.district !== 'string' || !DISTRICT_SHAPE.test(u.district)) return 'district is not a 6-digit code';
  if (typeof u.effectiveDate !== 'string' || !CIVIL_DATE_SHAPE.test(u.effectiveDate)) return 'effectiveDate is not written YYYY-MM-DD';
  if (typeof u.recordedAt !== 'string' || !NORMALISED_INSTANT.test(u.recordedAt)) return 'recordedAt is not a normalised UTC instant';
  const actor = u.actor;
  if (!isPlainObject(actor) || Object.keys(actor).length !== 2 || typeof actor.unit !== 'string' || typeof actor.user !== 'string') {
    return 'actor is not {unit, user}';
  }
  if ('source' in u && typeof u.source !== 'string') return 'source is not a string';
  if (u.schemaVersion !== 1) return 'schemaVersion is not 1';
  if (!isPlainObject(u.data)) return 'data is not a JSON object';
  for (const key of ['dataHash', 'prevHash', 'hash'] as const) if (!isSha256Hex(u[key])) return `${key} is not 64 lower-case hex digits`;
  if ('redacted' in u && u.redacted !== true) return 'redacted is present but not true';
  return undefined;
};

/**
 * The one line a bundle holds for `record`: the JSON of {@link recordToJson}, as the store gives it. A
 * line that parses to the same record but is written differently (escapes, spacing, key order) is not it.
 */
export const recordLine = (record: StoredRecord): string => JSON.stringify(recordToJson(record));
