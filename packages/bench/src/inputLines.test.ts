import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureInputLines, inputBatchesOf } from './inputLines.js';
import { syntheticInputs } from './syntheticInputs.js';

const dir = mkdtempSync(join(tmpdir(), 'input-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('the measured inputs as NDJSON files', () => {
  const stream = { district: '130303', seed: 7, events: 250 };

  it('holds events from+1..events of the stream, one per line, and is found in the cache the second time', async () => {
    const first = await ensureInputLines(dir, stream, 100);
    expect(first.generated).toBe(true);
    const lines = readFileSync(first.path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([...syntheticInputs(stream)].slice(100));
    const again = await ensureInputLines(dir, stream, 100);
    expect(again).toEqual({ path: first.path, generated: false, generationMs: 0 });
    // Another range or another stream is another file.
    expect((await ensureInputLines(dir, stream)).path).not.toBe(first.path);
    expect((await ensureInputLines(dir, { ...stream, seed: 8 }, 100)).path).not.toBe(first.path);
  });

  it('is read back in batches of the size asked for, the last one shorter, the events as written', async () => {
    const { path } = await ensureInputLines(dir, stream);
    const batches = await collect(inputBatchesOf(path, 60));
    expect(batches.map((b) => b.length)).toEqual([60, 60, 60, 60, 10]);
    expect(batches.flat()).toEqual([...syntheticInputs(stream)]);
  });
});
