import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { formatLocatedProblem, importSources } from '../importFiles.js';
import type { ImportOutcome, ImportSource } from '../importFiles.js';
import { importProgressBar } from '../importProgressBar.js';
import { readAllText } from '../io.js';
import { describeStoreLocation } from '../storeLocation.js';

const readSource = async (name: string, context: CommandContext): Promise<ImportSource> => {
  if (name === '-') {
    if (context.io.stdin === undefined) throw new CommandFailure('- names standard input, but there is none');
    return { name, text: await readAllText(context.io.stdin) };
  }
  try {
    return { name, text: await readFile(context.path(name), 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CommandFailure(`cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
};

const wroteNothing = (outcome: ImportOutcome): boolean =>
  outcome.kind === 'refused' ||
  (outcome.kind === 'conflict' && outcome.written.length === 0) ||
  (outcome.kind === 'imported' && outcome.districts.every((d) => d.appended === 0));

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `ledger import FILE…`: NDJSON events (docs/spec.md §3) appended all or nothing, one atomic batch per district. */
export const addImportCommand = (program: Command, context: CommandContext): void => {
  program
    .command('import')
    .description('append the events of NDJSON files (one event per line, docs/spec.md §3); nothing is written unless every line is accepted')
    .argument('<files...>', 'NDJSON files; - reads standard input')
    .addHelpText(
      'after',
      `
Each file is validated whole; every problem is listed as FILE:LINE: field: reason and nothing is written.
The events of each district are appended as one atomic batch. Events already recorded (same eventId,
same content) are skipped, so importing a file again changes nothing.

Exit status: 0 imported, 1 refused (problems listed), 2 wrong usage.`,
    )
    .action(async (files: string[], _options: unknown, command: Command) => {
      if (files.filter((f) => f === '-').length > 1) command.error('error: - (standard input) can be given once', { exitCode: 2, code: 'ledger.usage' });
      const sources: ImportSource[] = [];
      for (const name of files) sources.push(await readSource(name, context));
      const totalLines = sources.reduce((n, s) => n + s.text.split('\n').length, 0);
      const bar = importProgressBar(context.io.stderr, totalLines);
      const { outcome, where } = await context
        .withStore(command, async (store, location) => ({ outcome: await importSources(store, sources, bar.onProgress), where: describeStoreLocation(location) }), { create: true, wroteNothing: ({ outcome }) => wroteNothing(outcome) })
        .finally(bar.stop);
      switch (outcome.kind) {
        case 'refused':
          for (const p of outcome.problems) context.err(`${formatLocatedProblem(p)}\n`);
          throw new CommandFailure(`${plural(outcome.problems.length, 'problem', 'problems')}; nothing was written to ${where}`);
        case 'conflict':
          throw new CommandFailure(
            `another writer appended to district ${outcome.district} during the import (its head is now ${outcome.actualPosition}); ` +
              `nothing was written for it${outcome.written.length > 0 ? ` (written before it: ${outcome.written.map((d) => d.district).join(', ')})` : ''}; import again`,
          );
        case 'imported': {
          let appended = 0;
          let skipped = 0;
          for (const d of outcome.districts) {
            appended += d.appended;
            skipped += d.skipped;
            context.out(`${d.district}: ${plural(d.appended, 'event', 'events')} appended, ${d.skipped} already recorded, head at position ${d.head.position}\n`);
          }
          context.out(`imported ${sources.length === 1 ? sources[0]!.name : plural(sources.length, 'file', 'files')} into ${where}: ${appended} appended, ${skipped} already recorded\n`);
        }
      }
    });
};
