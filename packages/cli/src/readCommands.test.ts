import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndicatorProjections, createLedger, INDICATOR_IDS, MemoryEventStore } from '@indicator-ledger/core';
import { withoutColour } from './colours.js';
import { ndjsonOf, sampleEnterpriseId, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';

let dir: string;
const library = createIndicatorProjections(new MemoryEventStore());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-read-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
  // The same events through the library alone, to compare the command's JSON with.
  const appended = await createLedger({ store: library.store }).append(SAMPLE_DISTRICT, sampleEvents());
  expect(appended._tag).toBe('Right');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ledger = (argv: string[], setting: { env?: Record<string, string>; stdoutIsTTY?: boolean } = {}) => runLedger(argv, { cwd: dir, ...setting });

describe('ledger snapshot', () => {
  it('--format json prints exactly the docs/spec.md §7 object and nothing else', async () => {
    const r = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const printed = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['district', 'date', 'asOf', 'position', 'indicators']);
    expect(Object.keys(printed.indicators as object)).toEqual([...INDICATOR_IDS]);
    const expected = await library.snapshot(SAMPLE_DISTRICT, { year: 2020 });
    expect(expected._tag).toBe('Right');
    expect(printed).toEqual(expected._tag === 'Right' ? JSON.parse(JSON.stringify(expected.right)) : undefined);
    expect(printed).toMatchObject({ district: '130302', date: '2020-12-31', asOf: null, position: 16 });
    expect((printed.indicators as Record<string, unknown>)['high-tech-enterprises']).toEqual({
      value: 2,
      unit: 'count',
      target: { comparator: 'gte', value: 2 },
      status: 'met',
      missing: [],
    });
  });

  it('values as known at --as-of, echoing the instant normalised to UTC', async () => {
    // Known on 2021-03-20 (Beijing): the preliminary fiscal S&T expenditure only, 24 000 000 yuan of 3 000 000 000.
    const before = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--as-of', '2021-03-20T08:00:00+08:00', '--format', 'json']);
    expect(before.code).toBe(0);
    const early = JSON.parse(before.stdout);
    expect(early.asOf).toBe('2021-03-20T00:00:00.000Z');
    expect(early.indicators['fiscal-st-share']).toMatchObject({ value: (100 * 2_400_000_000) / 300_000_000_000, status: 'not-met' });
    const after = JSON.parse((await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'json'])).stdout);
    expect(after.indicators['fiscal-st-share']).toMatchObject({ value: (100 * 3_300_000_000) / 300_000_000_000, status: 'met' });
    const expected = await library.snapshot(SAMPLE_DISTRICT, { year: 2020, asOf: '2021-03-20T08:00:00+08:00' });
    expect(early).toEqual(expected._tag === 'Right' ? JSON.parse(JSON.stringify(expected.right)) : undefined);
  });

  it('--date values on that civil date', async () => {
    const r = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--date', '2020-06-30', '--format', 'json']);
    const s = JSON.parse(r.stdout);
    expect(s.date).toBe('2020-06-30');
    expect(s.indicators['st-funds-allocated'].value).toBe(15_000_000);
  });

  it('--format csv has a header and one record per indicator, numbers unrounded', async () => {
    const r = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'csv', '--lang', 'en']);
    expect(r.code).toBe(0);
    const records = r.stdout.trimEnd().split('\r\n');
    expect(records[0]).toBe('district,date,asOf,position,indicator,label,value,unit,comparator,target,status,missing');
    expect(records).toHaveLength(1 + INDICATOR_IDS.length);
    expect(records[1]).toBe('130302,2020-12-31,,16,high-tech-enterprises,High-tech enterprises,2,count,gte,2,met,');
    const perTenK = records.find((l) => l.includes(',invention-patents-per-10k,'))!;
    expect(perTenK).toContain(`,${1 / (350_000 / 10_000)},per-10k-persons,`);
    const rdIntensity = records.find((l) => l.includes(',rd-intensity-above-scale,'))!;
    expect(rdIntensity).toMatch(/,,percent,,,no-target,above-scale-industrial-rd-expenditure:2020 above-scale-industrial-main-revenue:2020$/);
  });

  it('--format table shows labels in the chosen language, with the status in words', async () => {
    const en = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--lang', 'en']);
    expect(en.stdout).toMatch(/High-tech enterprises\s+│\s+2 │ count\s+│\s+≥ 2 │ ✓ met/);
    expect(en.stdout).toContain('22,000,000');
    const zh = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--lang', 'zh']);
    expect(zh.stdout).toMatch(/高新技术企业数\s+│\s+2 │ 个\s+│\s+≥ 2 │ ✓ 达标/);
    // The locale chooses when --lang is not given.
    const byLocale = await ledger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(byLocale.stdout).toContain('高新技术企业数');
  });

  it('colours a terminal, and never when NO_COLOR is set or output is piped', async () => {
    const argv = ['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--lang', 'en'];
    const terminal = await ledger(argv, { stdoutIsTTY: true });
    expect(terminal.stdout).toContain('\u001b[32m✓ met\u001b[39m');
    const noColour = await ledger(argv, { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).not.toContain('\u001b[');
    const piped = await ledger(argv, { stdoutIsTTY: false });
    expect(piped.stdout).not.toContain('\u001b[');
    // Colour changes nothing but the escapes.
    expect(withoutColour(terminal.stdout)).toBe(piped.stdout);
  });

  it('exits 2 with help for wrong usage', async () => {
    for (const argv of [
      ['snapshot', '--district', SAMPLE_DISTRICT],
      ['snapshot', '--year', '2020'],
      ['snapshot', '--district', SAMPLE_DISTRICT, '--year', '20x0'],
      ['snapshot', '--district', SAMPLE_DISTRICT, '--date', '2021-02-29'],
      ['snapshot', '--district', '990000', '--year', '2020'],
      ['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--date', '2020-06-30'],
      ['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'xml'],
      ['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--as-of', 'yesterday'],
    ]) {
      const r = await ledger(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/error: /);
      expect(r.stderr, argv.join(' ')).toContain('Usage: ledger snapshot');
      expect(r.stdout).toBe('');
    }
  });
});

