/**
 * README's command-line section and the examples' README, run exactly as a new user types them: each
 * command copied literally from the Markdown and run with bash in a scratch workspace (the repository's
 * manifest and workspace file, its built packages and seeds linked in), so that `./ledger.db` and
 * `report.html` land in the scratch folder and not in the checkout. Each promise the text makes is
 * checked against the library's own answer on the same ledger file.
 *
 * `pnpm demo` is `pnpm build && node scripts/demo.mjs`: the build is CI's step before the tests, so the
 * test runs the second half, on the built command.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndicatorProjections } from '@indicator-ledger/core';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import { figureAsKnownAt, quarterEndsAfter } from '../examples/analystScript.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const built = existsSync(join(root, 'packages/cli/dist/bin.js'));

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command line with bash in `cwd`, as typed, without colour. */
const sh = (command: string, cwd: string): Promise<Finished> =>
  new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, env: { ...process.env, NO_COLOR: '1', LANG: 'C', INIT_CWD: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** A folder that looks like a fresh checkout to pnpm: manifest and workspace file copied, the rest linked. */
const scratchWorkspace = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-stranger-'));
  for (const file of ['package.json', 'pnpm-workspace.yaml']) copyFileSync(join(root, file), join(dir, file));
  for (const entry of ['node_modules', 'seeds', 'scripts', 'examples']) symlinkSync(join(root, entry), join(dir, entry));
  mkdirSync(join(dir, 'packages'));
  for (const entry of readdirSync(join(root, 'packages'))) symlinkSync(join(root, 'packages', entry), join(dir, 'packages', entry));
  return dir;
};

/** The command lines of the first `sh` block after `heading`, comments removed. */
const commandLines = (markdown: string, heading: string): string[] => {
  const section = markdown.slice(markdown.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '');
};

const noStackTrace = (r: Finished): void => expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

const snapshotOf = async (ledgerFile: string, district: string, year: number) => {
  const store = await openSqliteStore(ledgerFile);
  try {
    const snapshot = await createIndicatorProjections(store).snapshot(district, { year });
    if (snapshot._tag === 'Left') throw new Error(JSON.stringify(snapshot.left));
    return JSON.parse(JSON.stringify(snapshot.right)) as { position: number; indicators: Record<string, { value: number | null }> };
  } finally {
    await store.close();
  }
};

let workspace: string;
beforeAll(() => {
  workspace = scratchWorkspace();
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examplesReadme = readFileSync(join(root, 'examples/README.md'), 'utf8');

describe.skipIf(!built)(built ? 'README and examples/README.md, typed literally by a new user' : 'SKIPPED: run `pnpm build` first', { timeout: 240_000 }, () => {
  it("README's command-line section: every command does what its line promises, on the ledger pnpm demo filled", async () => {
    const lines = commandLines(readme, '## The command line');
    expect(lines[0]).toBe('pnpm demo');
    const demo = await sh('node scripts/demo.mjs', workspace);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/High-tech enterprises/);
    const ledgerFile = join(workspace, 'ledger.db');
    expect(existsSync(ledgerFile)).toBe(true);

    for (const line of lines.slice(1)) {
      const r = await sh(line, workspace);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      noStackTrace(r);
      expect(r.stdout, line).not.toMatch(/^> /m); // pnpm's banner
      if (line.includes('--format json')) {
        expect(JSON.parse(r.stdout), line).toEqual(await snapshotOf(ledgerFile, '130302', 2020));
      } else if (line.includes(' progress ')) {
        expect(r.stdout).toMatch(/Indicator.*2019.*2020.*2021.*2022.*2023.*2024.*2025/);
        expect(r.stdout).toMatch(/High-tech enterprises/);
      } else if (line.includes(' explain ')) {
        const figure = (await snapshotOf(ledgerFile, '130302', 2020)).indicators['high-tech-enterprises']!.value;
        expect(r.stdout).toContain(`High-tech enterprises (high-tech-enterprises): ${figure}`);
      } else if (line.includes(' vintages ')) {
        expect(r.stdout).toMatch(/fiscal-st-share|Fiscal S&T/);
      } else if (line.includes(' report ')) {
        expect(readFileSync(join(workspace, 'report.html'), 'utf8').slice(0, 15).toLowerCase()).toBe('<!doctype html>');
      } else if (line.includes(' import ')) {
        expect(r.stdout).toMatch(/: 0 appended, \d+ already recorded/);
      } else {
        throw new Error(`the test does not know what README promises for: ${line}`);
      }
    }

    // The examples, run as examples/README.md says, read that same ledger and show its real figures.
    const commands = [...examplesReadme.matchAll(/`(pnpm --filter @indicator-ledger\/examples [^`]+)`/g)].map((m) => m[1]!);
    expect(commands.map((c) => c.split(' ')[3])).toEqual(['http-service', 'auditor', 'analyst']);

    const analyst = await sh(commands[2]!, workspace);
    expect(analyst.code, analyst.stderr).toBe(0);
    const store = await openSqliteStore(ledgerFile);
    const expected = await figureAsKnownAt(createIndicatorProjections(store), '130302', 'fiscal-st-share', 2020, quarterEndsAfter(2020));
    await store.close();
    expect(expected.some((k) => k.value !== null)).toBe(true);
    for (const k of expected) if (k.value !== null) expect(analyst.stdout).toContain(`${k.asOf}  ${k.value}  ${k.status}`);

    const auditor = await sh(commands[1]!, workspace);
    expect(auditor.code, auditor.stderr).toBe(0);
    expect(auditor.stdout).toMatch(/verified offline: .*, \d+ records, root [A-Za-z0-9+/]{43}=/);

    const service = spawn('bash', ['-c', `exec ${commands[0]!}`], { cwd: workspace, detached: true, env: { ...process.env, INIT_CWD: '' } });
    try {
      await new Promise<void>((resolve, reject) => {
        service.stdout.on('data', (b: Buffer) => b.toString().includes('serving') && resolve());
        service.on('close', (code) => reject(new Error(`http-service ended with ${code}`)));
      });
      const url = /curl '([^']+)'/.exec(examplesReadme)![1]!;
      const served = await (await fetch(`http://${url}`)).json();
      expect(served).toEqual(await snapshotOf(ledgerFile, '130302', 2020));
    } finally {
      process.kill(-service.pid!, 'SIGTERM');
    }
  });

  it('an example refuses with one line, and creates no file, when the ledger pnpm demo fills is missing', async () => {
    const empty = scratchWorkspace();
    try {
      const command = [...examplesReadme.matchAll(/`(pnpm --filter @indicator-ledger\/examples analyst[^`]*)`/g)][0]![1]!;
      const r = await sh(command, empty);
      expect(r.code).toBe(1);
      noStackTrace(r);
      expect(r.stderr).toContain(`no ledger at ${join(empty, 'ledger.db')}: run \`pnpm demo\``);
      expect(existsSync(join(empty, 'ledger.db'))).toBe(false);
      expect(existsSync(join(root, 'examples', 'ledger.db'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
