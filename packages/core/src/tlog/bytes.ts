/**
 * Byte-string comparisons and strict base64, the two byte-level operations the audit code relies on.
 */

/** True when both byte strings have the same length and the same bytes. */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Standard, padded base64 (RFC 4648 §4) of some bytes. */
export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');

/**
 * Decodes standard, padded base64, or returns `undefined` when `text` is not the one canonical encoding of
 * its bytes. Node's own decoder skips unknown characters and ignores stray padding bits, so a flipped byte
 * in a signed note could otherwise decode to the very same bytes; re-encoding and comparing closes that gap.
 */
export const fromBase64 = (text: string): Uint8Array | undefined => {
  const bytes = Uint8Array.from(Buffer.from(text, 'base64'));
  return toBase64(bytes) === text ? bytes : undefined;
};

/** Lowercase hexadecimal of some bytes, for messages and verifier keys. */
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
