import type { Command } from 'commander';
import { createIndicatorProjections } from '@indicator-ledger/core';
import type { EventStore, IndicatorId } from '@indicator-ledger/core';
import type { CommandContext } from '../commandContext.js';
import { explanationCsv, explanationText, vintagesCsv, vintagesTable } from '../explanationView.js';
import { EntityNames } from '../serve/entityNames.js';
import { indicatorOption, yearOption } from '../optionValues.js';
import { progressCsv, progressTable } from '../progressView.js';
import { snapshotCsv, snapshotTable } from '../snapshotView.js';
import { asOfOption, bomOption, csvPrefixOf, dateChoice, districtRequired, formatOption, langOption, refused, valuationOf, yearChoice } from './queryOptions.js';
import type { Format } from './queryOptions.js';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../planYears.js';
import { explainQuery, jsonText, progressQuery, snapshotQuery, vintagesQuery } from '../queries.js';
import { explanationSheets, progressSheets } from '../spreadsheetView.js';
import { checkSpreadsheetOutput, outOption, spreadsheetFormatOption, writeSpreadsheet } from './spreadsheetOutput.js';

/** A CLI process folds a district once per run; after a long fold it leaves a checkpoint for the next run. */
const CHECKPOINT_EVERY = 10_000;

/** These commands leave projection checkpoints where they may write, and read a read-only file (docs/spec.md §8.1). */
const CACHE = { access: 'cache' } as const;

/**
 * The read side over `store`. A stored projection checkpoint that fails its checks is not used (docs/spec.md
 * §8.4); the figures come from the records, and standard error says so, since someone edited the store.
 */
export const projectionsOver = (store: EventStore, context: CommandContext) =>
  createIndicatorProjections(store, {
    checkpointEvery: CHECKPOINT_EVERY,
    onCheckpointRejected: (p) =>
      context.err(
        `ledger: warning: projection checkpoint ${JSON.stringify(p.projection)} of ${p.district} at position ${p.position} was not used (${p.reason}); the figures were computed from the records\n`,
      ),
  });

/** JSON on standard output: exactly the library's object, nothing else (the workbench's API sends the same). */
const json = jsonText;

interface QueryOptions {
  district: string;
  year?: number;
  date?: string;
  asOf?: string;
  format: Format;
  lang?: string;
  bom?: boolean;
}

/** The options of a query that may also write a spreadsheet (`--format xlsx --out FILE`). */
type SpreadsheetQueryOptions = Omit<QueryOptions, 'format'> & { format: Format | 'xlsx'; out?: string };

