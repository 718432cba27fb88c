/**
 * docs/cli.md shows terminal sessions (`$ ledger …` and what it prints). This runs every one, in the
 * order the page gives them, with bash in one scratch folder (the seeds copied in, `bad.ndjson` the
 * five-problem file the page describes, `ledger` on PATH as the built command), and compares what each
 * command prints with what the page shows.
 *
 * What may differ, and how the comparison allows it: the folder (the page says /home/me/ledger), key
 * material and signatures (new keys each run; shown by their shape), CSV's CRLF line ends, a line `…` (any lines, the page
 * elides them) and a line ending in `…` (the page cuts a long line: its start must match).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { faultyNdjson } from './testing/sampleHistory.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const built = existsSync(bin);
const SHOWN_FOLDER = '/home/me/ledger';

interface Step {
  readonly command: string;
  readonly shown: readonly string[];
}

/** The `$ ` sessions of a Markdown page: each command with the lines shown after it. */
const sessionsOf = (markdown: string): Step[][] =>
  [...markdown.matchAll(/^```\n([\s\S]*?)^```/gm)]
    .map((m) => m[1]!.replace(/\n$/, '').split('\n'))
    .filter((lines) => lines[0]!.startsWith('$ '))
    .map((lines) => {
      const steps: { command: string; shown: string[] }[] = [];
      for (const line of lines) {
        if (line.startsWith('$ ')) steps.push({ command: line.slice(2), shown: [] });
        else steps.at(-1)!.shown.push(line);
      }
      // A blank line before the next command separates steps on the page; it is not output.
      for (const step of steps) while (step.shown.at(-1) === '') step.shown.pop();
      return steps;
    });

/** Key material and signatures, which change with every key: replaced by their shape. */
const withoutKeys = (line: string): string =>
  line
    .replace(/\+[0-9a-f]{8}\+[A-Za-z0-9+/]{43,}={0,2}/g, '+<key hash>+<public key>')
    .replace(/^— (\S+) [A-Za-z0-9+/]{40,}={0,2}$/, '— $1 <signature>');

/** Where `printed` differs from `shown` (empty when it matches), allowing the page's elisions. */
const differences = (shown: readonly string[], printed: readonly string[]): string | undefined => {
  const matches = (s: string, p: string): boolean => {
    const [a, b] = [withoutKeys(s), withoutKeys(p)];
    return a.endsWith('…') ? b.startsWith(a.slice(0, -1)) : a === b;
  };
  let p = 0;
  for (let s = 0; s < shown.length; s++) {
    const line = shown[s]!;
    if (line.trim() === '…') {
      const next = shown[s + 1];
      if (next === undefined) return undefined;
      while (p < printed.length && !matches(next, printed[p]!)) p++;
      continue;
    }
    if (p >= printed.length) return `the page shows ${JSON.stringify(line)}, the command printed nothing more`;
    if (!matches(line, printed[p]!)) return `the page shows ${JSON.stringify(line)}, the command printed ${JSON.stringify(printed[p])}`;
    p++;
  }
  return p < printed.length ? `the command printed more than the page shows: ${JSON.stringify(printed[p])}` : undefined;
};

const dir = mkdtempSync(join(tmpdir(), 'ledger-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs each step with bash in `dir`, output and errors together, and returns what each printed. */
const runSession = (steps: readonly Step[]): string[][] => {
  // A marker before each command separates their outputs; `$?` is carried over it for `echo $?`.
  const script = steps.map((step, i) => `s=$?; printf '\\n@@step ${i}@@\\n'; (exit $s); ${step.command} 2>&1`).join('\n');
  const r = spawnSync('bash', ['-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(dir, '.bin')}:${process.env.PATH}`, NO_COLOR: '1', LANG: 'C', COLUMNS: '120' },
    timeout: 240_000,
  });
  return r.stdout
    .split(/\n@@step \d+@@\n/)
    .slice(1)
    .map((text) => text.replaceAll(dir, SHOWN_FOLDER).replaceAll('\r\n', '\n').replace(/\n$/, '').split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1)));
};

describe.skipIf(!built)(built ? 'docs/cli.md sessions, run as shown' : 'SKIPPED: run `pnpm build` first', () => {
  it('each command prints what the page shows', { timeout: 300_000 }, () => {
    cpSync(join(root, 'seeds'), join(dir, 'seeds'), { recursive: true });
    writeFileSync(join(dir, 'bad.ndjson'), faultyNdjson().text);
    mkdirSync(join(dir, '.bin'));
    const wrapper = join(dir, '.bin', 'ledger');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
    chmodSync(wrapper, 0o755);

    const page = readFileSync(join(root, 'docs/cli.md'), 'utf8');
    const sessions = sessionsOf(page);
    expect(sessions.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const steps of sessions) {
      const printed = runSession(steps);
      steps.forEach((step, i) => {
        const problem = differences(step.shown, printed[i] ?? []);
        if (problem !== undefined) problems.push(`$ ${step.command}\n  ${problem}\n  printed:\n${(printed[i] ?? []).map((l) => `    ${l}`).join('\n')}`);
      });
    }
    expect(problems.join('\n\n')).toBe('');
  });
});

describe('the transcript comparison itself', () => {
  it('allows elisions and key material, and nothing else', () => {
    expect(differences(['a', '…', 'z'], ['a', 'b', 'c', 'z'])).toBeUndefined();
    expect(differences(['a', '…'], ['a', 'b'])).toBeUndefined();
    expect(differences(['abc…'], ['abcdef'])).toBeUndefined();
    expect(differences(['verifier key: x+0123abcd+AfBfjO4SWg4q49/JC6pvvyJ1pOijPZVQVmq0z4G2UGyW'], ['verifier key: x+ffffffff+Ad97nObd7P+GzSrAsRA4LXKYwUq9yq3tnVbhIXjM4JnU'])).toBeUndefined();
    expect(differences(['a'], ['b'])).toMatch(/shows "a", the command printed "b"/);
    expect(differences(['a'], ['a', 'b'])).toMatch(/printed more/);
    expect(differences(['a', 'b'], ['a'])).toMatch(/printed nothing more/);
    expect(differences(['x+0123abcd+AfBfjO4SWg4q49/JC6pvvyJ1pOijPZVQVmq0z4G2UGyW 1'], ['x+ffffffff+Ad97nObd7P+GzSrAsRA4LXKYwUq9yq3tnVbhIXjM4JnU 2'])).toBeDefined();
  });
});
