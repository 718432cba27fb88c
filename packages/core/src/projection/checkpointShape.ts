/**
 * The shape of a {@link DistrictProjection} read back from a checkpoint, as io-ts codecs: what a state
 * must be before a query may use it (docs/spec.md §8.4). Shape only — whether the state is what the records
 * fold to is for `verifyProjectionCheckpoints` to tell.
 */
import * as t from 'io-ts/lib/index.js';
import { EVENT_TYPES } from '../events/catalog.js';
import { COMPARATORS, LEVELS, PLATFORM_KINDS } from '../events/vocabulary.js';

/** A `Map` whose keys and values have the given codecs (checkpoint JSON revives maps before decoding). */
const mapOf = <K extends t.Mixed, V extends t.Mixed>(keys: K, values: V): t.Type<Map<t.TypeOf<K>, t.TypeOf<V>>, Map<t.TypeOf<K>, t.TypeOf<V>>, unknown> => {
  const is = (u: unknown): u is Map<t.TypeOf<K>, t.TypeOf<V>> => u instanceof Map && [...u].every(([k, v]) => keys.is(k) && values.is(v));
  return new t.Type(`Map<${keys.name}, ${values.name}>`, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);
};

const oneOf = <T extends string>(name: string, values: readonly T[]): t.Type<T, T, unknown> =>
  new t.Type<T, T, unknown>(name, (u): u is T => typeof u === 'string' && (values as readonly string[]).includes(u), (u, c) => ((values as readonly unknown[]).includes(u) ? t.success(u as T) : t.failure(u, c)), t.identity);

const numbers = t.array(t.number);

const recognitionTable = t.type({
  entityIndex: mapOf(t.string, t.number),
  entityIds: t.array(t.string),
  rowEntity: numbers,
  rowFrom: numbers,
  rowUntil: numbers,
  rowPosition: numbers,
  bucketsByFromYear: mapOf(t.number, numbers),
  maxSpanYears: t.number,
  revocationHead: numbers,
  revocationNext: numbers,
  revocationDecided: numbers,
  revokedFrom: numbers,
  revocationPosition: numbers,
  countedInQuery: numbers,
  queryCounter: t.number,
});

const flowTable = t.type({
  byYear: mapOf(t.number, t.type({ date: numbers, position: numbers, amount: numbers, key: t.array(t.string) })),
  countedInQuery: mapOf(t.string, t.number),
  queryCounter: t.number,
});

const patentTable = t.type({
  index: mapOf(t.string, t.number),
  patentNos: t.array(t.string),
  rowPatent: numbers,
  rowGranted: numbers,
  rowTermEnd: numbers,
  rowPosition: numbers,
  lapseHead: numbers,
  lapseNext: numbers,
  lapseDate: numbers,
  lapsePosition: numbers,
  countedInQuery: numbers,
  queryCounter: t.number,
  blockSize: t.number,
  blockGranted: t.array(numbers),
  blockTermEnd: t.array(numbers),
  blockDirty: t.array(t.boolean),
  blockLapsedRows: t.array(numbers),
  patentFirstRow: numbers,
});

const certification = t.type({ kind: oneOf('PlatformKind', Object.keys(PLATFORM_KINDS)), level: oneOf('Level', LEVELS) });

const platformTable = t.type({
  index: mapOf(t.string, t.number),
  histories: t.array(t.type({ platformId: t.string, date: numbers, position: numbers, certification: t.array(t.union([certification, t.null])), category: numbers })),
});

const reportTable = <V extends t.Mixed>(value: V) => t.type({ byKey: mapOf(t.string, t.type({ position: numbers, value: t.array(value) })) });

const eventType = oneOf('EventType', EVENT_TYPES);

/**
 * A district projection as JSON gives it back: position 0's recordedAt (−∞) and type (none) read as `null`.
 */
export const checkpointedProjection = t.type({
  district: t.string,
  position: t.number,
  recordedAtMs: t.array(t.union([t.number, t.null])),
  retractedAt: numbers,
  eventIds: t.array(t.string),
  types: t.array(t.union([eventType, t.null])),
  positionOfEvent: mapOf(t.string, t.number),
  positionsByType: mapOf(eventType, numbers),
  highTech: recognitionTable,
  techSme: recognitionTable,
  platforms: platformTable,
  funds: flowTable,
  projects: flowTable,
  commissioners: flowTable,
  patents: patentTable,
  statistics: reportTable(t.number),
  targets: reportTable(t.type({ comparator: oneOf('Comparator', COMPARATORS), value: t.number })),
});

/** Where in the state the first problem io-ts found is, e.g. `funds.byYear`. */
export const pathOfFirstError = (errors: t.Errors): string =>
  errors[0]?.context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.') ?? '';
