import { isUtf8 } from 'node:buffer';
import { strayBomReason } from '@indicator-ledger/core';
import type { Problem } from '@indicator-ledger/core';

/**
 * The bytes of an import file as lines of text (docs/spec.md §3, §8.1): split on LF with nothing but the
 * current line held in memory, each line checked to be UTF-8 before it becomes text.
 */

/** One line of an input: its text, or why its bytes are not a line of text. */
export type InputLine =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly problem: Problem };

/** Lines longer than this are refused without being held in memory (an event is a few hundred bytes). */
export const MAX_LINE_BYTES = 1024 * 1024;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Where the first byte sequence that is not UTF-8 (RFC 3629) starts, and its bytes; `undefined` for valid UTF-8. */
export const firstInvalidUtf8 = (bytes: Uint8Array): { readonly offset: number; readonly bytes: readonly number[] } | undefined => {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const width = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (width === 0) return { offset: i, bytes: [lead] };
    for (let k = 1; k < width; k++) {
      const next = bytes[i + k];
      // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
      const low = k === 1 && lead === 0xe0 ? 0xa0 : k === 1 && lead === 0xf0 ? 0x90 : 0x80;
      const high = k === 1 && lead === 0xed ? 0x9f : k === 1 && lead === 0xf4 ? 0x8f : 0xbf;
      if (next === undefined) return { offset: i, bytes: [...bytes.subarray(i, i + k)] };
      if (next < low || next > high) return { offset: i, bytes: [...bytes.subarray(i, i + k + 1)] };
    }
    i += width;
  }
  return undefined;
};

const hexBytes = (bytes: readonly number[]): string => bytes.map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');

/** The reason for a line whose bytes are not UTF-8, naming the (1-based) byte within the line. */
export const invalidUtf8Reason = (bad: { readonly offset: number; readonly bytes: readonly number[] }): string =>
  `byte ${bad.offset + 1}: invalid UTF-8 (${hexBytes(bad.bytes)})`;

/**
 * One line's bytes as text, or the problem that stops it: bytes that are not UTF-8 are refused, never
 * replaced by U+FFFD (docs/spec.md §8.1). A byte-order mark is dropped at the start of the input
 * (`first`) and named anywhere else at the start of a line.
 */
export const lineOfBytes = (bytes: Buffer, line: number, first: boolean): InputLine => {
  let body = bytes;
  if (body.subarray(0, 3).equals(BOM)) {
    if (!first) return { line, problem: { line, path: '', reason: strayBomReason(0) } };
    body = body.subarray(3);
  }
  if (!isUtf8(body)) {
    const bad = firstInvalidUtf8(body)!;
    return { line, problem: { line, path: '', reason: invalidUtf8Reason({ ...bad, offset: bad.offset + (body === bytes ? 0 : 3) }) } };
  }
  return { line, text: body.toString('utf8') };
};

/**
 * Splits a byte stream into lines at LF (a CR before it stays, for the JSON reader to drop) and yields
 * each as {@link InputLine}, numbered from 1. Memory: one line (at most {@link MAX_LINE_BYTES}) and one chunk.
 */
export async function* inputLinesOf(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncIterable<InputLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let line = 1;
  const finish = (tail: Buffer): InputLine => {
    const result: InputLine = overlong || pendingBytes + tail.length > MAX_LINE_BYTES
      ? { line, problem: { line, path: '', reason: `is longer than ${MAX_LINE_BYTES} bytes` } }
      : lineOfBytes(pending.length === 0 ? tail : Buffer.concat([...pending, tail]), line, line === 1);
    pending = [];
    pendingBytes = 0;
    overlong = false;
    line++;
    return result;
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = bytes.indexOf(0x0a, start); end >= 0; end = bytes.indexOf(0x0a, start)) {
      yield finish(overlong ? Buffer.alloc(0) : bytes.subarray(start, end));
      start = end + 1;
    }
    if (start < bytes.length && !overlong) {
      // Copied: the stream may reuse its chunk's memory.
      const rest = Buffer.from(bytes.subarray(start));
      pendingBytes += rest.length;
      if (pendingBytes > MAX_LINE_BYTES) {
        overlong = true;
        pending = [];
      } else pending.push(rest);
    }
  }
  if (pendingBytes > 0 || overlong) yield finish(Buffer.alloc(0));
}
