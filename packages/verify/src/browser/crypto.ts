/**
 * The browser's stand-in for core's `tlog/crypto.ts` (the one module of core that reaches `node:crypto`):
 * the same names, the same bytes out, on @noble/hashes and @noble/curves. The page's build
 * (scripts/buildPage.mjs) puts this module in place of core's, so the page runs core's own Merkle, note,
 * checkpoint and record code — one piece of code, not a copy.
 *
 * Why not WebCrypto: its `digest` and Ed25519 `verify` are asynchronous, and core's tlog API (leaf hashes,
 * roots, note checks) is synchronous; Ed25519 in WebCrypto is also missing from some browsers. noble is pure JS,
 * audited, synchronous and dependency-free.
 *
 * Ed25519 verification is strict RFC 8032 (`zip215: false`), as OpenSSL's is in Node, so a signature the
 * command line refuses is refused here too.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';

/** An Ed25519 key as this module holds it: its kind and its 32 raw bytes (a seed for a private key). */
export interface KeyObject {
  readonly type: 'public' | 'private';
  readonly asymmetricKeyType: 'ed25519';
  readonly raw: Uint8Array;
}

const utf8 = new TextEncoder();
const bytesOf = (part: Uint8Array | string): Uint8Array => (typeof part === 'string' ? utf8.encode(part) : part);
const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of the concatenation of `parts` (strings as UTF-8), as bytes. */
export const sha256 = (...parts: readonly (Uint8Array | string)[]): Uint8Array => {
  if (parts.length === 1) return nobleSha256(bytesOf(parts[0] as Uint8Array | string));
  const hash = nobleSha256.create();
  for (const part of parts) hash.update(bytesOf(part));
  return hash.digest();
};

/** SHA-256 of a UTF-8 string, as 64 lower-case hex digits. */
export const sha256Hex = (text: string): string => hexOf(nobleSha256(utf8.encode(text)));

/** A SHA-256 digest fed piece by piece. */
export interface Sha256Digest {
  /** Adds bytes (strings as UTF-8). */
  update(part: Uint8Array | string): void;
  /** The digest of everything added, as 64 lower-case hex digits. */
  hex(): string;
}

/** Starts a {@link Sha256Digest}. */
export const createSha256 = (): Sha256Digest => {
  const hash = nobleSha256.create();
  return {
    update: (part) => {
      hash.update(bytesOf(part));
    },
    hex: () => hexOf(hash.digest()),
  };
};

/** True for an Ed25519 private key. */
export const isEd25519PrivateKey = (key: KeyObject): boolean => key.type === 'private' && key.asymmetricKeyType === 'ed25519';

/** The Ed25519 signature of `message` by `privateKey` (64 bytes). */
export const ed25519Sign = (message: Uint8Array, privateKey: KeyObject): Uint8Array => ed25519.sign(message, privateKey.raw);

/** True when `signature` is `publicKey`'s Ed25519 signature of `message` (strict RFC 8032, as OpenSSL). */
export const ed25519Verify = (message: Uint8Array, publicKey: KeyObject, signature: Uint8Array): boolean => {
  try {
    return ed25519.verify(signature, message, publicKey.raw, { zip215: false });
  } catch {
    // noble throws on a signature or key of the wrong length; node:crypto answers false.
    return false;
  }
};

/** The public key of a private key. */
export const publicKeyOf = (privateKey: KeyObject): KeyObject => ({ type: 'public', asymmetricKeyType: 'ed25519', raw: ed25519.getPublicKey(privateKey.raw) });

/** The 32 raw bytes of an Ed25519 public key; throws `TypeError` for any other kind of key. */
export const rawEd25519PublicKey = (publicKey: KeyObject): Uint8Array => {
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') throw new TypeError(`expected an Ed25519 public key, got a ${publicKey.type} key`);
  return publicKey.raw;
};

/** The Ed25519 public key of 32 raw bytes; throws when they are not 32 bytes. */
export const ed25519PublicKeyFromRaw = (raw: Uint8Array): KeyObject => {
  // Only the length, as node:crypto's import checks: bytes that are no curve point import, and verify nothing.
  if (raw.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes');
  return { type: 'public', asymmetricKeyType: 'ed25519', raw: Uint8Array.from(raw) };
};
