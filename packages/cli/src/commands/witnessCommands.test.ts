import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerProcess, spawnLedger } from '../testing/ledgerProcess.js';
import { runLedger } from '../testing/runLedger.js';
import { ndjsonOf, sampleEvents } from '../testing/sampleHistory.js';

// Two witnesses served over HTTP on loopback (their own processes), one district log that grows, and a
// copy of it whose second event was rewritten and re-signed with the same key: the fork of docs/audit.md.
const dir = mkdtempSync(join(tmpdir(), 'ledger-witness-'));
const forkDir = join(dir, 'fork');
const at = (cwd: string) => (argv: string[]) => runLedger(argv, { cwd });
const ledger = at(dir);
const forker = at(forkDir);
const servers: ChildProcess[] = [];
const urls: string[] = [];

const events = sampleEvents();
const first = events.slice(0, 5);
// The rewritten history: the same events but the second, whose target value was changed afterwards.
const rewritten = events.map((e, i) => (i === 1 ? { ...e, data: { ...(e.data as object), value: 1 } } : e));

const serve = async (name: string): Promise<string> => {
  const child = spawnLedger(['witness', 'serve', '--state', `${name}.json`, '--key', `${name}.pem`, '--port', '0'], dir);
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const url = /http:\/\/127\.0\.0\.1:\d+\/add-checkpoint/.exec(out)?.[0];
      if (url !== undefined) resolve(url);
    });
    child.on('close', (code) => reject(new Error(`witness ${name} stopped (${code}) before serving`)));
  });
};

beforeAll(async () => {
  mkdirSync(forkDir);
  writeFileSync(join(dir, 'first.ndjson'), ndjsonOf(first));
  // 15 records: not a power of two, so the proof from it carries the prefix root a fork proof needs.
  writeFileSync(join(dir, 'all.ndjson'), ndjsonOf(events.slice(0, 15)));
  writeFileSync(join(forkDir, 'rewritten.ndjson'), ndjsonOf(rewritten));
  expect((await ledger(['keygen'])).code).toBe(0);
  for (const f of ['ledger-key.pem', 'ledger-key.pub']) writeFileSync(join(forkDir, f), readFileSync(join(dir, f)));
  for (const name of ['w1', 'w2']) {
    const init = await ledger(['witness', 'init', '--name', `witness.example/${name}`, '--log-key', 'ledger-key.pub', '--origin', 'indicator-ledger/130302', '--state', `${name}.json`, '--key', `${name}.pem`, '--verifier-key', `${name}.pub`]);
    expect(init.stderr).toBe('');
  }
  urls.push(await serve('w1'), await serve('w2'));
}, 60_000);

