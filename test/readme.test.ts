import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import { describe, expect, it } from 'vitest';
import { main } from './readme-embedding.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the embedding example exactly as it is tested', () => {
    const example = readFileSync(new URL('./readme-embedding.ts', import.meta.url), 'utf8').trim();
    expect(readme).toContain(example);
  });

  it('the embedding example runs and prints the figure against its target', async () => {
    expect(await main()).toBe('high-tech enterprises 2020: 1 (target 75, not-met)');
  });

  it("the embedding example's SQLite alternative is awaited, as openSqliteStore returns a Promise", async () => {
    const comment = /createMemoryStore\(\); \/\/ or: (await )?openSqliteStore\('([^']+)'\)/.exec(readme);
    expect(comment?.[1]).toBe('await ');
    const dir = mkdtempSync(join(tmpdir(), 'readme-sqlite-'));
    try {
      const opened = openSqliteStore(join(dir, comment![2]!));
      expect(opened).toBeInstanceOf(Promise);
      await (await opened).close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the two set-up commands CI relies on', () => {
    expect(readme).toContain('npm i -g pnpm@9.15.9 && pnpm install --frozen-lockfile && pnpm demo');
    expect(readme).toMatch(/^pnpm test$/m);
  });
});
