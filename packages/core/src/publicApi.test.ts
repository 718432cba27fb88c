import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The public API of each package entry is an explicit list (no `export *`), pinned here against a checked-in
 * list in packages/core/api/, so that adding or removing a name is a reviewed change of that file, not a
 * side effect of exporting something from a module. Type names are read from the entry's export
 * statements; value names are also checked against what the loaded module really exports.
 */

/** The entries of package.json `exports` that carry the domain API, with their source and checked-in list. */
const ENTRIES = [
  { entry: '@indicator-ledger/core', source: './index.ts', list: '../api/index.txt', load: () => import('./index.js') },
  { entry: '@indicator-ledger/core/bundle', source: './bundle/index.ts', list: '../api/bundle.txt', load: () => import('./bundle/index.js') },
  { entry: '@indicator-ledger/core/tlog', source: './tlogEntry.ts', list: '../api/tlog.txt', load: () => import('./tlogEntry.js') },
] as const;

const textOf = (relative: string): string => readFileSync(new URL(relative, import.meta.url), 'utf8');

/** `name` for a value, `type name` for a type, of every `export { … } from` statement of an entry's source. */
const declaredExports = (source: string): string[] => {
  if (/export\s+\*/.test(source)) throw new Error('the entry re-exports a whole module with `export *`');
  return [...source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from/g)]
    .flatMap(([, allTypes, list]) =>
      (list as string)
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => (allTypes !== undefined && !part.startsWith('type ') ? `type ${part}` : part)),
    )
    .sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''), 'en'));
};

const pinnedList = (relative: string): string[] => textOf(relative).split('\n').filter((line) => line !== '');

describe('public API', () => {
  for (const { entry, source, list, load } of ENTRIES) {
    it(`${entry} exports exactly the names of packages/core/api/${list.slice('../api/'.length)}`, () => {
      expect(declaredExports(textOf(source))).toEqual(pinnedList(list));
    });

    it(`${entry}: the loaded module exports exactly the value names of that list`, async () => {
      const values = pinnedList(list).filter((name) => !name.startsWith('type '));
      expect(Object.keys(await load()).sort()).toEqual([...values].sort());
    });
  }
});
