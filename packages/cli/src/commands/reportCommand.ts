import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { INDICATOR_IDS } from '@indicator-ledger/core';
import type { DistrictCode, Instant } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { districtOption, yearOption } from '../optionValues.js';
import { readReportData, renderReport } from '../report/index.js';
import { asOfOption, langOption, refused } from './queryOptions.js';
import { projectionsOver } from './readCommands.js';
import { districtListOption } from './rollupCommands.js';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../planYears.js';

interface ReportOptions {
  district?: DistrictCode;
  districts?: string[];
  out: string;
  from: number;
  to: number;
  asOf?: Instant;
  lang?: string;
}

/**
 * `ledger report (--district C | --districts C1,C2,…) --out FILE.html [--as-of T]`: one self-contained HTML
 * file with a chart per indicator, of one district or of the library's roll-up of several (docs/spec.md §8.5).
 */
export const addReportCommand = (program: Command, context: CommandContext): void => {
  program
    .command('report')
    .description('write one self-contained HTML file: per indicator, the yearly figures against the targets, and the vintages of each figure')
    .addOption(new Option('--district <code>', 'district code (GB/T 2260), e.g. 130302').argParser(districtOption).conflicts('districts'))
    .addOption(new Option('--districts <codes>', 'a roll-up report of several districts, codes separated by commas, e.g. 130302,130303').argParser(districtListOption))
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--from <year>', 'first year', yearOption, PLAN_FIRST_YEAR)
    .option('--to <year>', 'last year', yearOption, PLAN_LAST_YEAR)
    .addOption(asOfOption())
    .addOption(langOption())
    .action(async (options: ReportOptions, command: Command) => {
      if (options.district === undefined && options.districts === undefined) command.error('error: give --district <code> or --districts <codes>', { exitCode: 2, code: 'ledger.usage' });
      if (options.from > options.to) command.error(`error: --from ${options.from} is after --to ${options.to}`, { exitCode: 2, code: 'ledger.usage' });
      // One district named in --districts is that district's report; the library checks a list of several.
      const districts = options.district !== undefined ? [options.district] : options.districts!;
      const single = districts.length === 1 ? { district: districts[0]! } : {};
      const query = { districts, from: options.from, to: options.to, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) };
      const read = await context.withStore(command, (store) => readReportData(store, query, projectionsOver(store, context)), { access: 'cache', ...single });
      if (!read.ok) throw refused(read.problems);
      const html = await renderReport(read.data, context.langOf(options));
      const path = context.path(options.out);
      try {
        await writeFile(path, html, 'utf8');
      } catch (err) {
        throw new CommandFailure(`cannot write ${options.out}: ${(err as Error).message}`);
      }
      context.out(`wrote ${options.out} (${Math.round(Buffer.byteLength(html) / 1024)} KiB, ${2 * INDICATOR_IDS.length} charts)\n`);
    });
};
