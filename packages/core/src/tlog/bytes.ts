/**
 * Byte-string comparisons and encodings (strict base64, hex): the byte-level operations the transparency log
 * relies on, in plain JavaScript (no `Buffer`), so they run wherever the verifier does.
 */

/** True when both byte strings have the same length and the same bytes. */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Standard, padded base64 (RFC 4648 §4) of some bytes. */
export const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
};

/**
 * Decodes standard, padded base64, or returns `undefined` when `text` is not the one canonical encoding of
 * its bytes. Decoders skip or tolerate some characters and ignore stray padding bits, so a flipped byte in a
 * signed note could otherwise decode to the very same bytes; re-encoding and comparing closes that gap.
 */
export const fromBase64 = (text: string): Uint8Array | undefined => {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return toBase64(bytes) === text ? bytes : undefined;
};

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hexadecimal of some bytes, for messages and verifier keys. */
export const toHex = (bytes: Uint8Array): string => {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    hex += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 0x0f]!;
  }
  return hex;
};

// Value of a hex digit by its character code ('0'–'9', 'a'–'f'); a table, as every record's hash goes through it.
const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_VALUE[HEX_DIGITS.charCodeAt(i)] = i;

/** The bytes of lower-case hex digits (an even number of them, already checked by the caller), after `into`'s first `offset` bytes. */
export const fromHex = (hex: string, into: Uint8Array = new Uint8Array(hex.length / 2), offset = 0): Uint8Array => {
  for (let i = 0; i < hex.length / 2; i++) {
    into[offset + i] = ((HEX_VALUE[hex.charCodeAt(2 * i)] as number) << 4) | (HEX_VALUE[hex.charCodeAt(2 * i + 1)] as number);
  }
  return into;
};
