import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjsonOf, sampleEnterpriseId, sampleEvents, SAMPLE_DISTRICT } from './testing/sampleHistory.js';
import { runLedger } from './testing/runLedger.js';

// CSV on the command line (docs/spec.md §8.5): cells from event data cannot run as formulas, and --bom
// writes the UTF-8 byte order mark that zh-CN Excel needs to read Chinese labels.
let dir: string;
const enterprise = sampleEnterpriseId(77);
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-csv-'));
  const hostile = {
    type: 'EnterpriseRecognized',
    eventId: '00000000-0000-4000-8000-000000000777',
    district: SAMPLE_DISTRICT,
    effectiveDate: '2021-12-01',
    recordedAt: '2021-12-02T01:00:00.000Z',
    actor: { unit: 'development-reform', user: '@SUM(1+1)' },
    source: '=HYPERLINK("http://evil.example","点击")',
    data: { enterpriseId: enterprise, name: '+cmd|calc', designation: 'tech-sme' },
  };
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf([...sampleEvents(), hostile]));
  expect((await runLedger(['import', 'sample.ndjson'], { cwd: dir })).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV output', () => {
  it('escapes event text that a spreadsheet would run as a formula', async () => {
    const r = await runLedger(['history', enterprise, '--district', SAMPLE_DISTRICT, '--format', 'csv'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const record = r.stdout.split('\r\n')[1]!;
    expect(record).toContain(`,"'@SUM(1+1)",`);
    expect(record).toContain(`,"'=HYPERLINK(""http://evil.example"",""点击"")",`);
    expect(record).not.toMatch(/(^|,)[=+\-@]/);
  });

  it('--bom starts the CSV with a UTF-8 byte order mark; without it there is none', async () => {
    const argv = ['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--format', 'csv', '--lang', 'zh'];
    const plain = await runLedger(argv, { cwd: dir });
    expect(plain.stdout.startsWith('district,')).toBe(true);
    for (const command of [argv, ['progress', '--district', SAMPLE_DISTRICT, '--format', 'csv'], ['history', enterprise, '--district', SAMPLE_DISTRICT, '--format', 'csv']]) {
      const withBom = await runLedger([...command, '--bom'], { cwd: dir });
      expect(withBom.code, withBom.stderr).toBe(0);
      expect(withBom.stdout.startsWith('\uFEFF'), command.join(' ')).toBe(true);
      expect(withBom.stdout.indexOf('\uFEFF', 1)).toBe(-1);
    }
    expect((await runLedger([...argv, '--bom'], { cwd: dir })).stdout).toBe(`\uFEFF${plain.stdout}`);
  });

  it('--bom without --format csv is wrong usage', async () => {
    const r = await runLedger(['snapshot', '--district', SAMPLE_DISTRICT, '--year', '2020', '--bom'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bom');
  });
});
