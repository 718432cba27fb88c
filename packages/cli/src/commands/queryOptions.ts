import { Option } from 'commander';
import type { Command } from 'commander';
import { formatProblem } from '@indicator-ledger/core';
import type { Problem } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';
import { UTF8_BOM } from '../csvText.js';
import { LANGS } from '../labels.js';
import { dateOption, districtOption, instantOption, yearOption } from '../optionValues.js';

/** The output formats of the reading commands. */
export const FORMATS = ['table', 'json', 'csv'] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/** `--district C`, required. */
export const districtRequired = (): Option => new Option('--district <code>', 'district code (GB/T 2260), e.g. 130302').argParser(districtOption).makeOptionMandatory();

/** `--year Y` (valued on Y-12-31), exclusive with `--date`. */
export const yearChoice = (): Option => new Option('--year <year>', 'the year, valued on its December 31').argParser(yearOption).conflicts('date');

/** `--date D`. */
export const dateChoice = (): Option => new Option('--date <date>', 'the valuation date YYYY-MM-DD').argParser(dateOption);

/** `--as-of T`: what was known at instant T (default: everything recorded). */
export const asOfOption = (): Option =>
  new Option('--as-of <instant>', 'as known at this instant (ISO 8601 with Z or offset); default: everything recorded').argParser(instantOption);

/** `--format`. */
export const formatOption = (): Option => new Option('--format <format>', 'output format').choices(FORMATS).default('table');

/** `--lang`. */
export const langOption = (): Option => new Option('--lang <lang>', 'labels in Chinese or English (default: from LANG)').choices(LANGS);

/** `--bom`: the CSV starts with a UTF-8 byte order mark (docs/spec.md §8.5); off by default, so a pipe gets plain CSV. */
export const bomOption = (): Option => new Option('--bom', 'with --format csv: start with a UTF-8 byte order mark, so zh-CN Excel reads Chinese labels');

/**
 * The byte order mark to put before the CSV: `\uFEFF` with `--bom`, else nothing. `--bom` with another format
 * is wrong usage (exit 2), checked before the store is opened.
 */
export const csvPrefixOf = (command: Command, options: { readonly bom?: boolean; readonly format: string }): string => {
  if (options.bom === true && options.format !== 'csv') return command.error('error: --bom goes with --format csv', { exitCode: 2, code: 'ledger.usage' });
  return options.bom === true ? UTF8_BOM : '';
};

/** Requires `--year` or `--date`, as wrong usage (exit 2, with help) when neither is given. */
export const valuationOf = (command: Command, options: { year?: number; date?: string; asOf?: string }): { year: number } | { date: string } => {
  if (options.year !== undefined) return { year: options.year };
  if (options.date !== undefined) return { date: options.date };
  return command.error("error: give --year <year> or --date <date>", { exitCode: 2, code: 'ledger.usage' });
};

/** The library refused a query: its problems on one line (the options were checked, so this is rare). */
export const refused = (problems: readonly Problem[]): CommandFailure => new CommandFailure(problems.map(formatProblem).join('; '));
