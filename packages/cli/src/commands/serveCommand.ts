import { Option } from 'commander';
import type { Command } from 'commander';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { wholeNumberOption } from '../optionValues.js';
import { startWorkbench } from '../serve/workbenchServer.js';

/** Signals that stop the workbench; the store is closed before the command returns. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** `ledger serve`: the read-only workbench over the chosen store (docs/workbench.md), until Ctrl-C. */
export const addServeCommand = (program: Command, context: CommandContext): void => {
  program
    .command('serve')
    .description('a local, read-only web workbench over the ledger: progress, figures, vintages, lineage, time travel, and a JSON API under /api/')
    .addOption(new Option('--port <port>', 'TCP port (0: any free port)').argParser(wholeNumberOption(0)).default(8080))
    .option('--host <host>', 'address to listen on; other than 127.0.0.1 exposes the ledger to the network', '127.0.0.1')
    .addHelpText('after', '\nPrints the URL, then serves until interrupted (Ctrl-C). Nothing is ever written to the store.')
    .action(async (options: { port: number; host: string }, command: Command) => {
      if (options.port > 65_535) command.error(`error: option '--port <port>' argument '${options.port}' is invalid. should be a whole number ≤ 65535`, { exitCode: 2, code: 'ledger.usage' });
      await context.withStore(command, async (store) => {
        let workbench;
        try {
          workbench = await startWorkbench(store, { host: options.host, port: options.port });
        } catch (err) {
          throw new CommandFailure(`cannot listen on ${options.host}:${options.port}: ${(err as Error).message}`);
        }
        context.out(`serving the ledger read-only at ${workbench.url} (Ctrl-C stops)\n`);
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            for (const signal of STOP_SIGNALS) process.off(signal, stop);
            resolve();
          };
          for (const signal of STOP_SIGNALS) process.on(signal, stop);
        });
        await workbench.close();
      });
    });
};
