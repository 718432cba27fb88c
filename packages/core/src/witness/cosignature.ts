/**
 * Ed25519 cosignatures of checkpoints, C2SP tlog-cosignature (cosignature/v1): a witness's note signature
 * line `— <name> base64(key ID ‖ timestamp ‖ signature)` whose signature covers
 * `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint body. The key ID is the first four bytes of
 * SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key): the type byte 0x04 keeps a cosigner key from ever being taken
 * for a log's note key (type 0x01) of the same name and key.
 */
import * as E from 'fp-ts/lib/Either.js';
import { bytesEqual, fromBase64, toBase64, toHex } from '../tlog/bytes.js';
import { ed25519PublicKeyFromRaw, ed25519Sign, ed25519Verify, publicKeyOf, rawEd25519PublicKey, sha256, type KeyObject } from '../tlog/crypto.js';
import { isValidKeyName } from '../tlog/signedNote.js';

/** A witness's signing key: its name (a schema-less URL, by convention) and an Ed25519 private key. */
export interface CosignerSigner {
  readonly keyName: string;
  readonly privateKey: KeyObject;
}

/** A witness's public key as an auditor trusts it: the name on its signature lines and an Ed25519 key. */
export interface CosignerVerifier {
  readonly keyName: string;
  readonly publicKey: KeyObject;
}

/** One cosignature line read from a note: who, when (POSIX seconds), and the signature bytes. */
export interface CosignatureLine {
  readonly keyName: string;
  readonly keyId: Uint8Array;
  readonly timestamp: number;
  readonly signature: Uint8Array;
}

/** Signature type byte of Ed25519 cosignature/v1 in key IDs and verifier keys (tlog-cosignature). */
export const COSIGNATURE_V1_TYPE = 0x04;
const KEY_ID_SIZE = 4;
const TIMESTAMP_SIZE = 8;
const ED25519_SIGNATURE_SIZE = 64;
const ED25519_PUBLIC_KEY_SIZE = 32;
const SIGNATURE_LINE_PREFIX = '\u2014 ';
// The timestamp is a u64 that must stay below 2^63; the ledger also keeps it a safe JavaScript integer.
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/** The 4-byte key ID of a cosigner key: SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4]. */
export const cosignerKeyId = (keyName: string, publicKey: KeyObject): Uint8Array => {
  return sha256(`${keyName}\n`, Uint8Array.of(COSIGNATURE_V1_TYPE), rawEd25519PublicKey(publicKey)).slice(0, KEY_ID_SIZE);
};

/** The message a cosignature/v1 signs: the header line, the time line, then the whole checkpoint body. */
export const cosignedMessage = (checkpointBody: string, timestamp: number): string => `cosignature/v1\ntime ${timestamp}\n${checkpointBody}`;

const isTimestamp = (t: number): boolean => Number.isSafeInteger(t) && t >= 0 && t <= MAX_TIMESTAMP;

/**
 * The cosignature line (ending in a newline) of `signer` over `checkpointBody` (the note text, without
 * signature lines) at `timestamp` seconds. Throws `RangeError` for a bad key name or timestamp.
 */
export const cosignCheckpoint = (checkpointBody: string, signer: CosignerSigner, timestamp: number): string => {
  if (!isValidKeyName(signer.keyName)) throw new RangeError(`${JSON.stringify(signer.keyName)} is not a valid key name`);
  if (!isTimestamp(timestamp)) throw new RangeError(`timestamp ${timestamp} is not a whole number of seconds since the Epoch`);
  const signature = ed25519Sign(new TextEncoder().encode(cosignedMessage(checkpointBody, timestamp)), signer.privateKey);
  const bytes = new Uint8Array(KEY_ID_SIZE + TIMESTAMP_SIZE + signature.length);
  bytes.set(cosignerKeyId(signer.keyName, publicKeyOf(signer.privateKey)), 0);
  new DataView(bytes.buffer).setBigUint64(KEY_ID_SIZE, BigInt(timestamp), false);
  bytes.set(signature, KEY_ID_SIZE + TIMESTAMP_SIZE);
  return `${SIGNATURE_LINE_PREFIX}${signer.keyName} ${toBase64(bytes)}\n`;
};

/** The name and base64 bytes of a note signature line (without its newline), or `undefined` when malformed. */
export const splitSignatureLine = (line: string): { readonly keyName: string; readonly bytes: Uint8Array } | undefined => {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) return undefined;
  const fields = line.slice(SIGNATURE_LINE_PREFIX.length).split(' ');
  if (fields.length !== 2) return undefined;
  const [keyName, encoded] = fields as [string, string];
  const bytes = fromBase64(encoded);
  return isValidKeyName(keyName) && bytes !== undefined && bytes.length > KEY_ID_SIZE ? { keyName, bytes } : undefined;
};

