import { Option } from 'commander';
import type { Command } from 'commander';
import type { IndicatorId } from '@indicator-ledger/core';
import type { CommandContext } from '../commandContext.js';
import { indicatorOption, yearOption } from '../optionValues.js';
import { districtsQuery, jsonText, rankingQuery, rollupQuery, rollupYearsQuery } from '../queries.js';
import { districtsCsv, districtsTable, rankingCsv, rankingTable, rollupCsv, rollupTable } from '../rollupView.js';
import { asOfOption, formatOption, langOption, refused } from './queryOptions.js';
import { rankingSheets, rollupSheets } from '../spreadsheetView.js';
import { checkSpreadsheetOutput, outOption, spreadsheetFormatOption, writeSpreadsheet } from './spreadsheetOutput.js';
import type { Format } from './queryOptions.js';
import { projectionsOver } from './readCommands.js';

/**
 * `--districts a,b,c`: the codes as given, split on commas. They are not checked here: the library's
 * `rollup` and `ranking` check every code (and refuse empty or repeated lists), and their problems are
 * printed as they are (docs/spec.md §8.5).
 */
export const districtListOption = (text: string): string[] => (text.trim() === '' ? [] : text.split(',').map((d) => d.trim()));

const districtsRequired = (): Option =>
  new Option('--districts <codes>', 'district codes separated by commas, e.g. 130302,130303').argParser(districtListOption).makeOptionMandatory();

interface ListOptions {
  districts: string[];
  asOf?: string;
  format: Format | 'xlsx';
  out?: string;
  lang?: string;
}

/** `districts`, `rollup`, `ranking`: the ledger's streams, and figures over several districts (docs/spec.md §7, §8.5). */
export const addRollupCommands = (program: Command, context: CommandContext): void => {
  program
    .command('districts')
    .description('the districts of the ledger: record count, first and last recordedAt of each stream')
    .addOption(formatOption())
    .addOption(langOption())
    .action(async (options: { format: Format; lang?: string }, command: Command) => {
      const report = await context.withStore(command, (store) => districtsQuery(store));
      if (options.format === 'json') context.out(jsonText(report));
      else if (options.format === 'csv') context.out(districtsCsv(report));
      else context.out(districtsTable(report, context.langOf(options), context.palette(context.io.stdout)));
    });

  program
    .command('rollup')
    .description('several districts combined: counts and money summed, ratios recomputed from summed parts (never averaged)')
    .addOption(districtsRequired())
    .addOption(new Option('--year <year>', 'one year, valued on its December 31').argParser(yearOption).conflicts(['from', 'to']))
    .option('--from <year>', 'first year of a range (with --to)', yearOption)
    .option('--to <year>', 'last year of a range (with --from)', yearOption)
    .addOption(asOfOption())
    .addOption(spreadsheetFormatOption())
    .addOption(outOption())
    .addOption(langOption())
    .addHelpText('after', '\n--format json prints the library\'s roll-up object (--year) or {districts, asOf, years: [roll-up…]} (--from/--to).')
    .action(async (options: ListOptions & { year?: number; from?: number; to?: number }, command: Command) => {
      checkSpreadsheetOutput(command, options);
      const asOf = options.asOf !== undefined ? { asOf: options.asOf } : {};
      let answer;
      if (options.year !== undefined) {
        const year = options.year;
        answer = await context.withStore(command, (store) => rollupQuery(projectionsOver(store, context), options.districts, { year, ...asOf }));
      } else {
        const { from, to } = options;
        if (from === undefined || to === undefined) return command.error('error: give --year <year>, or --from <year> and --to <year>', { exitCode: 2, code: 'ledger.usage' });
        if (from > to) return command.error(`error: --from ${from} is after --to ${to}`, { exitCode: 2, code: 'ledger.usage' });
        answer = await context.withStore(command, (store) => rollupYearsQuery(projectionsOver(store, context), { districts: options.districts, from, to, ...asOf }));
      }
      if (answer._tag === 'Left') throw refused(answer.left);
      const lang = context.langOf(options);
      if (options.format === 'json') context.out(jsonText(answer.right));
      else if (options.format === 'xlsx') await writeSpreadsheet(context, options.out!, rollupSheets(answer.right, lang));
      else if (options.format === 'csv') context.out(rollupCsv(answer.right, lang));
      else context.out(rollupTable(answer.right, lang, context.palette(context.io.stdout)));
    });

  program
    .command('ranking')
    .description('districts ranked on one indicator for one year (equal values share a rank; no figure: unranked, last)')
    .addOption(districtsRequired())
    .requiredOption('--indicator <id>', 'indicator id (docs/spec.md §6)', indicatorOption)
    .requiredOption('--year <year>', 'the year, valued on its December 31', yearOption)
    .addOption(new Option('--order <order>', 'desc: largest first; asc: smallest first').choices(['desc', 'asc']).default('desc'))
    .addOption(asOfOption())
    .addOption(spreadsheetFormatOption())
    .addOption(outOption())
    .addOption(langOption())
    .action(async (options: ListOptions & { indicator: IndicatorId; year: number; order: 'desc' | 'asc' }, command: Command) => {
      checkSpreadsheetOutput(command, options);
      const answer = await context.withStore(command, (store) =>
        rankingQuery(projectionsOver(store, context), {
          districts: options.districts,
          indicator: options.indicator,
          year: options.year,
          order: options.order,
          ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
        }),
      );
      if (answer._tag === 'Left') throw refused(answer.left);
      if (options.format === 'json') context.out(jsonText(answer.right));
      else if (options.format === 'xlsx') await writeSpreadsheet(context, options.out!, rankingSheets(answer.right, context.langOf(options)));
      else if (options.format === 'csv') context.out(rankingCsv(answer.right));
      else context.out(rankingTable(answer.right, context.langOf(options), context.palette(context.io.stdout)));
    });
};
