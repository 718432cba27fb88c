/**
 * The Merkle leaf of a stored record. The ledger's tree (docs/audit.md §1) is built over record hashes: the leaf
 * input of position p is the 32 bytes of record p's `hash`, so its leaf hash is SHA-256(0x00 ‖ hash)
 * (RFC 6962 §2.1). The hash already commits to the whole chain up to p, and to `dataHash` rather than
 * `data`, which is why a redacted record keeps its leaf.
 */
import type { Sha256Hex } from '../record/record.js';
import { fromHex } from '../tlog/bytes.js';
import { sha256 } from '../tlog/crypto.js';
import { HASH_SIZE, LEAF_PREFIX } from '../tlog/merkle.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for 64 lower-case hex digits, the one way the ledger writes a SHA-256 digest. */
export const isSha256Hex = (text: unknown): text is Sha256Hex => typeof text === 'string' && SHA256_HEX.test(text);

/**
 * The RFC 6962 leaf hash of the record whose `hash` is given: SHA-256(0x00 ‖ hash bytes), as `leafHash` of
 * the hash's 32 bytes gives it, with the 33 input bytes written into one array and hashed at once
 * (verification does this for every record).
 */
export const recordLeafHash = (hash: string): Uint8Array => {
  if (!isSha256Hex(hash)) throw new RangeError(`${JSON.stringify(hash)} is not a SHA-256 digest in 64 lower-case hex digits`);
  const input = new Uint8Array(1 + HASH_SIZE);
  input[0] = LEAF_PREFIX;
  return sha256(fromHex(hash, input, 1));
};