/**
 * Reads a cosignature/v1 line (without its newline): its key ID, timestamp and signature, or why it is not
 * one (wrong length, a timestamp of 2^63 or more).
 */
export const parseCosignatureLine = (line: string): E.Either<string, CosignatureLine> => {
  const split = splitSignatureLine(line);
  if (split === undefined) return E.left('is not "— <key name> <base64 signature>"');
  if (split.bytes.length !== KEY_ID_SIZE + TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) {
    return E.left(`holds ${split.bytes.length} bytes, a cosignature/v1 holds ${KEY_ID_SIZE + TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE}`);
  }
  const view = new DataView(split.bytes.buffer, split.bytes.byteOffset, split.bytes.length);
  const timestamp = view.getBigUint64(KEY_ID_SIZE, false);
  if (timestamp > BigInt(MAX_TIMESTAMP)) return E.left(`has timestamp ${timestamp}, beyond what a cosignature may carry`);
  return E.right({
    keyName: split.keyName,
    keyId: split.bytes.subarray(0, KEY_ID_SIZE),
    timestamp: Number(timestamp),
    signature: split.bytes.subarray(KEY_ID_SIZE + TIMESTAMP_SIZE),
  });
};

/** True when `line` names `key` (name and key ID): the line a verifier configured with `key` must check. */
export const claimsCosigner = (line: CosignatureLine, key: CosignerVerifier): boolean =>
  line.keyName === key.keyName && bytesEqual(line.keyId, cosignerKeyId(key.keyName, key.publicKey));

/** Checks one parsed cosignature line against `key` over `checkpointBody`: the timestamp when it verifies. */
export const verifyCosignatureLine = (checkpointBody: string, line: CosignatureLine, key: CosignerVerifier): E.Either<string, number> => {
  if (!claimsCosigner(line, key)) return E.left(`is not by ${key.keyName} with key ID ${toHex(cosignerKeyId(key.keyName, key.publicKey))}`);
  const message = new TextEncoder().encode(cosignedMessage(checkpointBody, line.timestamp));
  return ed25519Verify(message, key.publicKey, line.signature) ? E.right(line.timestamp) : E.left(`cosignature by ${key.keyName} does not verify`);
};

/** The verifier key `<name>+<hex key ID>+<base64(0x04 ‖ public key)>` that publishes a cosigner key. */
export const formatCosignerKey = ({ keyName, publicKey }: CosignerVerifier): string => {
  if (!isValidKeyName(keyName)) throw new RangeError(`${JSON.stringify(keyName)} is not a valid key name`);
  const typed = new Uint8Array(1 + ED25519_PUBLIC_KEY_SIZE);
  typed[0] = COSIGNATURE_V1_TYPE;
  typed.set(rawEd25519PublicKey(publicKey), 1);
  return `${keyName}+${toHex(cosignerKeyId(keyName, publicKey))}+${toBase64(typed)}`;
};

/**
 * Reads a cosigner verifier key (a final newline allowed). Strict as the ledger's note keys: 8 lowercase hex
 * digits, canonical base64, type 0x04 and 32 bytes, and a key ID that matches the name and key.
 */
export const parseCosignerKey = (text: string): E.Either<string, CosignerVerifier> => {
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  const nameEnd = line.indexOf('+');
  const keyName = line.slice(0, nameEnd);
  const idHex = line.slice(nameEnd + 1, nameEnd + 9);
  if (nameEnd < 0 || !isValidKeyName(keyName)) return E.left('witness key does not start with a valid key name and "+"');
  if (!/^[0-9a-f]{8}$/.test(idHex) || line[nameEnd + 9] !== '+') return E.left('witness key has no 8-digit lowercase hex key ID between "+" signs');
  const typed = fromBase64(line.slice(nameEnd + 10));
  if (typed === undefined) return E.left('witness key does not end in base64');
  if (typed.length !== 1 + ED25519_PUBLIC_KEY_SIZE || typed[0] !== COSIGNATURE_V1_TYPE) {
    return E.left('witness key is not an Ed25519 cosignature/v1 key (0x04 then 32 bytes)');
  }
  let publicKey: KeyObject;
  try {
    publicKey = ed25519PublicKeyFromRaw(typed.subarray(1));
  } catch {
    return E.left('witness key bytes are not an Ed25519 public key');
  }
  if (toHex(cosignerKeyId(keyName, publicKey)) !== idHex) return E.left(`witness key ID ${idHex} does not match name ${keyName} and its key`);
  return E.right({ keyName, publicKey });
};
