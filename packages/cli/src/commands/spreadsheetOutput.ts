import { Option } from 'commander';
import type { Command } from 'commander';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import type { Sheet } from '../spreadsheetView.js';
import { writeXlsxFile } from '../xlsxFile.js';
import { FORMATS } from './queryOptions.js';

/** The formats of commands that also write spreadsheets: those of every reading command, and xlsx. */
export const SPREADSHEET_FORMATS = [...FORMATS, 'xlsx'] as const;

/** `--format` with xlsx among the choices. */
export const spreadsheetFormatOption = (): Option => new Option('--format <format>', 'output format (xlsx needs --out)').choices(SPREADSHEET_FORMATS).default('table');

/** `--out FILE.xlsx`, for `--format xlsx`. */
export const outOption = (): Option => new Option('--out <file>', 'the .xlsx file to write (with --format xlsx)');

/**
 * `--format xlsx` writes a binary file, so it needs `--out` (a spreadsheet on a terminal is noise, and a
 * pipe is better served by csv); `--out` with another format would be ignored, so it is refused too.
 * Both are wrong usage (exit 2), checked before the store is opened.
 */
export const checkSpreadsheetOutput = (command: Command, options: { readonly format: string; readonly out?: string }): void => {
  if (options.format === 'xlsx' && options.out === undefined) {
    command.error('error: --format xlsx writes a binary spreadsheet, never to the terminal: give --out FILE.xlsx', { exitCode: 2, code: 'ledger.usage' });
  }
  if (options.format !== 'xlsx' && options.out !== undefined) {
    command.error(`error: --out is for --format xlsx; --format ${options.format} prints to standard output`, { exitCode: 2, code: 'ledger.usage' });
  }
};

/** Writes the sheets to `--out` and says so on standard output. */
export const writeSpreadsheet = async (context: CommandContext, out: string, sheets: readonly Sheet[]): Promise<void> => {
  try {
    await writeXlsxFile(context.path(out), sheets);
  } catch (err) {
    throw new CommandFailure(`cannot write ${out}: ${(err as Error).message.split('\n')[0]}`);
  }
  context.out(`wrote ${out} (${sheets.length} ${sheets.length === 1 ? 'sheet' : 'sheets'})\n`);
};