afterAll(() => {
  for (const child of servers) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const witnessFlags = () => ['--witness', ...urls, '--witness-key', 'w1.pub', 'w2.pub'];

describe('witnessed checkpoints over HTTP (C2SP tlog-witness)', () => {
  it('collects cosignatures as the log grows, and verify-bundle accepts the quorum', async () => {
    expect((await ledger(['import', 'first.ndjson'])).code).toBe(0);
    const firstRun = await ledger(['checkpoint', '--district', '130302', ...witnessFlags(), '--out', 'cp5.note']);
    expect(firstRun.stderr).toBe('');
    expect(readFileSync(join(dir, 'cp5.note'), 'utf8').split('\n— ')).toHaveLength(4);
    expect((await ledger(['import', 'all.ndjson'])).code).toBe(0);
    const exported = await ledger(['export-bundle', '--district', '130302', '--out', 'bundle', ...witnessFlags()]);
    expect(exported.stderr).toBe('');
    const verified = await ledger(['verify-bundle', 'bundle', '--witness-key', 'w1.pub', 'w2.pub', '--quorum', '2']);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/witnessed by 2 of 2 trusted witnesses \(quorum 2\): witness\.example\/w1 at .*, witness\.example\/w2 at /);
  }, 60_000);

  it('refuses a rewritten and re-signed history at the witness, keeps evidence that checks offline, and verify-bundle refuses the forked bundle', async () => {
    expect((await forker(['import', 'rewritten.ndjson'])).code).toBe(0);
    const refused = await forker(['checkpoint', '--district', '130302', '--witness', urls[0]!, '--witness-key', join(dir, 'w1.pub')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/witness http:\/\/127\.0\.0\.1:\d+\/add-checkpoint: refused \(422\): 422 Unprocessable Entity: .*the log forked/);
    const evidence = await ledger(['witness', 'evidence', '--state', 'w1.json']);
    expect(evidence.stdout).toMatch(/^indicator-ledger\/130302: fork proven \(diverging-prefix\): cosigned \d+ records/);
    const exported = await ledger(['witness', 'evidence', '--state', 'w1.json', '--format', 'json']);
    writeFileSync(join(dir, 'evidence.json'), exported.stdout);
    const offline = await forker(['witness', 'evidence', join(dir, 'evidence.json'), '--log-key', 'ledger-key.pub']);
    expect([offline.code, offline.stdout]).toEqual([0, expect.stringContaining('fork proven')]);

    expect((await forker(['export-bundle', '--district', '130302', '--out', 'bundle'])).code).toBe(0);
    const unwitnessed = await forker(['verify-bundle', 'bundle', '--witness-key', join(dir, 'w1.pub'), join(dir, 'w2.pub'), '--quorum', '1']);
    expect(unwitnessed.code).toBe(1);
    expect(unwitnessed.stderr).toContain('0 of the trusted witnesses cosigned, the quorum is 1');
  }, 60_000);

  it('refuses a bundle whose cosignature was replayed from another checkpoint', async () => {
    const genuine = readFileSync(join(dir, 'bundle', 'checkpoint.note'), 'utf8');
    const cosignature = genuine.split('\n').find((l) => l.startsWith('— witness.example/w1 '))!;
    const note = readFileSync(join(forkDir, 'bundle', 'checkpoint.note'), 'utf8');
    writeFileSync(join(forkDir, 'bundle', 'checkpoint.note'), `${note}${cosignature}\n`);
    const replayed = await forker(['verify-bundle', 'bundle', '--witness-key', join(dir, 'w1.pub'), '--quorum', '1']);
    expect(replayed.code).toBe(1);
  });

  it('answers a request file (file exchange): a 409 names the size the witness cosigned', async () => {
    const request = await ledger(['checkpoint', '--district', '130302', '--witness-request', 'req.txt', '--witness-old-size', '0', '--out', 'plain.note']);
    expect(request.code).toBe(0);
    const conflict = await ledger(['witness', 'add-checkpoint', 'req.txt', '--state', 'w1.json', '--key', 'w1.pem']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/409 Conflict: the latest checkpoint cosigned for indicator-ledger\/130302 has size \d+, not 0/);
  });

  it('speaks HTTP as tlog-witness says: 409 carries the size as text/x.tlog.size, and only POST /add-checkpoint is served', async () => {
    const request = readFileSync(join(dir, 'req.txt'), 'utf8');
    const conflict = await fetch(urls[1]!, { method: 'POST', body: request });
    expect([conflict.status, conflict.headers.get('content-type'), await conflict.text()]).toEqual([409, 'text/x.tlog.size', '15\n']);
    expect((await fetch(urls[1]!.replace('/add-checkpoint', '/other'), { method: 'POST', body: request })).status).toBe(404);
    expect((await fetch(urls[1]!)).status).toBe(405);
  });

  it('cosigns once when two processes answer the same request at the same time (the rollback race)', async () => {
    await ledger(['witness', 'init', '--name', 'witness.example/w3', '--log-key', 'ledger-key.pub', '--origin', 'indicator-ledger/130302', '--state', 'w3.json', '--key', 'w3.pem', '--verifier-key', 'w3.pub']);
    const both = await Promise.all([0, 1].map(() => ledgerProcess(['witness', 'add-checkpoint', 'req.txt', '--state', 'w3.json', '--key', 'w3.pem'], dir)));
    expect(both.map((r) => r.code).sort()).toEqual([0, 1]);
    expect(both.find((r) => r.code === 1)?.stderr).toContain('409 Conflict: the latest checkpoint cosigned for indicator-ledger/130302 has size 15, not 0');
  }, 120_000);
});
