/**
 * Checkpoints of the ledger's Merkle tree as C2SP tlog-checkpoint notes (https://c2sp.org/tlog-checkpoint):
 * `<origin>\n<size>\n<base64 root>\n`, signed as a C2SP signed note.
 */
import * as E from 'fp-ts/lib/Either.js';
import { fromBase64, toBase64 } from './bytes.js';
import { HASH_SIZE, isTreeSize } from './merkle.js';
import { openNote, signNote, type NoteSigner, type NoteVerifier } from './signedNote.js';
import { reject, type Rejection } from './verification.js';

/** A commitment to the first `size` records of one log: the Merkle root over their leaf hashes. */
export interface Checkpoint {
  /** Names the log, so a checkpoint of one district's ledger cannot pass for another's. */
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
}

/** Outcome of reading a checkpoint: the checkpoint, or what was wrong with the text. */
export type CheckpointResult = E.Either<Rejection, Checkpoint>;

/**
 * Origin line of a district's ledger, `<ledgerName>/<district>`, e.g. `indicator-ledger/130302` (one log
 * per district stream, docs/spec.md §2). Throws `RangeError` unless the ledger name is URL-path-safe segments
 * separated by `/` and the district is a 6-digit code.
 */
export const checkpointOrigin = (ledgerName: string, district: string): string => {
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(ledgerName)) {
    throw new RangeError(`ledger name ${JSON.stringify(ledgerName)} should be URL path segments (letters, digits, . _ ~ -) joined by "/"`);
  }
  if (!/^\d{6}$/.test(district)) throw new RangeError(`district ${JSON.stringify(district)} should be a 6-digit division code`);
  return `${ledgerName}/${district}`;
};

// tlog-checkpoint asks for an origin without Unicode spaces or '+'; control characters would break the lines.
const isValidOrigin = (origin: string): boolean => origin.length > 0 && !/[\s+\p{Cc}\p{Cs}]/u.test(origin);

/** The checkpoint body, three lines each ending in a newline. Throws `RangeError` for an invalid field. */
export const formatCheckpoint = ({ origin, size, root }: Checkpoint): string => {
  if (!isValidOrigin(origin)) throw new RangeError(`origin ${JSON.stringify(origin)} is empty or holds a space, "+" or control character`);
  if (!isTreeSize(size)) throw new RangeError(`size ${size} is not a non-negative whole number`);
  if (root.length !== HASH_SIZE) throw new RangeError(`root is ${root.length} bytes, not ${HASH_SIZE}`);
  return `${origin}\n${size}\n${toBase64(root)}\n`;
};

/**
 * Reads a checkpoint body. Strict: exactly three newline-terminated lines, a decimal size without leading
 * zeros, a canonical base64 root of exactly 32 bytes. Extension lines, which tlog-checkpoint allows, are
 * rejected because this ledger writes none, so any would be garbage.
 */
export const parseCheckpoint = (text: string): CheckpointResult => {
  if (!text.endsWith('\n')) return reject('checkpoint does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 3) return reject(`checkpoint has ${lines.length} lines, expected 3 (origin, size, root)`);
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (!isValidOrigin(origin)) return reject('checkpoint origin is empty or holds a space, "+" or control character');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) return reject(`checkpoint size ${JSON.stringify(sizeText)} is not a decimal number without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return reject(`checkpoint size ${sizeText} is beyond 2^53 − 1, more than this ledger can count`);
  const root = fromBase64(rootText);
  if (root === undefined) return reject('checkpoint root is not canonical base64');
  if (root.length !== HASH_SIZE) return reject(`checkpoint root is ${root.length} bytes, not ${HASH_SIZE}`);
  return E.right({ origin, size, root });
};

/** The checkpoint as a signed note, signed by `signer`. Throws as {@link formatCheckpoint} and `signNote` do. */
export const signCheckpoint = (checkpoint: Checkpoint, signer: NoteSigner): string => signNote(formatCheckpoint(checkpoint), signer);

/**
 * Reads a signed checkpoint note: accepted only when `verifier` signed it and the body is a valid checkpoint.
 * Callers still compare the origin with the log they expect.
 */
export const openSignedCheckpoint = (noteText: string, verifier: NoteVerifier): CheckpointResult => {
  return E.flatMap(openNote(noteText, verifier), parseCheckpoint);
};
