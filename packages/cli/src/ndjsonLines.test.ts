import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, inputLinesOf, MAX_LINE_BYTES } from './ndjsonLines.js';

const linesOf = async (chunks: readonly Uint8Array[]) => {
  const out = [];
  for await (const l of inputLinesOf(chunks)) out.push(l);
  return out;
};

describe('firstInvalidUtf8 (docs/spec.md §8.1)', () => {
  it('finds nothing in any encoded string, and finds something exactly when the bytes are not UTF-8', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => firstInvalidUtf8(Buffer.from(s, 'utf8')) === undefined));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const bad = firstInvalidUtf8(bytes);
        expect(bad === undefined).toBe(isUtf8(bytes));
        // Everything before the bad sequence is UTF-8, and the sequence starts there.
        if (bad !== undefined) {
          expect(isUtf8(bytes.subarray(0, bad.offset))).toBe(true);
          expect(bad.bytes[0]).toBe(bytes[bad.offset]);
        }
      }),
    );
  });

  it('names the broken two-byte sequence of the usual mistake', () => {
    expect(firstInvalidUtf8(Buffer.from([0x7b, 0xc3, 0x28]))).toEqual({ offset: 1, bytes: [0xc3, 0x28] });
  });
});

describe('inputLinesOf', () => {
  it('yields the same lines however the bytes are cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\n\uFEFF]/g, '')), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), async (lines, cuts) => {
        const bytes = Buffer.from(lines.join('\n'), 'utf8');
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i, all) => bytes.subarray(from, all[i + 1] ?? bytes.length));
        const texts = (await linesOf(chunks)).map((l) => ('text' in l ? l.text : l.problem.reason));
        // A final LF ends the last line; it does not start an empty one.
        const expected = lines.join('\n').split('\n');
        if (expected.at(-1) === '') expected.pop();
        expect(texts).toEqual(expected);
      }),
    );
  });

  it('refuses an over-long line without holding it, and goes on with the next', async () => {
    const long = Buffer.alloc(MAX_LINE_BYTES + 10, 0x61);
    const lines = await linesOf([long.subarray(0, 1000), long.subarray(1000), Buffer.from('\n{}\n')]);
    expect(lines).toEqual([
      { line: 1, problem: { line: 1, path: '', reason: `is longer than ${MAX_LINE_BYTES} bytes` } },
      { line: 2, text: '{}' },
    ]);
  });
});
