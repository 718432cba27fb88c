import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';

// better-sqlite3 is the SQLite store's dependency, not the command's: borrowed to make another program's file.
const Database = createRequire(fileURLToPath(new URL('../../store-sqlite/package.json', import.meta.url)))('better-sqlite3') as new (path: string) => {
  exec(sql: string): void;
  close(): void;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-input-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const headPosition = async (store = 'ledger.db'): Promise<number> => {
  const r = await runLedger(['--store', store, 'snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { position: number }).position;
};

/** `n` valid allocations of the sample district, recorded after the sample. */
const allocations = (n: number, from = 0): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'FundsAllocated',
    eventId: `44444444-0000-4000-8000-${String(from + i).padStart(12, '0')}`,
    district: SAMPLE_DISTRICT,
    effectiveDate: '2022-05-01',
    recordedAt: '2022-05-02T00:00:00.000Z',
    actor: { unit: 'finance', user: 'bulk.clerk' },
    data: { allocationId: `BIG-${from + i}`, amountFen: 100 + i, purpose: 'award' },
  }));

const fingerprint = (path: string) => ({ bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs });

describe('ledger import of large files (docs/spec.md §2, §8.1)', () => {
  it('imports 150 000 events of one district in one run', async () => {
    expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'big.ndjson'), ndjsonOf(allocations(150_000)));
    const r = await runLedger(['import', 'big.ndjson'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${SAMPLE_DISTRICT}: 150000 events appended, 0 already recorded, head at position 150016`);
    expect(await headPosition()).toBe(150_016);
  }, 120_000);

  it('appends nothing when a line after many accepted chunks is refused, and checks later lines against the accepted ones', async () => {
    expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
    const lines = allocations(5_000);
    // Line 2 reuses line 1's allocation id (refused); line 4 990 reuses line 3's, which was accepted in an earlier chunk.
    lines[1] = { ...lines[1]!, data: { ...(lines[0]!.data as object) } };
    lines[4_989] = { ...lines[4_989]!, data: { ...(lines[2]!.data as object) } };
    writeFileSync(join(dir, 'long.ndjson'), ndjsonOf(lines));
    const before = fingerprint(join(dir, 'ledger.db'));
    const r = await runLedger(['import', 'long.ndjson'], { cwd: dir });
    expect(r.code).toBe(1);
    const problems = r.stderr.trim().split('\n').slice(0, -1);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^long\.ndjson:2: data\.allocationId: /);
    expect(problems[1]).toMatch(/^long\.ndjson:4990: data\.allocationId: /);
    expect(await headPosition()).toBe(16);
    expect(readFileSync(join(dir, 'ledger.db')).equals(Buffer.from(before.bytes, 'base64'))).toBe(true);
  }, 120_000);
});

describe('ledger import of bytes that are not UTF-8 text (docs/spec.md §8.1)', () => {
  const sampleLines = () => ndjsonOf(sampleEvents()).split('\n');

  it('refuses a line with invalid UTF-8, naming the line and byte, and writes nothing', async () => {
    const lines = sampleLines().map((l) => Buffer.from(`${l}\n`, 'utf8'));
    // Line 12: the "é" of a name sent as 0xC3 0x28 (a broken two-byte sequence).
    const text = lines[11]!.toString('utf8');
    const at = text.indexOf('sample.clerk');
    lines[11] = Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(at), 'utf8')]);
    writeFileSync(join(dir, 'broken.ndjson'), Buffer.concat(lines).subarray(0, -1));
    const r = await runLedger(['import', 'broken.ndjson'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`broken.ndjson:12: byte ${Buffer.byteLength(text.slice(0, at)) + 1}: invalid UTF-8 (0xC3 0x28)\n`);
    expect(r.stderr).not.toContain('\uFFFD');
    expect(existsSync(join(dir, 'ledger.db'))).toBe(false);
  });

  it('accepts a byte-order mark at the start of a file', async () => {
    writeFileSync(join(dir, 'bom.ndjson'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ndjsonOf(sampleEvents()), 'utf8')]));
    const r = await runLedger(['import', 'bom.ndjson'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('16 events appended');
  });

  it('names a byte-order mark anywhere else', async () => {
    const lines = sampleLines();
    lines[2] = `\uFEFF${lines[2]}`;
    lines[4] = lines[4]!.replace('{"type"', '{ \uFEFF"type"');
    writeFileSync(join(dir, 'joined.ndjson'), lines.join('\n'));
    const r = await runLedger(['import', 'joined.ndjson'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('joined.ndjson:3: byte 1: a UTF-8 byte-order mark (U+FEFF) is allowed only at the start of a file\n');
    expect(r.stderr).toContain('joined.ndjson:5: byte 3: a UTF-8 byte-order mark (U+FEFF) is allowed only at the start of a file\n');
  });
});

describe('ledger import of lines without eventIds, twice (docs/spec.md §2, §8.1)', () => {
  it('appends them again and warns, naming the count and the first lines', async () => {
    // Kinds of event the rules let recur (no unique id of their own), without eventId or recordedAt.
    const recurring = new Set(['TargetSet', 'StatisticReported', 'EnterpriseRecognized', 'PlatformCertified']);
    const idless = sampleEvents()
      .filter((e) => recurring.has(e.type as string))
      .map(({ eventId: _id, recordedAt: _at, ...rest }) => rest);
    expect(idless).toHaveLength(13);
    writeFileSync(join(dir, 'idless.ndjson'), ndjsonOf(idless));
    const first = await runLedger(['import', 'idless.ndjson'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const again = await runLedger(['import', 'idless.ndjson'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('13 events appended');
    expect(again.stderr).toBe(
      'ledger: warning: 13 appended events have no eventId and the same content as an event already recorded ' +
        '(idless.ndjson:1, idless.ndjson:2, idless.ndjson:3, idless.ndjson:4, idless.ndjson:5, …); ' +
        'was this file imported before? Give every line an eventId to make a re-import change nothing\n',
    );
  });
});

describe('ledger on SQLite files that are not ledgers, or are read-only (docs/spec.md §8.1)', () => {
  const foreign = (name: string, schema: string): string => {
    const path = join(dir, name);
    const raw = new Database(path);
    raw.exec(schema);
    raw.close();
    return path;
  };

  it('snapshot refuses another program\'s file and leaves it byte for byte as it was', async () => {
    const path = foreign('app.db', 'CREATE TABLE things (x); INSERT INTO things VALUES (1);');
    const before = fingerprint(path);
    const r = await runLedger(['--store', 'app.db', 'snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ledger: cannot open the ledger at ${path}: ${path} is not a ledger: it is an SQLite file with tables of another program (things); nothing was written to it\n`);
    expect(fingerprint(path)).toEqual(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('import refuses a file with its own events table, untouched', async () => {
    const path = foreign('events.db', "CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO events (what) VALUES ('party');");
    const before = fingerprint(path);
    const r = await runLedger(['--store', 'events.db', 'import', 'sample.ndjson'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a ledger: it is an SQLite file without a ledger schema \(tables events\); nothing was written to it\n$/);
    expect(r.stderr).not.toContain('no such column');
    expect(fingerprint(path)).toEqual(before);
  });

  it('reads a ledger of mode 0444 with snapshot and verify, writing nothing to it', async () => {
    expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
    const path = join(dir, 'ledger.db');
    chmodSync(path, 0o444);
    const before = fingerprint(path);
    expect(await headPosition()).toBe(16);
    const verified = await runLedger(['verify', '--district', SAMPLE_DISTRICT], { cwd: dir });
    expect(verified.code, verified.stderr).toBe(0);
    expect(fingerprint(path)).toEqual(before);
  });

  it('does not create a file for a reading command on a path that does not exist', async () => {
    const r = await runLedger(['--store', 'nowhere.db', 'verify', '--district', SAMPLE_DISTRICT], { cwd: dir });
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'nowhere.db'))).toBe(false);
  });
});
