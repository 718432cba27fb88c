import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_IDS } from '@indicator-ledger/core';
import type { IndicatorProjections } from '@indicator-ledger/core';
import { sampleEvents, SAMPLE_DISTRICT } from '../testing/sampleHistory.js';
import { NEIGHBOUR_DISTRICT, twoDistrictLedgers } from '../testing/neighbourDistrict.js';
import { runLedger } from '../testing/runLedger.js';

let dir: string;
const both = `${SAMPLE_DISTRICT},${NEIGHBOUR_DISTRICT}`;

let library: IndicatorProjections;
let dispose: () => void;
beforeAll(async () => {
  ({ dir, library, dispose } = await twoDistrictLedgers('ledger-rollup-'));
});
afterAll(() => dispose());

const ledger = (argv: string[]) => runLedger(argv, { cwd: dir });
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('ledger districts', () => {
  it('lists every stream with its record count and first and last recordedAt', async () => {
    const r = await ledger(['districts', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const events = sampleEvents();
    expect(JSON.parse(r.stdout)).toEqual({
      districts: [SAMPLE_DISTRICT, NEIGHBOUR_DISTRICT].map((district) => ({
        district,
        records: events.length,
        firstRecordedAt: events[0]!.recordedAt,
        lastRecordedAt: events[events.length - 1]!.recordedAt,
      })),
    });
    const csv = await ledger(['districts', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('district,records,firstRecordedAt,lastRecordedAt');
    const table = await ledger(['districts', '--lang', 'en']);
    expect(table.stdout).toContain(`│ ${NEIGHBOUR_DISTRICT}`);
  });
});

describe('ledger rollup', () => {
  it('--year --format json prints exactly the library rollup object', async () => {
    for (const asOf of [undefined, '2020-12-31T00:00:00.000Z']) {
      const r = await ledger(['rollup', '--districts', both, '--year', '2020', '--format', 'json', ...(asOf !== undefined ? ['--as-of', asOf] : [])]);
      expect(r.code, r.stderr).toBe(0);
      const expected = await library.rollup([SAMPLE_DISTRICT, NEIGHBOUR_DISTRICT], { year: 2020, ...(asOf !== undefined ? { asOf } : {}) });
      expect(expected._tag).toBe('Right');
      expect(JSON.parse(r.stdout)).toEqual(plain(expected._tag === 'Right' ? expected.right : null));
    }
  });

  it('sums counts and money of the districts and recomputes ratios from summed parts', async () => {
    const r = JSON.parse((await ledger(['rollup', '--districts', both, '--year', '2020', '--format', 'json'])).stdout) as { indicators: Record<string, { value: number | null }> };
    const one = await library.snapshot(SAMPLE_DISTRICT, { year: 2020 });
    if (one._tag !== 'Right') throw new Error('snapshot refused');
    // The neighbour is the sample again, so every sum is twice one district's and a ratio of doubled parts is unchanged.
    expect(r.indicators['high-tech-enterprises']!.value).toBe(2 * one.right.indicators['high-tech-enterprises'].value!);
    expect(r.indicators['st-funds-allocated']!.value).toBe(2 * one.right.indicators['st-funds-allocated'].value!);
    expect(r.indicators['fiscal-st-share']!.value).toBeCloseTo(one.right.indicators['fiscal-st-share'].value!, 12);
  });

  it('--from --to prints one library rollup per year, and CSV one record per year and indicator', async () => {
    const r = await ledger(['rollup', '--districts', both, '--from', '2019', '--to', '2021', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout) as { districts: string[]; asOf: null; years: { year: number }[] };
    expect(printed.years.map((y) => y.year)).toEqual([2019, 2020, 2021]);
    for (const y of printed.years) {
      const expected = await library.rollup([SAMPLE_DISTRICT, NEIGHBOUR_DISTRICT], { year: y.year });
      expect(y).toEqual({ year: y.year, ...plain(expected._tag === 'Right' ? expected.right : null) });
    }
    const csv = (await ledger(['rollup', '--districts', both, '--from', '2019', '--to', '2021', '--format', 'csv'])).stdout.trimEnd().split('\r\n');
    expect(csv).toHaveLength(1 + 3 * INDICATOR_IDS.length);
  });

  it('passes the library refusal of a bad district through as one line, exit 1; usage errors exit 2', async () => {
    const bad = await ledger(['rollup', '--districts', `${SAMPLE_DISTRICT},99`, '--year', '2020']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ledger: district: .*\n$/);
    const neither = await ledger(['rollup', '--districts', both]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('give --year <year>, or --from <year> and --to <year>');
    const backwards = await ledger(['rollup', '--districts', both, '--from', '2021', '--to', '2020']);
    expect(backwards.code).toBe(2);
  });
});

describe('ledger ranking', () => {
  it('--format json prints the library ranking with what was ranked, and the table shows ranks', async () => {
    const r = await ledger(['ranking', '--districts', both, '--indicator', 'high-tech-enterprises', '--year', '2021', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const expected = await library.ranking([SAMPLE_DISTRICT, NEIGHBOUR_DISTRICT], 'high-tech-enterprises', { year: 2021 });
    expect(JSON.parse(r.stdout)).toEqual({
      indicator: 'high-tech-enterprises',
      unit: 'count',
      year: 2021,
      date: '2021-12-31',
      asOf: null,
      order: 'desc',
      ranking: plain(expected._tag === 'Right' ? expected.right : null),
    });
    const table = await ledger(['ranking', '--districts', both, '--indicator', 'high-tech-enterprises', '--year', '2021', '--lang', 'en']);
    expect(table.stdout).toMatch(/│ +1 │ 130302 +│ +3 │/);
    expect(table.stdout).toMatch(/│ +1 │ 130303 +│ +3 │/);
  });
});
