import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataHashOf, recordHashOf, redact, type DistrictCode, type StoredRecord } from '@indicator-ledger/core';
import { exportBundle } from '@indicator-ledger/core/bundle';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import { ndjsonOf, sampleEnterpriseId, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';
import { readSigningKey } from './signingKey.js';

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
    // The offline page rides along, listed in the manifest (so the bundle still verifies, below).
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'bundle/manifest.json'), 'utf8')).files)).toContain('verify.html');
    expect(readFileSync(join(dir, 'bundle/verify.html'), 'utf8')).toContain('<title>Verify an indicator-ledger audit bundle</title>');
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

describe('audit commands under attack (docs/spec.md §8.3)', () => {
  let attackDir: string;
  const at = (argv: string[], stdin?: string) => runLedger(argv, { cwd: attackDir, ...(stdin !== undefined ? { stdin } : {}) });
  const clerk = { unit: 'human-resources', user: 'chen.jie' } as const;
  const finance = { unit: 'finance', user: 'li.na' } as const;
  const named = [
    { type: 'CommissionerDispatched', eventId: '44444444-0000-4000-8000-000000000001', district: SAMPLE_DISTRICT, effectiveDate: '2021-04-01', recordedAt: '2021-04-02T00:00:00.000Z', actor: clerk, data: { commissionerId: 'TP-001', name: '王芳' } },
    { type: 'FundsAllocated', eventId: '44444444-0000-4000-8000-000000000002', district: SAMPLE_DISTRICT, effectiveDate: '2021-04-03', recordedAt: '2021-04-03T00:00:00.000Z', actor: finance, data: { allocationId: 'CZ-1', amountFen: 500_000, purpose: 'talent', recipient: '刘伟' } },
    { type: 'FundsAllocated', eventId: '44444444-0000-4000-8000-000000000003', district: SAMPLE_DISTRICT, effectiveDate: '2021-04-04', recordedAt: '2021-04-04T00:00:00.000Z', actor: finance, data: { allocationId: 'CZ-2', amountFen: 700_000, purpose: 'talent', recipient: '赵磊' } },
  ];

  beforeAll(async () => {
    attackDir = mkdtempSync(join(tmpdir(), 'ledger-attack-'));
    writeFileSync(join(attackDir, 'named.ndjson'), ndjsonOf(named));
    expect((await at(['import', 'named.ndjson'])).code).toBe(0);
    expect((await at(['keygen'])).code).toBe(0);
    const store = await openSqliteStore(join(attackDir, 'ledger.db'));
    try {
      const done = await redact(store, SAMPLE_DISTRICT as DistrictCode, { position: 2, fields: ['recipient'], reason: '个人信息保护', actor: finance });
      expect(E.isRight(done)).toBe(true);
    } finally {
      await store.close();
    }
    expect((await at(['checkpoint', ...D, '--out', 'cp.note'])).code).toBe(0);
  });
  afterAll(() => rmSync(attackDir, { recursive: true, force: true }));

  it('verify-proof proves a redacted record with the signed redaction that prove adds, and refuses a redaction flag without it', async () => {
    const redacted = await at(['prove', ...D, '--position', '2']);
    expect(redacted.code, redacted.stderr).toBe(0);
    const proof = JSON.parse(redacted.stdout);
    expect(proof.record).toMatchObject({ redacted: true, data: { recipient: '[redacted]' } });
    expect(typeof proof.redactionLog).toBe('string');
    writeFileSync(join(attackDir, 'p2.json'), redacted.stdout);
    const ok = await at(['verify-proof', 'p2.json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^proven: the record at position 2 .*; redacted: data\.recipient \(signed redaction log\)\n$/);

    const plain = JSON.parse((await at(['prove', ...D, '--position', '3'])).stdout);
    expect(plain.redactionLog).toBeUndefined();
    const forgeries: [string, Record<string, unknown>][] = [
      ['flag added, amount ×1000', { ...plain, record: { ...plain.record, data: { ...plain.record.data, amountFen: 700_000_000 }, redacted: true } }],
      ['flag added, name changed, with the redaction of another position', { ...plain, redactionLog: proof.redactionLog, record: { ...plain.record, data: { ...plain.record.data, recipient: '张三' }, redacted: true } }],
      ['redacted data changed', { ...proof, record: { ...proof.record, data: { ...proof.record.data, amountFen: 500_000_000 } } }],
      ['redaction evidence dropped', { ...proof, redactionLog: undefined }],
    ];
    for (const [name, forged] of forgeries) {
      writeFileSync(join(attackDir, 'forged.json'), JSON.stringify(forged));
      const bad = await at(['verify-proof', 'forged.json']);
      expect(bad.code, name).toBe(1);
      expect(bad.stderr, name).toMatch(/^ledger: forged\.json: not proven: record \d+/);
      expect(bad.stderr.split('\n'), name).toHaveLength(2);
    }
  });

  it('verify, checkpoint and verify-bundle name a record written around the ledger by a unit the policy forbids', async () => {
    writeFileSync(join(attackDir, 'named.ndjson'), ndjsonOf(named));
    expect((await at(['--store', 'around.db', 'import', 'named.ndjson'])).code).toBe(0);
    const store = await openSqliteStore(join(attackDir, 'around.db'));
    const eventId = '44444444-0000-4000-8000-000000000009' as StoredRecord['eventId'];
    let forged: StoredRecord;
    try {
      const head = await store.head(SAMPLE_DISTRICT as DistrictCode);
      const data = { projectId: 'XM-9', title: '绕过账本的项目', level: 'municipal' };
      const unhashed = {
        position: head.position + 1, eventId, type: 'ProjectApproved', district: SAMPLE_DISTRICT, effectiveDate: '2021-05-01', recordedAt: '2021-05-01T00:00:00.000Z',
        actor: finance, schemaVersion: 1, dataHash: dataHashOf(data), prevHash: head.hash, data,
      } as unknown as StoredRecord;
      forged = { ...unhashed, hash: recordHashOf(unhashed) } as StoredRecord;
      expect(E.isRight(await store.append(SAMPLE_DISTRICT as DistrictCode, [forged], head.position))).toBe(true);
      // A bundle signed with the ledger's key by something that signs whatever the store holds.
      const signer = readSigningKey(join(attackDir, 'ledger-key.pem'), 'indicator-ledger');
      expect(await exportBundle(store, SAMPLE_DISTRICT as DistrictCode, { signer, ledgerName: 'indicator-ledger', dir: join(attackDir, 'around-bundle'), policy: () => undefined })).toMatchObject({ _tag: 'Right' });
    } finally {
      await store.close();
    }
    const why = `record ${eventId} should not have been admitted: actor.unit: finance (区财政局) may not record ProjectApproved; allowed: development-reform`;
    const verified = await at(['--store', 'around.db', 'verify', ...D]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toBe(`ledger: 130302: position 4: rule-violation: ${why}\n`);
    const json = await at(['--store', 'around.db', 'verify', ...D, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, position: 4, problem: 'rule-violation', eventId });
    const signed = await at(['--store', 'around.db', 'checkpoint', ...D]);
    expect(signed.code).toBe(1);
    expect(signed.stderr).toBe(`ledger: 130302: refused to sign (inadmissible): position 4: ${why}\n`);
    const bundle = await at(['verify-bundle', 'around-bundle']);
    expect(bundle.code).toBe(1);
    expect(bundle.stderr).toBe(`ledger: around-bundle: position 4: rule-violation: line 4: actor.unit: finance (区财政局) may not record ProjectApproved; allowed: development-reform\n`);
  });

  it('a record or an import line nested 100,000 levels deep is a line-numbered problem, not a stack overflow', async () => {
    expect((await at(['export-bundle', ...D, '--out', 'deep-bundle'])).code).toBe(0);
    const file = join(attackDir, 'deep-bundle', 'records.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    lines[1] = lines[1]!.replace('"data":{', `"data":{"deep":${deep},`);
    writeFileSync(file, lines.join('\n'));
    const bundle = await at(['verify-bundle', 'deep-bundle']);
    expect(bundle.code).toBe(1);
    expect(bundle.stderr).toBe('ledger: deep-bundle: position 2: malformed: line 2 is nested deeper than 64 levels\n');

    const event = JSON.stringify({ ...named[0], eventId: '44444444-0000-4000-8000-000000000010' });
    writeFileSync(join(attackDir, 'deep.ndjson'), `${event.replace('"data":{', `"data":{"deep":${deep},`)}\n${deep}\n`);
    const imported = await at(['--store', 'deep.db', 'import', 'deep.ndjson']);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/^deep\.ndjson:1: data\.deep: is not a known field\n(deep\.ndjson:2: .+\n)+ledger: \d+ problems; nothing was written/);
    expect(imported.stderr).not.toMatch(/Maximum call stack|\n\s+at /);
  });

  it('verify with no --district verifies every district in the store, one line each and a summary; exit 1 if any fails', async () => {
    writeFileSync(join(attackDir, 'two.ndjson'), ndjsonOf([...named, ...named.map((e, i) => ({ ...e, district: '130303', eventId: `55555555-0000-4000-8000-00000000000${i + 1}` }))]));
    expect((await at(['--store', 'two.db', 'import', 'two.ndjson'])).code).toBe(0);
    const all = await at(['--store', 'two.db', 'verify']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^130302: verified 3 records, root [A-Za-z0-9+/]{43}=\n130303: verified 3 records, root [A-Za-z0-9+/]{43}=\n2 districts: 2 verified, 0 failed\n$/);
    const json = await at(['--store', 'two.db', 'verify', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, districts: [{ district: '130302', ok: true, size: 3 }, { district: '130303', ok: true, size: 3 }] });

    // around.db's 130302 holds a record the policy forbids; give it a second, honest district.
    writeFileSync(join(attackDir, 'other.ndjson'), ndjsonOf(named.map((e, i) => ({ ...e, district: '130303', eventId: `55555555-0000-4000-8000-00000000001${i}` }))));
    expect((await at(['--store', 'around.db', 'import', 'other.ndjson'])).code).toBe(0);
    const mixed = await at(['--store', 'around.db', 'verify']);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/^130303: verified 3 records, root [A-Za-z0-9+/]{43}=\n2 districts: 1 verified, 1 failed\n$/);
    expect(mixed.stderr).toMatch(/^ledger: 130302: position 4: rule-violation: record \S+ should not have been admitted: .+\nledger: 1 of 2 districts failed verification\n$/);
    const mixedJson = await at(['--store', 'around.db', 'verify', '--format', 'json']);
    expect(mixedJson.code).toBe(1);
    expect(JSON.parse(mixedJson.stdout)).toMatchObject({ ok: false, districts: [{ district: '130302', ok: false, position: 4, problem: 'rule-violation' }, { district: '130303', ok: true }] });

    expect((await at(['--store', 'two.db', 'verify', '--against', 'cp.note'])).code).toBe(2);
  });

  it('verify --format json gives the Merkle root as lowercase hex, the one the checkpoint signs', async () => {
    const r = await at(['verify', ...D, '--format', 'json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.root).toMatch(/^[0-9a-f]{64}$/);
    const signedRoot = readFileSync(join(attackDir, 'cp.note'), 'utf8').split('\n')[2]!;
    expect(Buffer.from(result.root, 'hex').toString('base64')).toBe(signedRoot);
    expect(result.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('checkpoint refuses an empty stream, naming the district and the store', async () => {
    const r = await at(['checkpoint', '--district', '130399']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ledger: no records for district 130399 in ${join(attackDir, 'ledger.db')}\n`);
    expect(r.stdout).toBe('');
  });
});