describe('ledger progress', () => {
  it('prints indicators × years 2019–2025 with value, target and status', async () => {
    const r = await ledger(['progress', '--district', SAMPLE_DISTRICT, '--lang', 'en']);
    expect(r.code).toBe(0);
    const header = r.stdout.split('\n').find((l) => l.includes('Indicator'))!;
    expect(header.match(/20\d\d/g)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    // 2021: three high-tech enterprises against a target of five.
    expect(r.stdout).toMatch(/High-tech enterprises\s+│\s+1 │\s+2 ✓ │\s+3 ✗ │/);
    expect(r.stdout).toMatch(/│\s+≥ 2 │\s+≥ 5 │/);
  });

  it('--format json and csv carry every year and indicator', async () => {
    const json = JSON.parse((await ledger(['progress', '--district', SAMPLE_DISTRICT, '--from', '2020', '--to', '2021', '--format', 'json'])).stdout);
    expect(json.district).toBe(SAMPLE_DISTRICT);
    expect(json.years.map((y: { year: number }) => y.year)).toEqual([2020, 2021]);
    const expected = await library.progress(SAMPLE_DISTRICT, { from: 2020, to: 2021 });
    expect(json.years).toEqual(expected._tag === 'Right' ? JSON.parse(JSON.stringify(expected.right)) : undefined);
    const csv = (await ledger(['progress', '--district', SAMPLE_DISTRICT, '--format', 'csv'])).stdout.trimEnd().split('\r\n');
    expect(csv).toHaveLength(1 + 7 * INDICATOR_IDS.length);
  });

  it('exits 2 when --from is after --to', async () => {
    const r = await ledger(['progress', '--district', SAMPLE_DISTRICT, '--from', '2025', '--to', '2019']);
    expect(r.code).toBe(2);
  });
});

describe('ledger explain and vintages', () => {
  it('explain names the entities and events behind a figure', async () => {
    const r = await ledger(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'high-tech-enterprises', '--year', '2020', '--format', 'json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.value).toBe(2);
    expect(e.contributions.map((c: { entity: string }) => c.entity).sort()).toEqual([sampleEnterpriseId(1), sampleEnterpriseId(2)].sort());
    const table = await ledger(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'fiscal-st-share', '--year', '2020', '--lang', 'en']);
    expect(table.stdout).toContain('fiscal-st-expenditure');
    expect(table.stdout).toContain('00000000-0000-4000-8000-000000000015');
  });

  it('explain in the terminal names each entity beside its id, one line per entity, and gives statistics with units', async () => {
    const table = await ledger(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'high-tech-enterprises', '--year', '2020', '--lang', 'en']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    for (const [n, name] of [[1, '样例精密陶瓷有限公司'], [2, '样例新材料有限公司']] as const) {
      const line = lines.filter((l) => l.includes(sampleEnterpriseId(n)));
      expect(line, `enterprise ${n}`).toHaveLength(1);
      expect(line[0]).toContain(name);
    }
    expect(lines.find((l) => l.includes('Entity'))).toContain('Name');
    // One line per entity, no rule between them: the table's lines are its borders, heading and entities.
    expect(lines.filter((l) => l.startsWith('│'))).toHaveLength(3);
    const ratio = await ledger(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'fiscal-st-share', '--year', '2020', '--lang', 'en']);
    // The revised S&T expenditure (3,300,000,000 fen) and the budget (300,000,000,000 fen), with yuan beside fen.
    expect(ratio.stdout).toContain('3,300,000,000 fen (33,000,000 yuan)');
    expect(ratio.stdout).toContain('300,000,000,000 fen (3,000,000,000 yuan)');
    const population = await ledger(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'invention-patents-per-10k', '--year', '2020', '--lang', 'zh']);
    expect(population.stdout).toContain('350,000 人');
    const zh = await ledger(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'fiscal-st-share', '--year', '2020', '--lang', 'zh']);
    expect(zh.stdout).toContain('3,300,000,000 分（33,000,000 元）');
  });

  it('vintages lists the periods of knowledge time with the value known in each', async () => {
    const r = await ledger(['vintages', '--district', SAMPLE_DISTRICT, '--indicator', 'fiscal-st-share', '--year', '2020', '--format', 'json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.vintages.map((p: { value: number | null }) => p.value)).toEqual([null, 0.8, 1.1]);
    expect(v.vintages.map((p: { fromRecordedAt: string }) => p.fromRecordedAt)).toEqual(['2019-06-01T02:00:00.000Z', '2021-03-11T01:00:00.000Z', '2021-07-01T01:00:00.000Z']);
    expect(v.vintages[2].toRecordedAt).toBeNull();
    const expected = await library.vintages(SAMPLE_DISTRICT, 'fiscal-st-share', 2020);
    expect(v.vintages).toEqual(expected._tag === 'Right' ? JSON.parse(JSON.stringify(expected.right)) : undefined);
  });

  it('an unknown indicator is wrong usage', async () => {
    const r = await ledger(['vintages', '--district', SAMPLE_DISTRICT, '--indicator', 'happiness', '--year', '2020']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('high-tech-enterprises');
  });
});

describe('failures', () => {
  it('a reading command on a missing ledger exits 1 with one line', async () => {
    const r = await ledger(['--store', 'nowhere.db', 'progress', '--district', SAMPLE_DISTRICT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ledger: no ledger at ${join(dir, 'nowhere.db')}; import events first (ledger import FILE…) or name one with --store\n`);
  });

  it('a file that is not a ledger exits 1 without a stack trace', async () => {
    writeFileSync(join(dir, 'garbage.db'), 'this is not a SQLite database, only text '.repeat(100));
    const r = await ledger(['--store', 'garbage.db', 'progress', '--district', SAMPLE_DISTRICT]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^ledger: cannot open the ledger at .*garbage\.db: /);
  });

  it('a district with no records is said so, exit 1, by every reading command — never zeros', async () => {
    const where = join(dir, 'ledger.db');
    for (const argv of [
      ['snapshot', '--district', '130399', '--year', '2020'],
      ['snapshot', '--district', '130399', '--year', '2020', '--format', 'json'],
      ['progress', '--district', '130399'],
      ['explain', '--district', '130399', '--indicator', 'tech-smes', '--year', '2020'],
      ['vintages', '--district', '130399', '--indicator', 'tech-smes', '--year', '2020'],
      ['report', '--district', '130399', '--out', 'empty.html'],
      ['history', '--district', '130399', '--by-unit'],
      ['history', '--district', '130399', sampleEnterpriseId(1)],
    ]) {
      const r = await ledger(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toBe(`ledger: no records for district 130399 in ${where}\n`);
      expect(r.stdout, argv.join(' ')).toBe('');
    }
  });

  it('credentials in --store are masked in every message, including those of the driver', async () => {
    const r = await ledger(['--store', 'postgres://ledger:Pw@Three@127.0.0.1:1/ledger?password=s3cretpw&sslpassword=k3ypass', 'snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('postgres://ledger:***@127.0.0.1:1/ledger?password=***&sslpassword=***');
    for (const secret of ['Pw@Three', 'Three', 's3cretpw', 'k3ypass']) expect(r.stderr).not.toContain(secret);
  });

  it('no command prints help and exits 2; --help exits 0', async () => {
    const none = await ledger([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: ledger');
    const unknown = await ledger(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const help = await ledger(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('import');
    expect(help.stdout).toContain('snapshot');
  });
});
