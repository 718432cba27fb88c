import type { Readable } from 'node:stream';

/** Where the command writes: a process stream, or a collecting buffer in tests. */
export interface Output {
  write(text: string): unknown;
  /** True when a person is watching (a terminal); decides colours and progress bars. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/** The command's view of its process: streams, environment and working directory, injectable for tests. */
export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Read by `import -`. */
  readonly stdin?: Readable | AsyncIterable<string | Buffer>;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`, `LANG`); default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Relative paths (`--store`, files, `--out`) resolve against this; default: `process.cwd()`. */
  readonly cwd?: string;
}

/** Reads a whole stream as UTF-8 text. */
export const readAllText = async (input: AsyncIterable<string | Buffer>): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks).toString('utf8');
};

/** A process stream as an {@link Output} that survives its reader going away; see {@link pipeOutput}. */
export interface PipeOutput extends Output {
  /** The stream's error other than a closed pipe (a full disk, a broken terminal), if one happened. */
  readonly failure: () => Error | undefined;
}

/**
 * Standard output as the command writes it (docs/spec.md §8.5). When the reader closes the pipe early
 * (`ledger history … | head`), the stream reports EPIPE: the rest of the output has no one to read it,
 * so it is dropped quietly and the command ends as it would have — no message, no stack trace, its own
 * exit status (an import is never cut short by a closed pipe). Any other error of the stream is kept
 * for the caller to report, since output that was meant to be kept (a file on a full disk) was lost.
 */
export const pipeOutput = (stream: NodeJS.WriteStream): PipeOutput => {
  let closed = false;
  let failure: Error | undefined;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    closed = true;
    if (err.code !== 'EPIPE') failure ??= err;
  });
  return {
    write: (text: string) => (closed ? false : stream.write(text)),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
    failure: () => failure,
  };
};
