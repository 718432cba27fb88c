import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { INDICATOR_IDS } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { yearOption } from '../optionValues.js';
import { readReportData, renderReport } from '../report/index.js';
import { districtRequired, langOption, refused } from './queryOptions.js';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../planYears.js';

/** `ledger report --district C --out FILE.html`: one self-contained HTML file with a chart per indicator. */
export const addReportCommand = (program: Command, context: CommandContext): void => {
  program
    .command('report')
    .description('write one self-contained HTML file: per indicator, the yearly figures against the targets, and the vintages of each figure')
    .addOption(districtRequired())
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--from <year>', 'first year', yearOption, PLAN_FIRST_YEAR)
    .option('--to <year>', 'last year', yearOption, PLAN_LAST_YEAR)
    .addOption(langOption())
    .action(async (options: { district: DistrictCode; out: string; from: number; to: number; lang?: string }, command: Command) => {
      if (options.from > options.to) command.error(`error: --from ${options.from} is after --to ${options.to}`, { exitCode: 2, code: 'ledger.usage' });
      const read = await context.withStore(command, (store) => readReportData(store, options.district, options.from, options.to), { access: 'cache', district: options.district });
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
