import { escapeControlCharacters } from '@indicator-ledger/core';
import type { Output } from './io.js';

/** Paints text for a terminal, or leaves it alone. */
export interface Palette {
  readonly enabled: boolean;
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

/** The SGR codes (opening, closing) of each colour the command paints with. */
const COLOURS = { green: [32, 39], red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22] } as const;
const sgr = ([open, close]: readonly [number, number]) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

const SGR_CODES = [...new Set(Object.values(COLOURS).flat())].join('|');
/** What passes to a terminal as written: line ends (CRLF too: CSV), and the palette's own escapes when colour is on. */
const KEPT_PLAIN = /(\r\n|\n)/;
const KEPT_COLOURED = new RegExp(`(\\r\\n|\\n|\\u001b\\[(?:${SGR_CODES})m)`);

/**
 * Text made safe to write to a terminal (docs/spec.md §8.2): every control character — terminal escapes,
 * C1 controls, bidirectional overrides, lone surrogates — is written visibly as `\u001b`, except line
 * ends and, when `colour` is on, the colour escapes of {@link paletteOf}. All output of the command passes
 * through it, so text from a store or a file (records written before control characters were refused, or
 * by another writer) never steers the terminal. JSON stays JSON: the escapes it adds are JSON's own.
 */
export const terminalSafe = (text: string, colour: boolean): string => {
  const parts = text.split(colour ? KEPT_COLOURED : KEPT_PLAIN);
  // split() with a capturing group puts the kept separators at the odd places.
  for (let i = 0; i < parts.length; i += 2) parts[i] = escapeControlCharacters(parts[i]!);
  return parts.join('');
};

/**
 * Whether to colour what goes to `output`: never when `NO_COLOR` is set to anything non-empty
 * (no-color.org), always when `FORCE_COLOR` is set to something other than `0`, else only on a terminal
 * that is not `TERM=dumb`. Pipes and files get plain text so that `grep` and `diff` see the figures.
 */
export const colourWanted = (output: Output, env: Readonly<Record<string, string | undefined>>): boolean => {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return output.isTTY === true && env.TERM !== 'dumb';
};

/** A palette that colours with ANSI escapes when `enabled`, else returns text unchanged. */
export const paletteOf = (enabled: boolean): Palette =>
  enabled
    ? { enabled, green: sgr(COLOURS.green), red: sgr(COLOURS.red), yellow: sgr(COLOURS.yellow), dim: sgr(COLOURS.dim), bold: sgr(COLOURS.bold) }
    : { enabled, green: plain, red: plain, yellow: plain, dim: plain, bold: plain };

/** Removes ANSI colour escapes (for widths and tests). */
export const withoutColour = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
