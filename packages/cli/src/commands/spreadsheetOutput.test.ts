import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_IDS, INDICATORS } from '@indicator-ledger/core';
import { indicatorLabel, unitLabel } from '../labels.js';
import { NEIGHBOUR_DISTRICT, neighbourEvents } from '../testing/neighbourDistrict.js';
import { runLedger } from '../testing/runLedger.js';
import { ndjsonOf, sampleEvents, SAMPLE_DISTRICT } from '../testing/sampleHistory.js';

let dir: string;
const both = `${SAMPLE_DISTRICT},${NEIGHBOUR_DISTRICT}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-xlsx-'));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  writeFileSync(join(dir, 'neighbour.ndjson'), ndjsonOf(neighbourEvents()));
  expect((await runLedger(['import', 'sample.ndjson', 'neighbour.ndjson'], { cwd: dir })).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ledger = (argv: string[], stdoutIsTTY = false) => runLedger(argv, { cwd: dir, stdoutIsTTY });

/** The JSON of a query, and its workbook written with --format xlsx and read back with exceljs. */
const both_ = async (argv: string[], file: string, lang: 'zh' | 'en' = 'en') => {
  const json = await ledger([...argv, '--format', 'json']);
  expect(json.code, json.stderr).toBe(0);
  const xlsx = await ledger([...argv, '--format', 'xlsx', '--out', file, '--lang', lang]);
  expect(xlsx.code, xlsx.stderr).toBe(0);
  expect(xlsx.stdout).toMatch(new RegExp(`^wrote ${file.replace('.', '\\.')} \\(\\d sheets?\\)\\n$`));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(dir, file));
  return { report: JSON.parse(json.stdout) as never, workbook };
};

/** A sheet's rows as arrays of cell values (1-based columns dropped), the heading first. */
const rowsOf = (workbook: ExcelJS.Workbook, name: string): unknown[][] => {
  const sheet = workbook.getWorksheet(name);
  expect(sheet, name).toBeDefined();
  const rows: unknown[][] = [];
  sheet!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  // exceljs leaves trailing empty cells out of a row: pad every row to the heading's width.
  const width = rows[0]?.length ?? 0;
  return rows.map((row) => [...row, ...Array.from({ length: Math.max(0, width - row.length) }, () => undefined)]);
};

/** A cell as the JSON has it: an empty cell is null. */
const cell = (v: unknown): unknown => (v === undefined ? null : v);

describe('--format xlsx', () => {
  it('progress: real numbers in cells, units in the headings, the same values as the JSON', async () => {
    const { report, workbook } = await both_(['progress', '--district', SAMPLE_DISTRICT, '--from', '2019', '--to', '2021'], 'progress.xlsx');
    const r = report as { years: { year: number; date: string; indicators: Record<string, { value: number | null; target: { value: number } | null }> }[] };
    const values = rowsOf(workbook, 'Values');
    const label = (id: (typeof INDICATOR_IDS)[number]) => indicatorLabel(id, 'en');
    const unit = (id: (typeof INDICATOR_IDS)[number]) => unitLabel(INDICATORS[id].unit, 'en');
    expect(values[0]).toEqual(['Year', 'Date', ...INDICATOR_IDS.map((id) => (label(id).endsWith(`(${unit(id)})`) ? label(id) : `${label(id)} (${unit(id)})`))]);
    expect(values[0]).toContain('High-tech enterprises (count)');
    expect(values[0]).toContain('S&T funds allocated (yuan)');
    expect(values[0]).toContain('Fiscal S&T spending share (%)');
    expect(values.slice(1).map((row) => row.map(cell))).toEqual(r.years.map((y) => [y.year, y.date, ...INDICATOR_IDS.map((id) => y.indicators[id]!.value)]));
    const funds = values[2]![2 + INDICATOR_IDS.indexOf('st-funds-allocated')];
    expect(typeof funds).toBe('number');
    const targets = rowsOf(workbook, 'Targets');
    expect(targets.slice(1).map((row) => row.map(cell))).toEqual(r.years.map((y) => [y.year, y.date, ...INDICATOR_IDS.map((id) => y.indicators[id]!.target?.value ?? null)]));
    expect(rowsOf(workbook, 'Status')[2]![2]).toBe('met');
  });

  it('progress with --lang zh: Chinese sheet names and headings with units', async () => {
    const { workbook } = await both_(['progress', '--district', SAMPLE_DISTRICT, '--from', '2020', '--to', '2020'], 'progress-zh.xlsx', 'zh');
    const values = rowsOf(workbook, '数值');
    expect(values[0]![0]).toBe('年份');
    expect(values[0]![2]).toBe('高新技术企业数（个）');
    expect(rowsOf(workbook, '状态')[1]![2]).toBe('达标');
  });

  it('rollup and ranking: the JSON figures, as numbers', async () => {
    const rollup = await both_(['rollup', '--districts', both, '--from', '2020', '--to', '2021'], 'rollup.xlsx');
    const r = rollup.report as { years: { date: string; indicators: Record<string, { value: number | null }> }[] };
    const rows = rowsOf(rollup.workbook, 'Roll-up');
    expect(rows.slice(1).map((row) => row.map(cell))).toEqual(r.years.map((y) => [y.date, ...INDICATOR_IDS.map((id) => y.indicators[id]!.value)]));
    const ranking = await both_(['ranking', '--districts', both, '--indicator', 'st-funds-allocated', '--year', '2020'], 'ranking.xlsx');
    const k = ranking.report as { ranking: { rank: number | null; district: string; value: number | null }[] };
    const ranked = rowsOf(ranking.workbook, 'Ranking');
    expect(ranked[0]![2]).toBe('S&T funds allocated (yuan)');
    expect(ranked.slice(1).map((row) => row.map(cell))).toEqual(k.ranking.map((d) => [d.rank, d.district, d.value]));
  });

  it('explain: the figure, the entities and the statistic reports', async () => {
    const { report, workbook } = await both_(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'fiscal-st-share', '--year', '2020'], 'explain.xlsx');
    const e = report as { value: number; statistics: { statistic: string; year: number; value: number; eventId: string; position: number }[] };
    expect(rowsOf(workbook, 'Figure')[1]![4]).toBe(e.value);
    expect(rowsOf(workbook, 'Statistics').slice(1).map((row) => row.map(cell))).toEqual(e.statistics.map((s) => [s.statistic, s.year, s.value, 'fen', s.eventId, s.position]));
    const entities = await both_(['explain', '--district', SAMPLE_DISTRICT, '--indicator', 'high-tech-enterprises', '--year', '2021'], 'entities.xlsx');
    const c = entities.report as { contributions: { entity: string; eventId: string; position: number }[] };
    expect(rowsOf(entities.workbook, 'Entities').slice(1)).toHaveLength(3);
    expect(rowsOf(entities.workbook, 'Entities').slice(1)).toEqual(c.contributions.map((x) => [x.entity, x.eventId, x.position]));
  });

  it('needs --out (never binary on a terminal or a pipe), and --out needs xlsx: wrong usage, exit 2, nothing written', async () => {
    for (const tty of [true, false]) {
      const r = await ledger(['progress', '--district', SAMPLE_DISTRICT, '--format', 'xlsx'], tty);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('error: --format xlsx writes a binary spreadsheet, never to the terminal: give --out FILE.xlsx');
    }
    const csv = await ledger(['ranking', '--districts', both, '--indicator', 'tech-smes', '--year', '2020', '--format', 'csv', '--out', 'x.xlsx']);
    expect(csv.code).toBe(2);
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });
});
