/**
 * Signing checkpoints of a district's stream, and the history of what the ledger signed (docs/audit.md §1). The
 * ledger signs only what it can stand behind: a stream whose chain verifies and whose tree extends every
 * tree it signed before. The history is kept through the store's CheckpointStore under
 * {@link CHECKPOINT_HISTORY_PROJECTION}: the latest signed note and every earlier one, oldest first.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventStore } from '../store/port.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import type { ChainFailure } from './chainVerification.js';
import { checkpointOrigin, parseCheckpoint, signCheckpoint, type Checkpoint } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistencyProof.js';
import { consistencyProofCollector } from '../tlog/rangeRoots.js';
import type { NoteSigner } from '../tlog/signedNote.js';
import { auditStoredStream, type AdmissionFailure } from './streamAudit.js';

/** Name under which the history of signed checkpoints is kept in the store's CheckpointStore. */
export const CHECKPOINT_HISTORY_PROJECTION = 'audit-checkpoint';
const CHECKPOINT_HISTORY_VERSION = '1';

/** Options of {@link checkpoint}. */
export interface CheckpointOptions {
  /** Names the ledger in the origin line, `<ledgerName>/<district>` (URL path segments, see `checkpointOrigin`). */
  readonly ledgerName: string;
  /** Who may record what, as the ledger was configured (default: docs/spec.md §5's `defaultPolicy`, as the ledger's). */
  readonly policy?: AuthorizationPolicy;
}

/** Why the ledger refused to sign a checkpoint. */
export type CheckpointRefusal =
  | { readonly kind: 'no-checkpoint-store'; readonly reason: string }
  | { readonly kind: 'chain-broken'; readonly failure: ChainFailure; readonly reason: string }
  /** A record the ledger's rules or policy should have refused (written around the ledger), docs/spec.md §8.3. */
  | { readonly kind: 'inadmissible'; readonly failure: AdmissionFailure; readonly reason: string }
  | { readonly kind: 'origin-changed'; readonly reason: string }
  | { readonly kind: 'shrunk'; readonly previousSize: number; readonly size: number; readonly reason: string }
  | { readonly kind: 'inconsistent'; readonly previousSize: number; readonly size: number; readonly reason: string }
  /** Other signers kept changing the history between this one's read and its save, more times than it retries. */
  | { readonly kind: 'contended'; readonly attempts: number; readonly reason: string };

/**
 * Outcome of {@link checkpoint}: the signed note, the checkpoint in it, the previous signed checkpoint
 * (or null) and the consistency proof from it; or the refusal.
 */
export type CheckpointOutcome = E.Either<CheckpointRefusal, SignedCheckpoint>;

/** A checkpoint the ledger signed: the note, the checkpoint in it, the previous one (or null) and the consistency proof from it. */
export interface SignedCheckpoint {
  readonly note: string;
  readonly checkpoint: Checkpoint;
  readonly previous: Checkpoint | null;
  readonly consistencyProof: readonly Uint8Array[];
}

/**
 * The checkpoint in a note this ledger signed itself, read without checking the signature: the history is
 * the ledger's own record, and its key may have been rotated since. Auditors open notes with the key.
 */
export const checkpointOfNote = (note: string): Checkpoint => {
  const end = note.indexOf('\n\n');
  const parsed = parseCheckpoint(end < 0 ? note : note.slice(0, end + 1));
  if (E.isLeft(parsed)) throw new TypeError(`a signed checkpoint in the history is not readable: ${parsed.left.reason}`);
  return parsed.right;
};

/** The saved history: its state as stored (for the compare-and-set) and its notes, oldest first. */
const savedHistory = async (store: EventStore, district: DistrictCode): Promise<{ readonly state: string | undefined; readonly notes: string[] }> => {
  const saved = await store.checkpoints?.loadCheckpoint(district, CHECKPOINT_HISTORY_PROJECTION);
  if (saved === undefined) return { state: undefined, notes: [] };
  const state: unknown = JSON.parse(saved.state);
  const notes = (state as { notes?: unknown }).notes;
  if (!Array.isArray(notes) || !notes.every((n) => typeof n === 'string')) throw new TypeError('checkpoint history state is not {notes: [...]}');
  return { state: saved.state, notes };
};

/** Every checkpoint note the ledger signed for `district`, oldest first (none without a CheckpointStore). */
export const signedCheckpoints = async (store: EventStore, district: DistrictCode): Promise<string[]> => (await savedHistory(store, district)).notes;

/**
 * How many times {@link checkpoint} signs again after another signer changed the history first. Each
 * attempt re-reads the history, so it loses only to a signer that saved in the meantime.
 */
const SIGNING_ATTEMPTS = 8;

const refuse = (refusal: CheckpointRefusal): CheckpointOutcome => E.left(refusal);

