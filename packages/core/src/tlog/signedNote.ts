/**
 * C2SP signed notes with Ed25519 keys (https://c2sp.org/signed-note): a text, a blank line, then one line
 * per signature, `— <key name> <base64(key hash ‖ signature)>`; and the verifier-key string that names
 * a public key as `<key name>+<hex key hash>+<base64(0x01 ‖ public key)>`.
 */
import { ed25519PublicKeyFromRaw, ed25519Sign, ed25519Verify, isEd25519PrivateKey, publicKeyOf, rawEd25519PublicKey, sha256, type KeyObject } from './crypto.js';
import { bytesEqual, fromBase64, toBase64, toHex } from './bytes.js';
import * as E from 'fp-ts/lib/Either.js';
import { reject, type Rejection } from './verification.js';

/** A key that signs notes: its name as it appears on signature lines, and an Ed25519 private key. */
export interface NoteSigner {
  readonly keyName: string;
  readonly privateKey: KeyObject;
}

/** A key that checks notes: its name as it appears on signature lines, and an Ed25519 public key. */
export interface NoteVerifier {
  readonly keyName: string;
  readonly publicKey: KeyObject;
}

// Signature type identifier of Ed25519 in the signed-note key-hash and verifier-key encodings.
const ED25519 = 0x01;
const ED25519_PUBLIC_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
const KEY_HASH_SIZE = 4;
const SIGNATURE_LINE_PREFIX = '\u2014 ';

/**
 * True for a name signed notes accept: non-empty, well-formed, with neither Unicode spaces nor `+` (the
 * verifier-key separator) nor control characters (which would break the line structure).
 */
export const isValidKeyName = (name: string): boolean => name.length > 0 && !/[\s+\p{Cc}\p{Cs}]/u.test(name);

// Note text is well-formed UTF-8 whose only control character is the newline.
const isValidNoteText = (text: string): boolean => !/[\p{Cs}\u0000-\u0009\u000b-\u001f\u007f]/u.test(text);

/**
 * The 4-byte key hash that tags a signature line: the first bytes of SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public key).
 * It lets a verifier pick its own signature out of several without trying each one.
 */
export const noteKeyHash = (keyName: string, publicKey: KeyObject): Uint8Array => {
  return sha256(`${keyName}\n`, Uint8Array.of(ED25519), rawEd25519PublicKey(publicKey)).slice(0, KEY_HASH_SIZE);
};

/**
 * Signs `text` (non-empty lines, ending in a newline) and returns the signed note. Throws `RangeError` for
 * an invalid key name or text, `TypeError` for a key that is not an Ed25519 private key.
 */
export const signNote = (text: string, { keyName, privateKey }: NoteSigner): string => {
  if (!isValidKeyName(keyName)) throw new RangeError(`${JSON.stringify(keyName)} is not a valid key name`);
  if (!text.endsWith('\n') || !isValidNoteText(text)) throw new RangeError('note text must end in a newline and hold no control characters but newlines');
  if (!isEd25519PrivateKey(privateKey)) throw new TypeError('expected an Ed25519 private key');
  const signature = ed25519Sign(new TextEncoder().encode(text), privateKey);
  const keyHash = noteKeyHash(keyName, publicKeyOf(privateKey));
  const tagged = new Uint8Array(KEY_HASH_SIZE + signature.length);
  tagged.set(keyHash, 0);
  tagged.set(signature, KEY_HASH_SIZE);
  return `${text}\n${SIGNATURE_LINE_PREFIX}${keyName} ${toBase64(tagged)}\n`;
};

/**
 * Opens a signed note: checks its structure and that the verifier's key signed it, then returns the text.
 * Signature lines from other keys are ignored, as the signed-note spec asks, but must still be well-formed;
 * every line that claims the verifier's name and key hash must verify.
 */
