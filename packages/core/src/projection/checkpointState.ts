import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { checkpointedProjection, pathOfFirstError, projectionOfCheckpoint, structuralProblem } from './checkpointShape.js';
import type { DistrictProjection } from './districtProjection.js';

/** The name projection checkpoints are saved under. */
export const PROJECTION_NAME = 'indicators';
/**
 * The version of the projection's state. Change it whenever the state's shape or meaning changes: a
 * checkpoint of another version is ignored and the projection is folded again from position 1.
 * Version 2: platform histories carry each event's category bits. Version 3: invention grants are summarised in blocks.
 * Version 4: the state is sealed to the chain (record hash at its position, digest; docs/spec.md §8.4).
 * Version 5: the queries' scratch (countedInQuery, queryCounter) is no longer in the state text.
 * Version 6: no `positionOfEvent` map (the event-id column answers it from `eventIds`).
 */
export const PROJECTION_VERSION = '6';

const MAP_TAG = '$map';

/**
 * Fields of the fold tables that only the queries use (which query last counted an entity): scratch, not what
 * was folded, and no query writes them into the state (`withQueryScratch`). They are left out of the text.
 */
const SCRATCH_KEYS = new Set(['countedInQuery', 'queryCounter']);

/**
 * The projection's folded state as JSON. The state is plain data (arrays, numbers, strings, Maps), so Maps
 * are written as `{"$map": entries}`, and the one non-finite number (position 0's recordedAt) is restored on
 * reading. The queries' scratch is not written, so the same records always give the same text (docs/spec.md
 * §8.4 compares it).
 */
export const encodeCheckpointState = (p: DistrictProjection): string =>
  JSON.stringify(p, (key, value: unknown) => {
    if (SCRATCH_KEYS.has(key)) return undefined;
    return value instanceof Map ? { [MAP_TAG]: [...value.entries()] } : value;
  });

const isTaggedMap = (value: unknown): value is Record<typeof MAP_TAG, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && MAP_TAG in value;

/**
 * Reads a state written by {@link encodeCheckpointState}, checking it before a query may use it: JSON, the
 * shape of a district projection (io-ts: finite numbers, whole indexes and positions), of `district`, and
 * the structure a fold keeps (one entry per position in every per-position column, every index inside its
 * column, every chain ending; `structuralProblem`). The reason names what is wrong; nothing is cast unchecked.
 */
export const readCheckpointState = (district: DistrictCode, text: string): E.Either<string, DistrictProjection> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (!isTaggedMap(value)) return value;
      const entries = value[MAP_TAG];
      if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && e.length === 2)) throw new TypeError('a map is not a list of [key, value] pairs');
      return new Map(entries as [unknown, unknown][]);
    });
  } catch (error) {
    return E.left(`its state is not the JSON of a projection (${error instanceof Error ? error.message : String(error)})`);
  }
  const decoded = checkpointedProjection.decode(parsed);
  if (E.isLeft(decoded)) return E.left(`its state is not a projection: ${pathOfFirstError(decoded.left) || 'the top level'} has the wrong shape`);
  const p = decoded.right;
  if (p.district !== district) return E.left(`its state is of district ${p.district}, not ${district}`);
  const broken = structuralProblem(p);
  if (broken !== undefined) return E.left(broken);
  return E.right(projectionOfCheckpoint(district, p));
};

/** Reads a state written by {@link encodeCheckpointState}; throws `RangeError` with the reason when it is not one. */
export const decodeCheckpointState = (district: DistrictCode, text: string): DistrictProjection => {
  const read = readCheckpointState(district, text);
  if (E.isLeft(read)) throw new RangeError(`checkpoint: ${read.left}`);
  return read.right;
};
