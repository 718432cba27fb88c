/**
 * Characters that steer a terminal or change how the text around them is shown, which no name, id or
 * reason needs (docs/spec.md §8.2): the C0 controls (NUL, BEL, ESC, tab, line feed …) and DEL, the C1
 * controls (U+0080–U+009F, CSI among them), the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the line and paragraph separators U+2028/U+2029,
 * and lone surrogates (not Unicode text at all: every store would write them as U+FFFD, so two different
 * texts would hash alike). Joiners and other invisible format characters are left to the id rules.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'gu');

/** A control character found in a text: its code point (`U+001B`) and its 1-based place in code points. */
export interface ControlCharacter {
  readonly codePoint: string;
  readonly position: number;
}

/** `U+001B` for a one-character string. */
const codePointName = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first control character of `text` (see the module comment for which), or `undefined`. */
export const findControlCharacter = (text: string): ControlCharacter | undefined => {
  const m = CONTROL_CHARACTER.exec(text);
  if (m === null) return undefined;
  return { codePoint: codePointName(m[0]), position: [...text.slice(0, m.index)].length + 1 };
};

/**
 * `text` with every control character written visibly as a JSON-style escape (`\u001b`), for printing
 * text that came from a store or a file — records written before docs/spec.md §8.2, or by another writer,
 * may still hold some. Text without control characters is returned unchanged.
 */
export const escapeControlCharacters = (text: string): string =>
  CONTROL_CHARACTER.test(text) ? text.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
