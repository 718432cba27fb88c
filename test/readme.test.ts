import { readFileSync } from 'node:fs';
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

  it('gives the two set-up commands CI relies on', () => {
    expect(readme).toContain('npm i -g pnpm@9.15.9 && pnpm install --frozen-lockfile && pnpm demo');
    expect(readme).toMatch(/^pnpm test$/m);
  });
});
