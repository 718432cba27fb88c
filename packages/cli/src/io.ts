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
