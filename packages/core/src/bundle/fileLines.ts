/**
 * Lines of a file, read as a stream — like `node:readline`, but stricter, because a verifier must not read
 * two different files as the same lines: only LF ends a line (readline also splits at a lone CR), and a
 * line that is not well-formed UTF-8 is reported as such instead of being patched with U+FFFD.
 */
import { createReadStream } from 'node:fs';

/** One line: its 1-based number, its text (undefined when not UTF-8), and whether a LF ended it. */
export interface FileLine {
  readonly number: number;
  readonly text: string | undefined;
  readonly terminated: boolean;
}

const LF = 0x0a;

/**
 * Yields the lines of the file at `path` in order, holding one chunk and one line at a time. `onChunk`
 * sees every byte read, e.g. to hash the file in the same pass. A final line without LF is yielded with
 * `terminated: false`; an empty file has no lines.
 */
export async function* fileLines(path: string, onChunk?: (chunk: Buffer) => void): AsyncGenerator<FileLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (bytes: Buffer): string | undefined => {
    try {
      return decoder.decode(bytes);
    } catch {
      return undefined;
    }
  };
  let pending: Buffer[] = [];
  let number = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    onChunk?.(chunk);
    let start = 0;
    for (let at = chunk.indexOf(LF, start); at >= 0; at = chunk.indexOf(LF, start)) {
      const bytes = pending.length === 0 ? chunk.subarray(start, at) : Buffer.concat([...pending, chunk.subarray(start, at)]);
      pending = [];
      number += 1;
      yield { number, text: decode(bytes), terminated: true };
      start = at + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield { number: number + 1, text: decode(Buffer.concat(pending)), terminated: false };
}