export const openNote = (note: string, verifier: NoteVerifier): E.Either<Rejection, string> => {
  if (!isValidNoteText(note)) return reject('note holds a control character other than newline, or is not well-formed text');
  if (!note.endsWith('\n')) return reject('note does not end in a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return reject('note has no blank line between its text and its signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const expectedHash = noteKeyHash(verifier.keyName, verifier.publicKey);
  const message = new TextEncoder().encode(text);
  let signedByVerifier = false;
  for (const [i, line] of lines.entries()) {
    const parsed = parseSignatureLine(line);
    if (parsed === undefined) return reject(`signature line ${i + 1} is not "— <key name> <base64 signature>"`);
    if (parsed.keyName !== verifier.keyName || !bytesEqual(parsed.keyHash, expectedHash)) continue;
    if (parsed.signature.length !== ED25519_SIGNATURE_SIZE || !ed25519Verify(message, verifier.publicKey, parsed.signature)) {
      return reject(`signature by ${verifier.keyName} does not verify`);
    }
    signedByVerifier = true;
  }
  return signedByVerifier ? E.right(text) : reject(`note carries no signature by ${verifier.keyName} with key hash ${toHex(expectedHash)}`);
};

const parseSignatureLine = (line: string): { keyName: string; keyHash: Uint8Array; signature: Uint8Array } | undefined => {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) return undefined;
  const fields = line.slice(SIGNATURE_LINE_PREFIX.length).split(' ');
  if (fields.length !== 2) return undefined;
  const [keyName, encoded] = fields as [string, string];
  const tagged = fromBase64(encoded);
  if (!isValidKeyName(keyName) || tagged === undefined || tagged.length <= KEY_HASH_SIZE) return undefined;
  return { keyName, keyHash: tagged.subarray(0, KEY_HASH_SIZE), signature: tagged.subarray(KEY_HASH_SIZE) };
};

/** The verifier-key string `<name>+<hex key hash>+<base64(0x01 ‖ public key)>` that publishes a public key. */
export const formatVerifierKey = ({ keyName, publicKey }: NoteVerifier): string => {
  if (!isValidKeyName(keyName)) throw new RangeError(`${JSON.stringify(keyName)} is not a valid key name`);
  const typed = new Uint8Array(1 + ED25519_PUBLIC_KEY_SIZE);
  typed[0] = ED25519;
  typed.set(rawEd25519PublicKey(publicKey), 1);
  return `${keyName}+${toHex(noteKeyHash(keyName, publicKey))}+${toBase64(typed)}`;
};

/**
 * Reads a verifier-key string back into a {@link NoteVerifier}. Strict: lowercase 8-digit hex key hash,
 * canonical base64, an Ed25519 key, and a key hash that matches the name and key.
 */
export const parseVerifierKey = (text: string): E.Either<Rejection, NoteVerifier> => {
  // The name cannot hold '+', but base64 can, so only the first two '+' separate fields.
  const nameEnd = text.indexOf('+');
  const keyName = text.slice(0, nameEnd);
  const hashHex = text.slice(nameEnd + 1, nameEnd + 9);
  if (nameEnd < 0 || !isValidKeyName(keyName)) return reject('verifier key does not start with a valid key name and "+"');
  if (!/^[0-9a-f]{8}$/.test(hashHex) || text[nameEnd + 9] !== '+') return reject('verifier key has no 8-digit lowercase hex key hash between "+" signs');
  const typed = fromBase64(text.slice(nameEnd + 10));
  if (typed === undefined) return reject('verifier key does not end in base64');
  if (typed.length !== 1 + ED25519_PUBLIC_KEY_SIZE || typed[0] !== ED25519) return reject('verifier key is not an Ed25519 key (0x01 then 32 bytes)');
  let publicKey: KeyObject;
  try {
    publicKey = ed25519PublicKeyFromRaw(typed.subarray(1));
  } catch {
    return reject('verifier key bytes are not an Ed25519 public key');
  }
  if (toHex(noteKeyHash(keyName, publicKey)) !== hashHex) return reject(`verifier key hash ${hashHex} does not match name ${keyName} and its key`);
  return E.right({ keyName, publicKey });
};
