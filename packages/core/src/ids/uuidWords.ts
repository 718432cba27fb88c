/**
 * An event id in the ledger's UUID form as its 128 bits: how the compact tables of event ids (the stream
 * facts' `RecordedEvents`, a projection's `EventIdColumn`) keep ids in typed arrays instead of strings.
 */

/**
 * The 128 bits of a UUID written as docs/spec.md §2's ledger writes it (lower-case, 8-4-4-4-12), into
 * `words` (four 32-bit words, most significant first); false for any other text, which the tables keep as
 * text. Distinct texts of that form give distinct bits, so a table keyed by the bits answers exactly as a
 * map keyed by the text would.
 */
export const uuidWords = (text: string, words: Uint32Array, at = 0): boolean => {
  if (text.length !== 36) return false;
  let word = 0;
  let digits = 0;
  let w = at;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
      continue;
    }
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++digits === 8) {
      words[w++] = word >>> 0;
      word = 0;
      digits = 0;
    }
  }
  return true;
};

const hex8 = (word: number): string => word.toString(16).padStart(8, '0');

/** The text {@link uuidWords} read the four words at `words[at..at+4)` from. */
export const uuidText = (words: Uint32Array, at = 0): string => {
  const a = hex8(words[at]!);
  const b = hex8(words[at + 1]!);
  const c = hex8(words[at + 2]!);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex8(words[at + 3]!)}`;
};

/** A 32-bit hash of the four words of an id, for open-addressing tables (the low bits are well mixed). */
export const slotHash = (a: number, b: number, c: number, d: number): number => {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35), 0x27d4eb2d);
  h ^= h >>> 15;
  return h >>> 0;
};
