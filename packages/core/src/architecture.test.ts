import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The core's folders depend one way, along the flow of docs/architecture.md (time, ids → events → record →
 * indicators → families → rules, store → ledger → projection → audit): a folder may import from folders below
 * it and never back. This test reads every `from '…'` of the non-test sources under src/, maps each relative import
 * to the folder it lands in (the first path segment under src/), and asserts the folder graph is acyclic.
 * Tests (`*.test.ts`) are left out: they sit beside what they test and may use testing/, which builds on
 * everything.
 */

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** Every `.ts` file under `dir`, recursively. */
const sourceFilesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFilesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });

/** The folder of a file: its first path segment under src/ (`''` for src/index.ts itself). */
const folderOf = (file: string): string => {
  const segments = path.relative(SRC, file).split(path.sep);
  return segments.length > 1 ? (segments[0] as string) : '';
};

/** Relative specifiers of `import … from`, `export … from` and `import('…')` in a source text. */
const relativeSpecifiersOf = (text: string): string[] =>
  [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1] as string);

/** Folder → the other folders it imports from. */
const folderImportGraph = (files: readonly string[]): Map<string, Set<string>> => {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = folderOf(file);
    if (from === '') continue;
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const specifier of relativeSpecifiersOf(fs.readFileSync(file, 'utf8'))) {
      const to = folderOf(path.resolve(path.dirname(file), specifier));
      if (to !== from && to !== '') targets.add(to);
    }
  }
  return graph;
};

/** One cycle of the graph as a path `a → b → … → a`, or undefined when there is none (depth-first search). */
const cycleOf = (graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined => {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
    state.set(node, 'open');
    trail.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    trail.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
};

describe('core folder architecture', () => {
  it('finds cycles when there are some (the check itself can fail)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycleOf(graph)).toEqual(['a', 'b', 'c', 'a']);
    expect(cycleOf(new Map([['a', new Set(['b'])], ['b', new Set<string>()]]))).toBeUndefined();
  });

  it('reads the imports of every folder', () => {
    const graph = folderImportGraph(sourceFilesUnder(SRC));
    expect([...graph.keys()].sort()).toEqual(expect.arrayContaining(['audit', 'events', 'families', 'ledger', 'projection', 'record', 'store']));
    expect(graph.get('projection')?.has('indicators')).toBe(true);
    // The families sit between the tables they fold into and the rules and projection that loop over them.
    expect(graph.get('families')?.has('indicators')).toBe(true);
    expect(graph.get('rules')?.has('families')).toBe(true);
    expect(graph.get('projection')?.has('families')).toBe(true);
    for (const above of ['rules', 'ledger', 'projection', 'audit', 'testing']) expect(graph.get('families')?.has(above), above).toBe(false);
  });

  it('has no import cycle between the folders of packages/core/src', () => {
    const graph = folderImportGraph(sourceFilesUnder(SRC));
    const cycle = cycleOf(graph);
    expect(cycle === undefined ? 'acyclic' : cycle.join(' → ')).toBe('acyclic');
  });
});
