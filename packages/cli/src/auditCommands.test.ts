import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjsonOf, sampleEnterpriseId, sampleEvents, SAMPLE_DISTRICT } from './testSupport/sampleHistory.js';
import { runLedger } from './testSupport/runLedger.js';

let dir: string;
const ledger = (argv: string[], stdin?: string) => runLedger(argv, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
const D = ['--district', SAMPLE_DISTRICT];

/** Events recorded after the sample, so that the ledger grows between two checkpoints. */
const laterEvents = () =>
  [1, 2, 3].map((i) => ({
    type: 'ProjectApproved',
    eventId: `33333333-0000-4000-8000-00000000000${i}`,
    district: SAMPLE_DISTRICT,
    effectiveDate: '2022-03-01',
    recordedAt: `2022-03-0${i}T01:00:00.000Z`,
    actor: { unit: 'development-reform', user: 'sample.clerk' },
    data: { projectId: `SAMPLE-P-${i}`, title: '样例项目', level: 'municipal' },
  }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  expect((await ledger(['import', 'sample.ndjson'])).code).toBe(0);
  const keys = await ledger(['keygen']);
  expect(keys.code, keys.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit commands', () => {
  it('keygen writes a private key only its owner can read and a verifier key, and never overwrites', async () => {
    expect(statSync(join(dir, 'ledger-key.pem')).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, 'ledger-key.pub'), 'utf8')).toMatch(/^indicator-ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*\n$/);
    const again = await ledger(['keygen']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('ledger: ./ledger-key.pem exists; keygen never overwrites a key\n');
  });

  it('verify walks the chain', async () => {
    const r = await ledger(['verify', ...D, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, size: 16 });
  });

  it('checkpoint prints a signed note; prove and verify-proof check a record offline; a forged record is not proven', async () => {
    const cp = await ledger(['checkpoint', ...D]);
    expect(cp.code, cp.stderr).toBe(0);
    expect(cp.stdout).toMatch(/^indicator-ledger\/130302\n16\n[A-Za-z0-9+/]+=*\n\n— indicator-ledger [A-Za-z0-9+/]+=*\n$/);
    writeFileSync(join(dir, 'cp16.note'), cp.stdout);
    const proof = await ledger(['prove', ...D, '--position', '5']);
    expect(proof.code, proof.stderr).toBe(0);
    writeFileSync(join(dir, 'p5.json'), proof.stdout);
    const ok = await ledger(['verify-proof', 'p5.json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^proven: the record at position 5 .* is in indicator-ledger\/130302 of 16 records\n$/);
    const forged = JSON.parse(proof.stdout);
    forged.record.effectiveDate = '2019-11-21';
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    const bad = await ledger(['verify-proof', 'forged.json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ledger: forged\.json: not proven: /);
    // The same proof from standard input.
    expect((await ledger(['verify-proof', '-'], proof.stdout)).code).toBe(0);
  });

  it('proves that a later checkpoint extends an earlier one, and verify --against detects a checkpoint of other history', async () => {
    writeFileSync(join(dir, 'later.ndjson'), ndjsonOf(laterEvents()));
    expect((await ledger(['import', 'later.ndjson'])).code).toBe(0);
    expect((await ledger(['checkpoint', ...D, '--out', 'cp19.note'])).code).toBe(0);
    const proof = await ledger(['prove', ...D, '--old-checkpoint', 'cp16.note', '--out', 'c.json']);
    expect(proof.code, proof.stderr).toBe(0);
    const verified = await ledger(['verify-proof', 'c.json']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('of 19 records extends the checkpoint of 16 records');
    expect((await ledger(['verify', ...D, '--against', 'cp16.note'])).code).toBe(0);

    // Another ledger with other history, checkpointed with the same key and name: this ledger does not hold what it covers.
    const other = sampleEvents().filter((e) => e.type !== 'FundsAllocated');
    writeFileSync(join(dir, 'other.ndjson'), ndjsonOf(other));
    expect((await ledger(['--store', 'other.db', 'import', 'other.ndjson'])).code).toBe(0);
    expect((await ledger(['--store', 'other.db', 'checkpoint', ...D, '--out', 'other.note'])).code).toBe(0);
    const mismatch = await ledger(['verify', ...D, '--against', 'other.note']);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/^ledger: 130302: position 14: checkpoint-mismatch: /);
  });

  it('history lists the events about one subject, and --by-unit who recorded what', async () => {
    const r = await ledger(['history', sampleEnterpriseId(1), ...D, '--format', 'json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'EnterpriseRecognized', effectiveDate: '2019-11-20', recordedAt: '2019-11-25T01:00:00.000Z', actor: { unit: 'development-reform' }, source: 'SAMPLE test data', retractedBy: null });
    const table = await ledger(['history', sampleEnterpriseId(1), ...D]);
    expect(table.stdout).toContain('EnterpriseRecognized');
    const units = JSON.parse((await ledger(['history', ...D, '--by-unit', '--format', 'json'])).stdout);
    expect(units.find((u: { unit: string }) => u.unit === 'finance')).toMatchObject({ events: 5, byType: { FundsAllocated: 2, StatisticReported: 3 } });
    expect((await ledger(['history', ...D])).code).toBe(2);
  });

  it('export-bundle writes a bundle that verify-bundle checks offline and replays; a flipped byte is named by position', async () => {
    const exported = await ledger(['export-bundle', ...D, '--out', 'bundle']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('indicator-ledger/130302: 19 records bundled in bundle');
    const verified = await ledger(['verify-bundle', 'bundle', '--saved-checkpoint', 'cp16.note', '--lang', 'en']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('bundle verified: indicator-ledger/130302, 19 records');
    expect(verified.stdout).toContain('16 records');
    expect(verified.stdout).toContain('High-tech enterprises');
    const report = JSON.parse((await ledger(['verify-bundle', 'bundle', '--format', 'json'])).stdout);
    expect(report).toMatchObject({ district: SAMPLE_DISTRICT, size: 19 });

    const records = readFileSync(join(dir, 'bundle/records.ndjson'), 'utf8').split('\n');
    records[6] = records[6]!.replace('"recordedAt":"2020-', '"recordedAt":"2021-');
    writeFileSync(join(dir, 'bundle/records.ndjson'), records.join('\n'));
    const tampered = await ledger(['verify-bundle', 'bundle']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^ledger: bundle: position 7: /);
  });

  it('verify-bundle refuses a bundle checked against another key', async () => {
    expect((await ledger(['keygen', '--key', 'other.pem', '--verifier-key', 'other.pub'])).code).toBe(0);
    expect((await ledger(['--store', 'other.db', 'export-bundle', ...D, '--out', 'other-bundle'])).code).toBe(0);
    const r = await ledger(['verify-bundle', 'other-bundle', '--verifier-key', 'other.pub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ledger: other-bundle: verifier\.key: verifier-key: /);
  });
});
