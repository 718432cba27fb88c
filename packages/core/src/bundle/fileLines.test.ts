import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../testing/auditFixtures.js';
import { fileLines } from './fileLines.js';

const dir = scratchDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const linesOf = async (bytes: Buffer | string) => {
  const path = join(dir, `f${++files}`);
  writeFileSync(path, bytes);
  const out = [];
  for await (const line of fileLines(path)) out.push(line);
  return out;
};

describe('fileLines', () => {
  it('splits at LF only, keeping a lone CR or CRLF in the line', async () => {
    expect(await linesOf('a\rb\nc\r\n\nd\n')).toEqual([
      { number: 1, text: 'a\rb', terminated: true },
      { number: 2, text: 'c\r', terminated: true },
      { number: 3, text: '', terminated: true },
      { number: 4, text: 'd', terminated: true },
    ]);
  });
  it('reports a last line without LF, and no lines for an empty file', async () => {
    expect(await linesOf('x\ny')).toEqual([
      { number: 1, text: 'x', terminated: true },
      { number: 2, text: 'y', terminated: false },
    ]);
    expect(await linesOf('')).toEqual([]);
  });
  it('marks a line that is not UTF-8 instead of patching it, and keeps a BOM', async () => {
    expect(await linesOf(Buffer.from([0x61, 0xff, 0x0a, 0x62, 0x0a]))).toEqual([
      { number: 1, text: undefined, terminated: true },
      { number: 2, text: 'b', terminated: true },
    ]);
    expect((await linesOf('\ufeff{}\n'))[0]?.text).toBe('\ufeff{}');
  });
  it('reads lines and characters that straddle chunk boundaries', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${'专员'.repeat(i % 50)}${i}`);
    const read = await linesOf(lines.map((l) => `${l}\n`).join(''));
    expect(read.map((l) => l.text)).toEqual(lines);
    expect(read.every((l) => l.terminated)).toBe(true);
  });
});
