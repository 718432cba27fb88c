import { createReadStream, statSync } from 'node:fs';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { IdlessRepeats, ImportFailure, ImportSummary } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { formatLocatedProblem, importSources } from '../importFiles.js';
import type { ImportOutcome, ImportSource } from '../importFiles.js';
import { importProgressBar } from '../importProgressBar.js';
import { describeStoreLocation } from '../storeLocation.js';

// Every file is looked at before anything is read, so a misspelt name fails at once; its bytes are then
// streamed, never read whole (docs/spec.md §8.1).
const sourceOf = (name: string, context: CommandContext): ImportSource => {
  if (name === '-') {
    if (context.io.stdin === undefined) throw new CommandFailure('- names standard input, but there is none');
    return { name, bytes: context.io.stdin };
  }
  const path = context.path(name);
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    // Opened when the import reads it, not before: a store that cannot be opened leaves no stream behind.
    const bytes: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => createReadStream(path, { highWaterMark: 256 * 1024 })[Symbol.asyncIterator]() };
    return { name, bytes, size: stat.size };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CommandFailure(`cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
};

/** The warning for appended events identical to recorded ones but without an eventId (docs/spec.md §8.1). */
const idlessRepeatsWarning = (repeats: IdlessRepeats): string =>
  `ledger: warning: ${plural(repeats.count, 'appended event has', 'appended events have')} no eventId and the same content as an event already recorded ` +
  `(${repeats.first.map((r) => `${r.source}:${r.line}`).join(', ')}${repeats.count > repeats.first.length ? ', …' : ''}); ` +
  'was this file imported before? Give every line an eventId to make a re-import change nothing\n';

const wroteNothing: (outcome: ImportOutcome) => boolean = E.match(
  (failure) => failure.kind === 'refused' || failure.written.length === 0,
  (summary) => summary.districts.every((d) => d.appended === 0),
);

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The command's failure: every problem on standard error, then the one-line summary (exit 1). */
const failureOf = (failure: ImportFailure, where: string, context: CommandContext): CommandFailure => {
  if (failure.kind === 'refused') {
    for (const p of failure.problems) context.err(`${formatLocatedProblem(p)}\n`);
    return new CommandFailure(`${plural(failure.problems.length, 'problem', 'problems')}; nothing was written to ${where}`);
  }
  return new CommandFailure(
    `another writer appended to district ${failure.district} during the import (its head is now ${failure.actualPosition}); ` +
      `nothing was written for it${failure.written.length > 0 ? ` (written before it: ${failure.written.map((d) => d.district).join(', ')})` : ''}; import again`,
  );
};

/** What an import wrote: one line per district, the warning on repeats, then the total. */
const report = (summary: ImportSummary, sources: readonly ImportSource[], where: string, context: CommandContext): void => {
  let appended = 0;
  let skipped = 0;
  for (const d of summary.districts) {
    appended += d.appended;
    skipped += d.skipped;
    context.out(`${d.district}: ${plural(d.appended, 'event', 'events')} appended, ${d.skipped} already recorded, head at position ${d.head.position}\n`);
  }
  if (summary.idlessRepeats.count > 0) context.err(idlessRepeatsWarning(summary.idlessRepeats));
  context.out(`imported ${sources.length === 1 ? sources[0]!.name : plural(sources.length, 'file', 'files')} into ${where}: ${appended} appended, ${skipped} already recorded\n`);
};

/** `ledger import FILE…`: NDJSON events (docs/spec.md §3) appended all or nothing, one atomic batch per district. */
export const addImportCommand = (program: Command, context: CommandContext): void => {
  program
    .command('import')
    .description('append the events of NDJSON files (one event per line, docs/spec.md §3); nothing is written unless every line is accepted')
    .argument('<files...>', 'NDJSON files; - reads standard input')
    .addHelpText(
      'after',
      `
Files are read as a stream, of any size; every line is checked, every problem is listed as
FILE:LINE: field: reason and then nothing is written. Lines must be UTF-8 (a byte-order mark is allowed
at the start of a file). Into a SQLite file the whole import is one transaction; a refused import into a
new path leaves no file. A line whose eventId is already recorded with the same content is skipped, so
importing again a file whose lines all carry an eventId changes nothing; a line without an eventId is
appended again, with a warning naming such lines.

Exit status: 0 imported, 1 refused (problems listed), 2 wrong usage.`,
    )
    .action(async (files: string[], _options: unknown, command: Command) => {
      if (files.filter((f) => f === '-').length > 1) command.error('error: - (standard input) can be given once', { exitCode: 2, code: 'ledger.usage' });
      const sources = files.map((name) => sourceOf(name, context));
      const bar = importProgressBar(context.io.stderr, sources.every((s) => s.size !== undefined) ? sources.reduce((n, s) => n + s.size!, 0) : 0);
      const { outcome, where } = await context
        .withStore(command, async (store, location) => ({ outcome: await importSources(store, sources, bar.onProgress, (line) => context.err(line)), where: describeStoreLocation(location) }), {
          access: 'write',
          create: true,
          wroteNothing: ({ outcome }) => wroteNothing(outcome),
        })
        .finally(bar.stop);
      if (E.isLeft(outcome)) throw failureOf(outcome.left, where, context);
      report(outcome.right, sources, where, context);
    });
};
