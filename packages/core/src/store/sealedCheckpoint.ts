/**
 * Saved states sealed to the chain (docs/spec.md §8.4): the projection checkpoints and the ledger's stream
 * facts are caches of what the records fold to, kept beside the stream where anyone with write access to the
 * store can edit them, so neither is trusted as it is. A sealed state's text is a header line — the `hash` of
 * the record at the checkpoint's position and the SHA-256 `digest` of the state — followed by the state. This
 * module seals and unseals that text and finds the hash a stream has at a position; what the state means is
 * its owner's to decode.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts/lib/index.js';
import { wholeNumberWhere } from '../events/codecs.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { sha256Hex, type Sha256Hex } from '../record/record.js';
import type { EventStore, ProjectionCheckpoint } from './port.js';

/** A saved checkpoint that may not be used, or could not be saved, and why. */
export interface SealedCheckpointProblem {
  readonly district: DistrictCode;
  readonly projection: string;
  readonly position: number;
  readonly reason: string;
}

const sha256: t.Type<Sha256Hex, string, unknown> = new t.Type<Sha256Hex, string, unknown>(
  'Sha256Hex',
  (u): u is Sha256Hex => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) => (typeof u === 'string' && /^[0-9a-f]{64}$/.test(u) ? t.success(u as Sha256Hex) : t.failure(u, c)),
  t.identity,
);

const position = wholeNumberWhere('Position', 'a whole number, 0 or more', (n) => n >= 0);

/** The header line of a sealed checkpoint: the record hash it is bound to and the digest of its state text. */
const checkpointHeader = t.type({ hash: sha256, digest: sha256 });

/** A checkpoint as a store gives it back (docs/spec.md §8.4): a store's row is as open to edits as its state. */
const storedCheckpoint = t.type({ stream: t.string, projection: t.string, version: t.string, position, state: t.string });

/** Where in the decoded value the first problem io-ts found is, e.g. `funds.byYear`. */
export const pathOfFirstError = (errors: t.Errors): string =>
  errors[0]?.context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.') ?? '';

/**
 * The hash of the record at `position` of the stream (the genesis hash at 0), or `undefined` when the stream
 * is shorter. Read without reading that record: the head's hash when `position` is the head, else the next
 * record's `prevHash` (which the chain check of `verify` ties to it) — so that a fold resuming from a
 * checkpoint at `position` reads nothing before `position + 1`.
 */
export const recordHashAt = async (store: EventStore, district: DistrictCode, position: number): Promise<Sha256Hex | undefined> => {
  const head = await store.head(district);
  if (position === head.position) return head.hash;
  if (position > head.position) return undefined;
  for await (const r of store.read(district, { from: position + 1, to: position + 1 })) if (r.position === position + 1) return r.prevHash;
  return undefined;
};

/** Why a checkpoint sealed to `hash` does not belong to a stream whose record at `position` has hash `actual`. */
export const unboundProblem = (hash: Sha256Hex, actual: Sha256Hex, position: number): string =>
  `it is bound to record hash ${hash}, but the record at position ${position} has hash ${actual}: it was not saved from this stream`;

/** Why a checkpoint at `position` does not belong to a stream that ends before it. */
export const beyondHeadProblem = (position: number): string => `the stream has no record at its position ${position}`;

/**
 * Why a checkpoint at `position`, sealed to the record hash `hash`, does not belong to the stream, or
 * `undefined` when the stream has that hash there: one head read and at most one record read ({@link recordHashAt}).
 */
export const unboundReason = async (store: EventStore, district: DistrictCode, position: number, hash: Sha256Hex): Promise<string | undefined> => {
  const actual = await recordHashAt(store, district, position);
  if (actual === undefined) return beyondHeadProblem(position);
  return actual === hash ? undefined : unboundProblem(hash, actual, position);
};

/** What to seal: a state text of `projection` (at `version`) of `stream` at `position`, where the record has `hash`. */
export interface StateToSeal {
  readonly stream: DistrictCode;
  readonly projection: string;
  readonly version: string;
  readonly position: number;
  readonly hash: Sha256Hex;
  readonly state: string;
}

/** The checkpoint to save: `state` behind its header line. */
export const sealState = (s: StateToSeal): ProjectionCheckpoint => ({
  stream: s.stream,
  projection: s.projection,
  version: s.version,
  position: s.position,
  state: `${JSON.stringify({ hash: s.hash, digest: sha256Hex(s.state) })}\n${s.state}`,
});

/** A sealed checkpoint opened: its position, the record hash it is bound to, and its state text, shown intact. */
export interface UnsealedState {
  readonly position: number;
  readonly hash: Sha256Hex;
  readonly state: string;
}

/**
 * The header and state text of a checkpoint of `projection` of `district`, once the state is shown to have the
 * digest it was sealed with — or why it is not one. Pure: whether the stream has the header's hash at the
 * checkpoint's position is the caller's check. The store's row is decoded first (io-ts): its fields are as
 * open to edits as its state, and a state that is not text must not throw.
 */
export const unsealState = (district: DistrictCode, projection: string, stored: unknown): E.Either<string, UnsealedState> => {
  const row = storedCheckpoint.decode(stored);
  if (E.isLeft(row)) return E.left(`the stored checkpoint is not one: its ${pathOfFirstError(row.left) || 'row'} has the wrong shape`);
  const saved = row.right;
  if (saved.stream !== district || saved.projection !== projection) return E.left(`it is saved as ${saved.projection} of ${saved.stream}, not ${projection} of ${district}`);
  const newline = saved.state.indexOf('\n');
  let header: unknown;
  try {
    header = JSON.parse(newline < 0 ? saved.state : saved.state.slice(0, newline));
  } catch {
    return E.left('its header line is not JSON');
  }
  const decoded = checkpointHeader.decode(header);
  if (newline < 0 || E.isLeft(decoded)) return E.left('it does not begin with a header {hash, digest} of SHA-256 digests');
  const state = saved.state.slice(newline + 1);
  if (sha256Hex(state) !== decoded.right.digest) return E.left('its state does not have the digest it was saved with: the state was changed after it was saved');
  return E.right({ position: saved.position, hash: decoded.right.hash, state });
};
