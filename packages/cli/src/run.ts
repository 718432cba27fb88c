import { Command, CommanderError } from 'commander';
import { CommandFailure, commandContextOf } from './commandContext.js';
import type { CommandContext } from './commandContext.js';
import { addAuditCommands } from './commands/auditCommands.js';
import { addImportCommand } from './commands/importCommand.js';
import { addReadCommands } from './commands/readCommands.js';
import { addReportCommand } from './commands/reportCommand.js';
import { addRollupCommands } from './commands/rollupCommands.js';
import { addServeCommand } from './commands/serveCommand.js';
import { addWitnessCommands } from './commands/witnessCommands.js';
import type { CliIo } from './io.js';
import { DEFAULT_STORE, maskCredentials } from './storeLocation.js';
// The bundler inlines the manifest, so the version printed is the one published, with no file read at run time.
import manifest from '../package.json' with { type: 'json' };

/** Exit statuses: success, a refusal or failure of the work (bad data), wrong usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** The version printed by `ledger --version`: the package's own, from its manifest. */
export const CLI_VERSION: string = manifest.version;

const programOf = (context: CommandContext): Command => {
  const program = new Command('ledger')
    .description('The indicator ledger of a district S&T innovation plan: import events, read indicators, audit the record.')
    .version(CLI_VERSION)
    .option('--store <store>', 'the ledger: a SQLite file, postgres://… or esdb://…', DEFAULT_STORE)
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.out(text),
      writeErr: (text) => context.err(text),
      getOutHelpWidth: () => context.io.stdout.columns ?? 100,
      getErrHelpWidth: () => context.io.stderr.columns ?? 100,
    });
  program.addHelpText(
    'after',
    `
Examples:
  ledger import seeds/plan-targets.ndjson seeds/synthetic-130302.ndjson
  ledger progress --district 130302
  ledger snapshot --district 130302 --year 2020 --format json
  ledger report --district 130302 --out report.html
  ledger keygen && ledger export-bundle --district 130302 --out bundle/
  ledger verify-bundle bundle/ --verifier-key ledger-key.pub

Exit status: 0 done, 1 refused or failed (bad data, failed verification), 2 wrong usage.`,
  );
  addImportCommand(program, context);
  addReadCommands(program, context);
  addReportCommand(program, context);
  addRollupCommands(program, context);
  addServeCommand(program, context);
  addWitnessCommands(program, context);
  addAuditCommands(program, context);
  return program;
};

/**
 * Runs the `ledger` command with `argv` (the arguments after the program name) and returns its exit
 * status. Nothing is thrown: wrong usage prints the error and help (2); refused data and failures print
 * one line each, never a stack trace (1). Set `LEDGER_DEBUG=1` to see the stack of an unexpected error.
 */
export const run = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const context = commandContextOf(io);
  const program = programOf(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end the parse through the same path as errors.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    const debug = context.env.LEDGER_DEBUG !== undefined;
    if (err instanceof CommandFailure) {
      context.err(`ledger: ${err.message}\n`);
      const cause = err.cause;
      if (debug && cause instanceof Error && cause.stack !== undefined) context.err(`${maskCredentials(cause.stack)}\n`);
      return EXIT.failure;
    }
    // Not a store's failure (those are CommandFailures with credentials masked), but masked all the same.
    const message = err instanceof Error ? err.message : String(err);
    context.err(`ledger: ${maskCredentials(message.split('\n')[0]!)}\n`);
    if (debug && err instanceof Error && err.stack !== undefined) context.err(`${maskCredentials(err.stack)}\n`);
    return EXIT.failure;
  }
};
