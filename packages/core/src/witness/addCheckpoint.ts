/**
 * The body of a C2SP tlog-witness `add-checkpoint` request: `old <size>`, up to 63 consistency proof lines
 * (one base64 hash each), an empty line, then the signed checkpoint note.
 */
import * as E from 'fp-ts/lib/Either.js';
import { fromBase64, toBase64 } from '../tlog/bytes.js';
import { HASH_SIZE } from '../tlog/merkle.js';

/** A parsed add-checkpoint request. */
export interface AddCheckpointRequest {
  /** The size of the checkpoint the client believes the witness cosigned last (0 for none). */
  readonly oldSize: number;
  /** The consistency proof from `oldSize` to the checkpoint's size. */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, possibly with several signatures. */
  readonly note: string;
}

/** tlog-witness caps the proof: a tree of up to 2^64 leaves never needs more. */
export const MAX_PROOF_LINES = 63;

/** The request body for `request`. Throws `RangeError` for a bad size, hash or too long a proof. */
export const formatAddCheckpointRequest = ({ oldSize, proof, note }: AddCheckpointRequest): string => {
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) throw new RangeError(`old size ${oldSize} is not a whole number ≥ 0`);
  if (proof.length > MAX_PROOF_LINES) throw new RangeError(`a proof of ${proof.length} hashes is more than the ${MAX_PROOF_LINES} lines a request may carry`);
  if (proof.some((h) => h.length !== HASH_SIZE)) throw new RangeError(`every proof hash must be ${HASH_SIZE} bytes`);
  return `old ${oldSize}\n${proof.map((h) => `${toBase64(h)}\n`).join('')}\n${note}`;
};

/** Reads a request body, or says (line and reason) why it is not one: a 400 Bad Request in tlog-witness. */
export const parseAddCheckpointRequest = (body: string): E.Either<{ readonly line: number; readonly reason: string }, AddCheckpointRequest> => {
  const blank = body.indexOf('\n\n');
  if (blank < 0) return E.left({ line: 1, reason: 'no empty line between the old size and proof lines and the checkpoint' });
  const head = body.slice(0, blank).split('\n');
  const match = /^old (0|[1-9][0-9]*)$/.exec(head[0] ?? '');
  if (match === null) return E.left({ line: 1, reason: 'the first line is not "old <size>" with a decimal size without leading zeroes' });
  const oldSize = Number(match[1]);
  if (!Number.isSafeInteger(oldSize)) return E.left({ line: 1, reason: `old size ${match[1]} is beyond what this ledger counts` });
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_PROOF_LINES) return E.left({ line: MAX_PROOF_LINES + 2, reason: `more than ${MAX_PROOF_LINES} consistency proof lines` });
  const proof: Uint8Array[] = [];
  for (const [i, text] of proofLines.entries()) {
    const hash = fromBase64(text);
    if (hash === undefined || hash.length !== HASH_SIZE) return E.left({ line: i + 2, reason: `proof line is not the canonical base64 of a ${HASH_SIZE}-byte hash` });
    proof.push(hash);
  }
  if (oldSize === 0 && proof.length > 0) return E.left({ line: 2, reason: 'the proof must be empty when the old size is 0' });
  return E.right({ oldSize, proof, note: body.slice(blank + 2) });
};
