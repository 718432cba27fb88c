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

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

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
    ? { enabled, green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) }
    : { enabled, green: plain, red: plain, yellow: plain, dim: plain, bold: plain };

/** Removes ANSI colour escapes (for widths and tests). */
export const withoutColour = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');