/**
 * Signs a checkpoint of `district`'s stream up to its current head and adds it to the history.
 *
 * One pass over the records verifies the chain, builds the Merkle root (RFC 6962 leaves of the record
 * hashes) and collects the consistency proof from the last signed checkpoint, which must then verify
 * against the two roots. Refuses — signing nothing — when the chain is broken, a record is one the
 * ledger's rules or `options.policy` should have refused (docs/spec.md §8.3), the stream is smaller
 * than at the last checkpoint, the proof fails (history was rewritten), or the origin would change.
 * When nothing was appended since the last checkpoint, returns that note again. O(n) time, O(log n) memory.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { checkpoint } from '@indicator-ledger/core';
 *
 * const signed = await checkpoint(store, district, { keyName: 'indicator-ledger', privateKey }, { ledgerName: 'indicator-ledger' });
 * if (E.isLeft(signed)) throw new Error(`refused (${signed.left.kind}): ${signed.left.reason}`);
 * publish(signed.right.note);
 * ```
 */
export const checkpoint = async (store: EventStore, district: DistrictCode, signer: NoteSigner, options: CheckpointOptions): Promise<CheckpointOutcome> => {
  const checkpoints = store.checkpoints;
  if (checkpoints === undefined) {
    return refuse({ kind: 'no-checkpoint-store', reason: 'the store keeps no checkpoints, so the ledger could not remember what it signed' });
  }
  for (let attempt = 1; attempt <= SIGNING_ATTEMPTS; attempt++) {
    const outcome = await signOnce(store, checkpoints, district, signer, options);
    if (outcome !== 'history-changed') return outcome;
  }
  return refuse({ kind: 'contended', attempts: SIGNING_ATTEMPTS, reason: `other signers changed the history of signed checkpoints ${SIGNING_ATTEMPTS} times while this one signed; try again` });
};

/** One read-sign-save of {@link checkpoint}; `history-changed` when another signer saved first (nothing saved). */
const signOnce = async (
  store: EventStore,
  checkpoints: NonNullable<EventStore['checkpoints']>,
  district: DistrictCode,
  signer: NoteSigner,
  options: CheckpointOptions,
): Promise<CheckpointOutcome | 'history-changed'> => {
  const origin = checkpointOrigin(options.ledgerName, district);
  const { state: savedState, notes: history } = await savedHistory(store, district);
  const lastNote = history[history.length - 1];
  const previous = lastNote === undefined ? null : checkpointOfNote(lastNote);
  if (previous !== null && previous.origin !== origin) {
    return refuse({ kind: 'origin-changed', reason: `the last checkpoint names ${previous.origin}; a checkpoint of ${origin} would start another log` });
  }
  const head = await store.head(district);
  if (previous !== null && previous.size > head.position) {
    return refuse({
      kind: 'shrunk',
      previousSize: previous.size,
      size: head.position,
      reason: `the stream holds ${head.position} records, fewer than the ${previous.size} of the last signed checkpoint`,
    });
  }
  const proof = consistencyProofCollector(previous?.size ?? 0, head.position);
  const { audit, tree } = await auditStoredStream(store, district, { policy: options.policy, to: head.position, onLeaf: (leaf) => proof.append(leaf) });
  if (E.isLeft(audit)) {
    const failure = audit.left;
    const reason = `position ${failure.position}: ${failure.reason}`;
    return refuse(failure.problem === 'rule-violation' ? { kind: 'inadmissible', failure, reason } : { kind: 'chain-broken', failure, reason });
  }
  const chain = audit.right;
  if (chain.size !== head.position) {
    const failure: ChainFailure = { position: chain.size + 1, problem: 'position-gap', reason: `the store's head is ${head.position}, but its records end at ${chain.size}` };
    return refuse({ kind: 'chain-broken', failure, reason: failure.reason });
  }
  const current: Checkpoint = { origin, size: chain.size, root: tree.root() };
  const consistencyProof = proof.roots();
  if (previous !== null) {
    const consistent = verifyConsistency({ size1: previous.size, size2: current.size, root1: previous.root, root2: current.root, proof: consistencyProof });
    if (E.isLeft(consistent)) {
      return refuse({
        kind: 'inconsistent',
        previousSize: previous.size,
        size: current.size,
        reason: `the stream is not an extension of the last signed checkpoint (size ${previous.size}): ${consistent.left.reason}`,
      });
    }
    if (previous.size === current.size && lastNote !== undefined) return E.right({ note: lastNote, checkpoint: previous, previous, consistencyProof });
  }
  const note = signCheckpoint(current, signer);
  const saved = {
    stream: district,
    projection: CHECKPOINT_HISTORY_PROJECTION,
    version: CHECKPOINT_HISTORY_VERSION,
    position: current.size,
    state: JSON.stringify({ notes: [...history, note] }),
  };
  if (checkpoints.replaceCheckpoint === undefined) await checkpoints.saveCheckpoint(saved);
  else if (!(await checkpoints.replaceCheckpoint(saved, savedState))) return 'history-changed';
  return E.right({ note, checkpoint: current, previous, consistencyProof });
};
