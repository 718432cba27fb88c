/**
 * The one module of the core that reaches the runtime's cryptography (Node's `node:crypto`): SHA-256 and
 * Ed25519. Everything else in `tlog/` works on bytes, so a verifier for another runtime (a browser) swaps
 * this module alone. Digests come back as plain `Uint8Array`s or lower-case hex.
 */
import * as crypto from 'node:crypto';

/** A key object of the runtime, as signers and verifiers hold their Ed25519 keys. */
export type KeyObject = crypto.KeyObject;

// One-shot `crypto.hash` exists from Node 20.12 (this package's minimum); looked up, not imported, so an older
// Node still links the module and takes the hash object instead.
const oneShot = typeof crypto.hash === 'function';

/** SHA-256 of the concatenation of `parts` (strings as UTF-8), as bytes. */
export const sha256 = (...parts: readonly (Uint8Array | string)[]): Uint8Array => {
  // One part (a leaf's 33 bytes, verification's per-record hash): the one-shot digest, without a hash object.
  if (parts.length === 1 && oneShot) return new Uint8Array(crypto.hash('sha256', parts[0] as Uint8Array | string, 'buffer'));
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part);
  // A plain Uint8Array, not a Buffer, so callers and tests compare like with like.
  return new Uint8Array(hash.digest());
};

/**
 * SHA-256 of a UTF-8 string, as 64 lower-case hex digits. One-shot `crypto.hash` (Node ≥ 20.12) where it
 * exists: for inputs of a record's size it costs about a third of a `createHash` object, and the digest is the same.
 */
export const sha256Hex: (text: string) => string =
  oneShot
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** A SHA-256 digest fed piece by piece: a file streamed past, hashed in the same pass. */
export interface Sha256Digest {
  /** Adds bytes (strings as UTF-8). */
  update(part: Uint8Array | string): void;
  /** The digest of everything added, as 64 lower-case hex digits; the digest cannot be fed after. */
  hex(): string;
}

/** Starts a {@link Sha256Digest}. */
export const createSha256 = (): Sha256Digest => {
  const hash = crypto.createHash('sha256');
  return {
    update: (part) => {
      hash.update(part);
    },
    hex: () => hash.digest('hex'),
  };
};

/** True for an Ed25519 private key. */
export const isEd25519PrivateKey = (key: KeyObject): boolean => key.type === 'private' && key.asymmetricKeyType === 'ed25519';

/** The Ed25519 signature of `message` by `privateKey` (64 bytes). */
export const ed25519Sign = (message: Uint8Array, privateKey: KeyObject): Uint8Array => new Uint8Array(crypto.sign(null, message, privateKey));

/** True when `signature` is `publicKey`'s Ed25519 signature of `message`. */
export const ed25519Verify = (message: Uint8Array, publicKey: KeyObject, signature: Uint8Array): boolean => crypto.verify(null, message, publicKey, signature);

/** The public key of a private key. */
export const publicKeyOf = (privateKey: KeyObject): KeyObject => crypto.createPublicKey(privateKey);

/** The 32 raw bytes of an Ed25519 public key; throws `TypeError` for any other kind of key. */
export const rawEd25519PublicKey = (publicKey: KeyObject): Uint8Array => {
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`expected an Ed25519 public key, got a ${publicKey.asymmetricKeyType ?? 'secret'} ${publicKey.type} key`);
  }
  const raw = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
  return Uint8Array.from(raw);
};

/** The Ed25519 public key of 32 raw bytes; throws when they are not one. */
export const ed25519PublicKeyFromRaw = (raw: Uint8Array): KeyObject =>
  crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
