import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainRecords } from '@indicator-ledger/core';
import type { DistrictCode, RecordContent, StoredRecord } from '@indicator-ledger/core';
import { EXAMPLE_ENTERPRISE, FIXTURE_DISTRICT } from '@indicator-ledger/core/testing';
import { openSqliteStore } from '@indicator-ledger/store-sqlite';
import { runLedger } from './testing/runLedger.js';

/**
 * docs/spec.md §8.2: records written before control characters were refused, or by another writer, still
 * print safely — no terminal escape, C1 control or bidirectional override reaches the terminal raw.
 */
const DISTRICT: DistrictCode = FIXTURE_DISTRICT;
const ENTERPRISE = EXAMPLE_ENTERPRISE;
// Words short enough for the table's Data column, which wraps at word boundaries.
const HOSTILE_NAME = 'evil \u001b]0;pwned\u0007 \u001b[2J \u001b[31mred';
const HOSTILE_USER = 'zhang\u202eusr.exe\u009b31m';
const HOSTILE_SOURCE = 'doc\u0000\u0085\u2066x\u2069';

/** Every character that must not reach a terminal raw: all but line feed, and CR only before LF. */
const RAW_CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/u;
/** The same, but the colour escapes the command itself writes on a terminal. */
const withoutOwnColours = (text: string) => text.replace(/\u001b\[(?:1|2|22|31|32|33|39)m/g, '');

const foreignRecords = (): StoredRecord[] => {
  const events = [
    {
      eventId: '44444444-0000-4000-8000-000000000001',
      type: 'EnterpriseRecognized',
      effectiveDate: '2020-11-20',
      recordedAt: '2020-11-25T01:00:00.000Z',
      actor: { unit: 'development-reform', user: HOSTILE_USER },
      source: HOSTILE_SOURCE,
      data: { enterpriseId: ENTERPRISE, name: HOSTILE_NAME, designation: 'high-tech', validFrom: '2020-11-20', validUntil: '2023-11-19' },
    },
  ];
  return chainRecords({ position: 0, hash: GENESIS_HASH }, events.map((e) => ({ ...e, district: DISTRICT, schemaVersion: 1 }) as unknown as RecordContent));
};

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-terminal-'));
  const store = await openSqliteStore(join(dir, 'ledger.db'));
  const appended = await store.append(DISTRICT, foreignRecords(), 0);
  expect(E.isRight(appended)).toBe(true);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ledger = (argv: string[], env: Record<string, string> = {}, tty = false) => runLedger(argv, { cwd: dir, env, stdoutIsTTY: tty });

describe('printing stored text with control characters (docs/spec.md §8.2)', () => {
  it.each([
    ['NO_COLOR', { NO_COLOR: '1' }, false],
    ['a pipe', {}, false],
    ['a colour terminal', { FORCE_COLOR: '1' }, true],
  ] as const)('history as a table on %s escapes them visibly', async (_what, env, tty) => {
    const r = await ledger(['history', ENTERPRISE, '--district', DISTRICT], env, tty);
    expect(r.code, r.stderr).toBe(0);
    expect(withoutOwnColours(r.stdout)).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007');
    expect(r.stdout).toContain('\\u001b[2J');
    expect(r.stdout).toContain('zhang\\u202eusr.exe\\u009b31m');
    // Even an escape that looks like one of the command's own colours is the data's, and shown as such.
    expect(r.stdout).toContain('\\u001b[31mred');
    expect(r.stdout).toContain('doc\\u0000\\u0085\\u2066x\\u2069');
  });

  it('history --by-unit escapes the user names', async () => {
    const r = await ledger(['history', '--district', DISTRICT, '--by-unit'], { FORCE_COLOR: '1' }, true);
    expect(r.code, r.stderr).toBe(0);
    expect(withoutOwnColours(r.stdout)).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('\\u202e');
  });

  it('JSON output escapes them too and still reads back as the stored text', async () => {
    for (const argv of [['history', ENTERPRISE, '--district', DISTRICT, '--format', 'json'], ['history', '--district', DISTRICT, '--by-unit', '--format', 'json']]) {
      const r = await ledger(argv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain('\\u202e');
    }
    const entries = JSON.parse((await ledger(['history', ENTERPRISE, '--district', DISTRICT, '--format', 'json'])).stdout) as { actor: { user: string }; source: string; data: { name: string } }[];
    expect(entries.map((e) => [e.actor.user, e.source, e.data.name])).toEqual([[HOSTILE_USER, HOSTILE_SOURCE, HOSTILE_NAME]]);
  });

  it('CSV output escapes them, keeping its CRLF line ends', async () => {
    const r = await ledger(['history', ENTERPRISE, '--district', DISTRICT, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout.split('\r\n')).toHaveLength(3);
  });

  it('error messages escape them: an unknown option and a subject with escapes', async () => {
    const r = await ledger(['--bogus\u001b[2J']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('\\u001b[2J');
    const subject = await ledger(['history', 'x\u001b[2J\u009b', '--district', DISTRICT]);
    expect(withoutOwnColours(subject.stdout + subject.stderr)).not.toMatch(RAW_CONTROL);
  });
});
