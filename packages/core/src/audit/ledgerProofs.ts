/**
 * Merkle proofs about a district's stream, generated from the store, and their offline verification
 * against signed checkpoints with nothing but the proof, the note(s) and the ledger's public key (docs/audit.md §4, steps 8 and 10).
 * Positions are 1-based as in docs/spec.md §2; the tree's leaf index of position p is p − 1.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { dataHashOf, recordHashOf, type StoredRecord } from '../record/record.js';
import type { EventStore } from '../store/port.js';
import { bytesEqual, fromBase64, toBase64 } from '../tlog/bytes.js';
import type { Checkpoint, CheckpointResult } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistencyProof.js';
import { verifyInclusion } from '../tlog/inclusionProof.js';
import { loadRedactions } from './ledgerRedaction.js';
import { HASH_SIZE, isTreeSize, leafHash } from '../tlog/merkle.js';
import { noteVerifierOf, openCheckpointWith, type VerifierKey } from '../tlog/openCheckpoint.js';
import { consistencyProofCollector, inclusionProofCollector, type RangeRoots } from '../tlog/rangeRoots.js';
import { isSha256Hex, recordLeafHash } from './recordLeaf.js';
import { recordShapeProblem } from './recordShape.js';
import { openRedactionLog, redactedDataProblem, redactionsByPosition, signRedactionLog } from './redaction.js';
import type { NoteSigner } from '../tlog/signedNote.js';
import { reject, rejectionIn, type Rejection, type Verification } from '../tlog/verification.js';

/** That the record at leaf `index` (position index + 1) is in the tree of `size` leaves: its leaf hash and audit path. */
export interface InclusionEvidence {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/** Two signed checkpoints of one log, the newer proven to extend the older. */
export interface ExtendedCheckpoint {
  readonly old: Checkpoint;
  readonly new: Checkpoint;
}

/** That the tree of `size2` leaves extends the tree of `size1` leaves. */
export interface ConsistencyEvidence {
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly Uint8Array[];
}

// Feeds positions 1..size to the collector, refusing a store that skips or repeats a position.
const streamLeaves = async (store: EventStore, district: DistrictCode, size: number, each: (leaf: Uint8Array, position: number) => void): Promise<void> => {
  let expected = 1;
  for await (const page of store.readPages(district, { to: size })) {
    for (const record of page) {
      if (record.position !== expected) throw new Error(`the store gave position ${record.position} where ${expected} was expected`);
      each(recordLeafHash(record.hash), expected);
      expected += 1;
    }
  }
  if (expected !== size + 1) throw new Error(`the store gave ${expected - 1} records, ${size} were expected`);
};

const requireSize = async (store: EventStore, district: DistrictCode, size: number): Promise<void> => {
  const head = await store.head(district);
  if (!isTreeSize(size) || size > head.position) throw new RangeError(`size ${size} is not a size the stream has had (its head is ${head.position})`);
};

/**
 * The inclusion proof of `position` in the checkpoint of `checkpointSize` records. One pass over positions
 * 1..checkpointSize, O(log n) memory. Throws `RangeError` unless 1 ≤ position ≤ checkpointSize ≤ head.
 */
export const proveInclusion = async (store: EventStore, district: DistrictCode, position: number, checkpointSize: number): Promise<InclusionEvidence> => {
  await requireSize(store, district, checkpointSize);
  if (!Number.isSafeInteger(position) || position < 1 || position > checkpointSize) {
    throw new RangeError(`position ${position} is not inside a checkpoint of ${checkpointSize} records`);
  }
  const collector: RangeRoots = inclusionProofCollector(position - 1, checkpointSize);
  let leaf: Uint8Array | undefined;
  await streamLeaves(store, district, checkpointSize, (hash, at) => {
    collector.append(hash);
    if (at === position) leaf = hash;
  });
  return { index: position - 1, size: checkpointSize, leafHash: leaf as Uint8Array, proof: collector.roots() };
};

/**
 * The consistency proof from the checkpoint of `size1` records to that of `size2`. One pass over positions
 * 1..size2, O(log n) memory. Throws `RangeError` unless 0 ≤ size1 ≤ size2 ≤ head.
 */
export const proveConsistency = async (store: EventStore, district: DistrictCode, size1: number, size2: number): Promise<ConsistencyEvidence> => {
  await requireSize(store, district, size2);
  if (!isTreeSize(size1) || size1 > size2) throw new RangeError(`size1 ${size1} is not between 0 and size2 ${size2}`);
  const collector = consistencyProofCollector(size1, size2);
  await streamLeaves(store, district, size2, (hash) => collector.append(hash));
  return { size1, size2, proof: collector.roots() };
};

/** What an inclusion proof is about: a stored record (re-hashed here), or a record `hash` as hex or 32 bytes. */
export type RecordOrHash = StoredRecord | string | Uint8Array;

// Hashing input that may be anything a forger wrote: a value with no JSON form is a reason, not a throw.
const digestOrReason = (digest: () => string, what: string): E.Either<Rejection, string> => {
  try {
    return E.right(digest());
  } catch {
    return reject(`${what} has no canonical JSON form`);
  }
};

/** What vouches for a redacted record's data: the redaction log the ledger signed, opened for the checkpoint's log. */
interface RedactionWitness {
  readonly redactionLog: string | undefined;
  readonly verifierKey: VerifierKey;
  readonly origin: string;
}

// The data of a record marked redacted no longer hashes to `dataHash`; only a redaction the ledger signed
// for this very record (position, eventId, hash, dataHash) and this log (the checkpoint's origin) can
// vouch for what it reads now. The flag alone proves nothing (docs/spec.md §8.3).
const redactionProblem = (record: StoredRecord, witness: RedactionWitness): string | undefined => {
  if (witness.redactionLog === undefined) return `record ${record.position} is marked redacted, but no redaction of it signed by the ledger comes with the proof`;
  const verifier = noteVerifierOf(witness.verifierKey);
  if (E.isLeft(verifier)) return verifier.left.reason;
  const log = openRedactionLog(witness.redactionLog, verifier.right, witness.origin);
  if (E.isLeft(log)) return `redaction log: ${log.left.reason}`;
  const problem = redactedDataProblem(record, redactionsByPosition(log.right).get(record.position));
  return problem === undefined ? undefined : `record ${record.position}: ${problem}`;
};

// The record's own leaf, after checking the record hashes to its hash and its data to its dataHash, or —
// for a record marked redacted — to what the signed redaction left.
const leafOf = (subject: RecordOrHash, witness: RedactionWitness): E.Either<Rejection, Uint8Array> => {
  if (subject instanceof Uint8Array) {
    return subject.length === HASH_SIZE ? E.right(leafHash(subject)) : reject(`record hash is ${subject.length} bytes, not ${HASH_SIZE}`);
  }
  if (typeof subject === 'string') return isSha256Hex(subject) ? E.right(recordLeafHash(subject)) : reject('record hash is not 64 lower-case hex digits');
  const shape = recordShapeProblem(subject);
  if (shape !== undefined) return reject(`record ${shape}`);
  const hash = digestOrReason(() => recordHashOf(subject), `record ${subject.position}`);
  if (E.isLeft(hash)) return hash;
  if (hash.right !== subject.hash) return reject(`record ${subject.position}'s fields do not hash to its hash`);
  if (subject.redacted === true) {
    const problem = redactionProblem(subject, witness);
    if (problem !== undefined) return reject(problem);
  } else {
    const data = digestOrReason(() => dataHashOf(subject.data), `record ${subject.position}'s data`);
    if (E.isLeft(data)) return data;
    if (data.right !== subject.dataHash) return reject(`record ${subject.position}'s data does not hash to its dataHash`);
  }
  return E.right(recordLeafHash(subject.hash));
};

/** What else an inclusion proof may carry. */
export interface InclusionProofOptions {
  /**
   * The redaction log signed by the ledger's key (see {@link redactionProof}): required to prove a record
   * marked `redacted`, whose data the chain no longer vouches for. Opened with the same key as the
   * checkpoint, for the checkpoint's log (origin).
   */
  readonly redactionLog?: string;
}

/**
 * The evidence that the record at `position` was redacted by the ledger: its latest logged redaction,
 * signed by `signer` as a redaction log of `origin` (the checkpoint's origin line). `undefined` when the
 * record was never redacted, so its data needs no evidence beyond the chain.
 */
export const redactionProof = async (store: EventStore, district: DistrictCode, position: number, origin: string, signer: NoteSigner): Promise<string | undefined> => {
  const entry = redactionsByPosition(await loadRedactions(store, district)).get(position);
  return entry === undefined ? undefined : signRedactionLog(origin, [entry], signer);
};

/**
 * Checks offline that a record is in a signed checkpoint: the note must open with `verifierKey`, the proof
 * must be for the checkpoint's size (and, given a record, for its position), its leaf hash must be the
 * record's, and the audit path must lead to the checkpoint's root. A record's data must hash to its
 * `dataHash`; a record marked `redacted` is proven only with `options.redactionLog`, a redaction of this
 * very record signed by the same key (docs/spec.md §8.3). Returns the checkpoint, whose origin
 * the caller compares with the ledger and district it expects.
 */
export const verifyInclusionAgainstCheckpoint = (
  note: string,
  verifierKey: VerifierKey,
  subject: RecordOrHash,
  evidence: InclusionEvidence,
  options: InclusionProofOptions = {},
): CheckpointResult => {
  const opened = openCheckpointWith(note, verifierKey);
  if (E.isLeft(opened)) return opened;
  const checkpoint = opened.right;
  if (evidence.size !== checkpoint.size) return reject(`proof is for a tree of ${evidence.size} records, the checkpoint has ${checkpoint.size}`);
  const leaf = leafOf(subject, { redactionLog: options.redactionLog, verifierKey, origin: checkpoint.origin });
  if (E.isLeft(leaf)) return leaf;
  if (!(subject instanceof Uint8Array) && typeof subject !== 'string' && subject.position !== evidence.index + 1) {
    return reject(`proof is for position ${evidence.index + 1}, the record is at position ${subject.position}`);
  }
  if (!bytesEqual(leaf.right, evidence.leafHash)) return reject("proof's leaf hash is not the record's");
  const included = verifyInclusion({ index: evidence.index, size: checkpoint.size, leafHash: leaf.right, proof: evidence.proof, root: checkpoint.root });
  return E.isRight(included) ? opened : included;
};

/**
 * Checks offline that the checkpoint in `newNote` extends the one in `oldNote`: both must open with
 * `verifierKey` and name the same log, and the proof must be for their sizes and rebuild both roots.
 */
export const verifyConsistencyAgainstCheckpoints = (
  oldNote: string,
  newNote: string,
  verifierKey: VerifierKey,
  evidence: ConsistencyEvidence,
): E.Either<Rejection, ExtendedCheckpoint> => {
  const opened = rejectionIn('old checkpoint: ', openCheckpointWith(oldNote, verifierKey));
  if (E.isLeft(opened)) return opened;
  const reopened = rejectionIn('new checkpoint: ', openCheckpointWith(newNote, verifierKey));
  if (E.isLeft(reopened)) return reopened;
  const [older, newer] = [opened.right, reopened.right];
  if (older.origin !== newer.origin) return reject(`the checkpoints are of different logs: ${older.origin} and ${newer.origin}`);
  if (evidence.size1 !== older.size || evidence.size2 !== newer.size) {
    return reject(`proof is from size ${evidence.size1} to ${evidence.size2}, the checkpoints have ${older.size} and ${newer.size}`);
  }
  const consistent: Verification = verifyConsistency({ size1: older.size, size2: newer.size, root1: older.root, root2: newer.root, proof: evidence.proof });
  return E.map(() => ({ old: older, new: newer }))(consistent);
};

/** The JSON form of an inclusion proof, hashes in base64, as a bundle or an auditor's request carries it. */
export const inclusionEvidenceToJson = (e: InclusionEvidence): { index: number; size: number; leafHash: string; proof: string[] } => ({
  index: e.index,
  size: e.size,
  leafHash: toBase64(e.leafHash),
  proof: e.proof.map(toBase64),
});

/** The JSON form of a consistency proof, hashes in base64. */
export const consistencyEvidenceToJson = (e: ConsistencyEvidence): { size1: number; size2: number; proof: string[] } => ({
  size1: e.size1,
  size2: e.size2,
  proof: e.proof.map(toBase64),
});

const base64List = (u: unknown): Uint8Array[] | undefined => {
  if (!Array.isArray(u)) return undefined;
  const hashes = u.map((h) => (typeof h === 'string' ? fromBase64(h) : undefined));
  return hashes.every((h): h is Uint8Array => h !== undefined) ? hashes : undefined;
};

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** Reads {@link inclusionEvidenceToJson}'s form back; hash lengths are left to the verifier to judge. */
export const inclusionEvidenceFromJson = (u: unknown): E.Either<Rejection, InclusionEvidence> => {
  if (!isObject(u) || typeof u.index !== 'number' || typeof u.size !== 'number' || typeof u.leafHash !== 'string') return reject('not an inclusion proof {index, size, leafHash, proof}');
  const leafHash = fromBase64(u.leafHash);
  const proof = base64List(u.proof);
  if (leafHash === undefined || proof === undefined) return reject('inclusion proof hashes are not canonical base64');
  return E.right({ index: u.index, size: u.size, leafHash, proof });
};

/** Reads {@link consistencyEvidenceToJson}'s form back. */
export const consistencyEvidenceFromJson = (u: unknown): E.Either<Rejection, ConsistencyEvidence> => {
  if (!isObject(u) || typeof u.size1 !== 'number' || typeof u.size2 !== 'number') return reject('not a consistency proof {size1, size2, proof}');
  const proof = base64List(u.proof);
  if (proof === undefined) return reject('consistency proof hashes are not canonical base64');
  return E.right({ size1: u.size1, size2: u.size2, proof });
};
