/**
 * Projection checkpoints bound to the chain (docs/spec.md §8.4). A saved state is a cache of what the records
 * fold to, kept beside the stream where anyone with write access to the store can edit it; so it is never
 * trusted as it is. Its text is a header line — the `hash` of the record at the checkpoint's position and the
 * SHA-256 `digest` of the state — followed by the state of `checkpointState.ts`. Loading checks the header
 * against the stream and the state's shape; `verifyProjectionCheckpoints` also folds the records again and
 * compares, which no edit of the table can get past.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { Sha256Hex } from '../record/record.js';
import type { EventStore, ProjectionCheckpoint } from '../store/port.js';
import { sealState, unboundReason, unsealState } from '../store/sealedCheckpoint.js';
import type { SealedCheckpointProblem } from '../store/sealedCheckpoint.js';
import { encodeCheckpointState, PROJECTION_NAME, PROJECTION_VERSION, readCheckpointState } from './checkpointState.js';
import { applyRecord, emptyDistrictProjection, type DistrictProjection } from './districtProjection.js';

/** A projection checkpoint that may not be used, or could not be saved (`onCheckpointNotSaved`), and why. */
export type ProjectionCheckpointProblem = SealedCheckpointProblem;

/** `p` as the checkpoint to save, bound to `hash`, the hash of the record at `p.position`. */
export const sealProjectionCheckpoint = (p: DistrictProjection, hash: Sha256Hex): ProjectionCheckpoint =>
  sealState({ stream: p.district, projection: PROJECTION_NAME, version: PROJECTION_VERSION, position: p.position, hash, state: encodeCheckpointState(p) });

/**
 * A sealed checkpoint's state and the record hash it is bound to, once its state is shown intact and of a
 * projection's shape at its position — pure; whether the stream has that hash there is the caller's check
 * (the projections make it on the record they fold next, so resuming reads nothing twice).
 */
export const unsealProjectionCheckpoint = (district: DistrictCode, saved: ProjectionCheckpoint): E.Either<string, { readonly projection: DistrictProjection; readonly hash: Sha256Hex }> => {
  const sealed = unsealState(district, PROJECTION_NAME, saved);
  if (E.isLeft(sealed)) return sealed;
  const { position, hash, state } = sealed.right;
  const p = readCheckpointState(district, state);
  if (E.isLeft(p)) return p;
  if (p.right.position !== position) return E.left(`its state is at position ${p.right.position}, not at the checkpoint's ${position}`);
  return E.right({ projection: p.right, hash });
};

/**
 * The state of a checkpoint of the current version, once it is shown to belong to this stream and to be
 * intact: the record at its position has the hash it was sealed with, its state has its digest, and the
 * state has a projection's shape at that position. Cost: one record read and one pass over the state text.
 */
export const openProjectionCheckpoint = async (store: EventStore, district: DistrictCode, saved: ProjectionCheckpoint): Promise<E.Either<string, DistrictProjection>> => {
  const opened = unsealProjectionCheckpoint(district, saved);
  if (E.isLeft(opened)) return opened;
  const unbound = await unboundReason(store, district, saved.position, opened.right.hash);
  return unbound === undefined ? E.right(opened.right.projection) : E.left(unbound);
};

/** The projection of records 1..`position`, folded from the store. */
const foldTo = async (store: EventStore, district: DistrictCode, position: number): Promise<DistrictProjection> => {
  const p = emptyDistrictProjection(district);
  if (position === 0) return p;
  for await (const page of store.readPages(district, { from: 1, to: position })) for (const r of page) applyRecord(p, r);
  return p;
};

/**
 * Checks the district's stored projection checkpoint (docs/spec.md §8.4): that it opens (bound to this stream,
 * intact, of a projection's shape) and that its state is exactly what records 1..position fold to — so that
 * a state forged with a recomputed digest is found too. A checkpoint of another version is not used by
 * any query and is not checked. O(position) time. Returns the problems, none when the checkpoint is sound.
 */
export const verifyProjectionCheckpoints = async (store: EventStore, district: DistrictCode): Promise<ProjectionCheckpointProblem[]> => {
  const saved = await store.checkpoints?.loadCheckpoint(district, PROJECTION_NAME);
  if (saved === undefined || saved.version !== PROJECTION_VERSION) return [];
  const problem = (reason: string): ProjectionCheckpointProblem[] => [{ district, projection: PROJECTION_NAME, position: saved.position, reason }];
  const opened = await openProjectionCheckpoint(store, district, saved);
  if (E.isLeft(opened)) return problem(opened.left);
  const folded = await foldTo(store, district, saved.position);
  if (encodeCheckpointState(folded) !== encodeCheckpointState(opened.right)) {
    return problem(`its state is not what positions 1..${saved.position} fold to: it was forged or saved by a faulty fold`);
  }
  return [];
};
