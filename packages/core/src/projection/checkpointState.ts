import type { DistrictCode } from '../ids/districtCode.js';
import type { DistrictProjection } from './districtProjection.js';

/** The name projection checkpoints are saved under. */
export const PROJECTION_NAME = 'indicators';
/**
 * The version of the projection's state. Change it whenever the state's shape or meaning changes: a
 * checkpoint of another version is ignored and the projection is folded again from position 1.
 * Version 2: platform histories carry each event's category bits. Version 3: invention grants are summarised in blocks.
 */
export const PROJECTION_VERSION = '3';

const MAP_TAG = '$map';

/**
 * The projection's state as JSON. The state is plain data (arrays, numbers, strings, Maps), so Maps are
 * written as `{"$map": entries}` and the one non-finite number (position 0's recordedAt) is restored on
 * reading.
 */
export const encodeCheckpointState = (p: DistrictProjection): string =>
  JSON.stringify(p, (_key, value: unknown) => (value instanceof Map ? { [MAP_TAG]: [...value.entries()] } : value));

/** Reads a state written by {@link encodeCheckpointState}. */
export const decodeCheckpointState = (district: DistrictCode, text: string): DistrictProjection => {
  const p = JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && MAP_TAG in value ? new Map((value as Record<string, [unknown, unknown][]>)[MAP_TAG]) : value,
  ) as DistrictProjection;
  if (p.district !== district) throw new RangeError(`checkpoint is of district ${p.district}, not ${district}`);
  p.recordedAtMs[0] = Number.NEGATIVE_INFINITY;
  return p;
};
