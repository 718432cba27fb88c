import type { TargetStatus } from '@indicator-ledger/core';
import type { Palette } from './colours.js';
import type { Lang } from './labels.js';
import { statusLabel } from './labels.js';

/** A one-character mark per status, so the table reads the same without colour. */
const MARKS: Readonly<Record<TargetStatus, string>> = { met: '✓', 'not-met': '✗', 'no-data': '?', 'no-target': '' };

/** Colours by status: met green, not met red, no data yellow, no target dim. */
export const paintStatus = (status: TargetStatus, text: string, palette: Palette): string => {
  switch (status) {
    case 'met':
      return palette.green(text);
    case 'not-met':
      return palette.red(text);
    case 'no-data':
      return palette.yellow(text);
    case 'no-target':
      return palette.dim(text);
  }
};

/** The status mark. */
export const statusMark = (status: TargetStatus): string => MARKS[status];

/** The status as a mark and words, coloured: `✓ met`. */
export const statusCell = (status: TargetStatus, lang: Lang, palette: Palette): string =>
  paintStatus(status, [MARKS[status], statusLabel(status, lang)].filter((s) => s !== '').join(' '), palette);