/** `snapshot`, `progress`, `explain`, `vintages`: the projections of docs/spec.md §6–7, as tables, JSON or CSV. */
export const addReadCommands = (program: Command, context: CommandContext): void => {
  program
    .command('snapshot')
    .description('every indicator of a district at a date, as known at an instant (docs/spec.md §7)')
    .addOption(districtRequired())
    .addOption(yearChoice())
    .addOption(dateChoice())
    .addOption(asOfOption())
    .addOption(formatOption())
    .addOption(bomOption())
    .addOption(langOption())
    .addHelpText('after', '\n--format json prints exactly the snapshot object of docs/spec.md §7 on standard output.')
    .action(async (options: QueryOptions, command: Command) => {
      const valuation = valuationOf(command, options);
      const bom = csvPrefixOf(command, options);
      const snapshot = await context.withStore(command, (store) =>
        snapshotQuery(projectionsOver(store, context), options.district, { ...valuation, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) }),
        { ...CACHE, district: options.district },
      );
      if (snapshot._tag === 'Left') throw refused(snapshot.left);
      const lang = context.langOf(options);
      if (options.format === 'json') context.out(json(snapshot.right));
      else if (options.format === 'csv') context.out(bom + snapshotCsv(snapshot.right, lang));
      else context.out(snapshotTable(snapshot.right, lang, context.palette(context.io.stdout)));
    });

  program
    .command('progress')
    .description('indicators × years: value, target and status (each year valued on December 31)')
    .addOption(districtRequired())
    .option('--from <year>', 'first year', yearOption, PLAN_FIRST_YEAR)
    .option('--to <year>', 'last year', yearOption, PLAN_LAST_YEAR)
    .addOption(asOfOption())
    .addOption(spreadsheetFormatOption())
    .addOption(outOption())
    .addOption(bomOption())
    .addOption(langOption())
    .action(async (options: SpreadsheetQueryOptions & { from: number; to: number }, command: Command) => {
      if (options.from > options.to) command.error(`error: --from ${options.from} is after --to ${options.to}`, { exitCode: 2, code: 'ledger.usage' });
      checkSpreadsheetOutput(command, options);
      const bom = csvPrefixOf(command, options);
      const answer = await context.withStore(command, (store) =>
        progressQuery(projectionsOver(store, context), { district: options.district, from: options.from, to: options.to, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) }),
        { ...CACHE, district: options.district },
      );
      if (answer._tag === 'Left') throw refused(answer.left);
      const report = answer.right;
      const lang = context.langOf(options);
      if (options.format === 'json') context.out(json(report));
      else if (options.format === 'xlsx') await writeSpreadsheet(context, options.out!, progressSheets(report, lang));
      else if (options.format === 'csv') context.out(bom + progressCsv(report, lang));
      else context.out(progressTable(report, lang, context.palette(context.io.stdout)));
    });

  program
    .command('explain')
    .description('the entities and event ids behind one figure, and the statistic reports a ratio used')
    .addOption(districtRequired())
    .requiredOption('--indicator <id>', 'indicator id (docs/spec.md §6), e.g. high-tech-enterprises', indicatorOption)
    .addOption(yearChoice())
    .addOption(dateChoice())
    .addOption(asOfOption())
    .addOption(spreadsheetFormatOption())
    .addOption(outOption())
    .addOption(bomOption())
    .addOption(langOption())
    .action(async (options: SpreadsheetQueryOptions & { indicator: IndicatorId }, command: Command) => {
      const valuation = valuationOf(command, options);
      checkSpreadsheetOutput(command, options);
      const bom = csvPrefixOf(command, options);
      const { explanation, names } = await context.withStore(
        command,
        async (store) => {
          const explanation = await explainQuery(projectionsOver(store, context), options.district, options.indicator, { ...valuation, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}) });
          // Names only for the terminal: JSON, CSV and xlsx stay the library's explanation (docs/spec.md §8.5).
          const names = explanation._tag === 'Right' && options.format === 'table' ? await new EntityNames(store).of(explanation.right.district) : new Map<number, string>();
          return { explanation, names };
        },
        { ...CACHE, district: options.district },
      );
      if (explanation._tag === 'Left') throw refused(explanation.left);
      if (options.format === 'json') context.out(json(explanation.right));
      else if (options.format === 'xlsx') await writeSpreadsheet(context, options.out!, explanationSheets(explanation.right, context.langOf(options)));
      else if (options.format === 'csv') context.out(bom + explanationCsv(explanation.right));
      else context.out(explanationText(explanation.right, context.langOf(options), context.palette(context.io.stdout), names));
    });

  program
    .command('vintages')
    .description('how a yearly figure was revised over knowledge time: [from, to) periods of recordedAt with the value of each')
    .addOption(districtRequired())
    .requiredOption('--indicator <id>', 'indicator id (docs/spec.md §6)', indicatorOption)
    .requiredOption('--year <year>', 'the year (valued on its December 31)', yearOption)
    .addOption(formatOption())
    .addOption(bomOption())
    .addOption(langOption())
    .action(async (options: QueryOptions & { indicator: IndicatorId; year: number }, command: Command) => {
      const bom = csvPrefixOf(command, options);
      const answer = await context.withStore(command, (store) => vintagesQuery(projectionsOver(store, context), options.district, options.indicator, options.year), {
        ...CACHE,
        district: options.district,
      });
      if (answer._tag === 'Left') throw refused(answer.left);
      const report = answer.right;
      if (options.format === 'json') context.out(json(report));
      else if (options.format === 'csv') context.out(bom + vintagesCsv(report));
      else context.out(vintagesTable(report, context.langOf(options), context.palette(context.io.stdout)));
    });
};
