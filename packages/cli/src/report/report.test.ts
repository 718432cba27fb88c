import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INDICATOR_IDS, INDICATORS } from '@indicator-ledger/core';
import type { IndicatorId, IndicatorProjections, Instant, Vintage } from '@indicator-ledger/core';
import { SAMPLE_DISTRICT } from '../testing/sampleHistory.js';
import { NEIGHBOUR_DISTRICT, twoDistrictLedgers } from '../testing/neighbourDistrict.js';
import { runLedger } from '../testing/runLedger.js';
import { chartSvg } from './chartSvg.js';
import { figureChart, vintagesChart } from './reportCharts.js';
import { readReportData, vintagesKnownAt } from './reportData.js';

// The report of the small sample (130302) and its neighbour (130303), against the library on the same events.
let dir: string;

let library: IndicatorProjections;
let dispose: () => void;
beforeAll(async () => {
  ({ dir, library, dispose } = await twoDistrictLedgers('ledger-report-views-'));
});
afterAll(() => dispose());

/** Writes a report with `args` and returns its HTML. */
const report = async (name: string, args: string[]): Promise<string> => {
  const r = await runLedger(['report', '--out', name, ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(dir, name), 'utf8');
};

/** The progress table's cells: indicator, year, the unrounded value, and the status class. */
const cells = (html: string): { indicator: string; year: number; value: number | null; status: string; text: string }[] =>
  [...html.matchAll(/<td class="([a-z-]+)" data-indicator="([a-z0-9-]+)" data-year="(\d+)" data-value="([^"]*)" title="[^"]*">([^<]*)/g)].map((m) => ({
    status: m[1]!,
    indicator: m[2]!,
    year: Number(m[3]),
    value: m[4] === '' ? null : Number(m[4]),
    text: m[5]!,
  }));

/** The label texts of a Vega SVG's axes, one list per axis (x first). */
const axisLabels = (svg: string): string[][] =>
  [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/gs)].map((m) => [...m[1]!.matchAll(/>([^<]*)<\/text>/g)].map((t) => t[1]!));

/** The titles of a Vega SVG's axes. */
const axisTitles = (svg: string): string[] => [...svg.matchAll(/<g class="mark-text role-axis-title"[^>]*>(.*?)<\/g>/gs)].flatMap((m) => [...m[1]!.matchAll(/>([^<]*)<\/text>/g)].map((t) => t[1]!));

const AS_OF = '2021-03-15T00:00:00.000Z';

describe('ledger report --as-of', () => {
  it('shows every figure as the library snapshot at that instant, and says the instant', async () => {
    const html = await report('asof.html', ['--district', SAMPLE_DISTRICT, '--from', '2020', '--to', '2021', '--as-of', AS_OF, '--lang', 'en']);
    expect(html).toContain(`As of ${AS_OF}`);
    const shown = cells(html);
    expect(shown).toHaveLength(2 * INDICATOR_IDS.length);
    for (const year of [2020, 2021]) {
      const snapshot = await library.snapshot(SAMPLE_DISTRICT, { year, asOf: AS_OF });
      if (snapshot._tag === 'Left') throw new Error('library refused');
      for (const id of INDICATOR_IDS) {
        const cell = shown.find((c) => c.indicator === id && c.year === year)!;
        expect(cell.value, `${id} ${year}`).toBe(snapshot.right.indicators[id].value);
      }
    }
    // The fiscal S&T share of 2020 was 0.8 % (not met) before its revision, 1.1 % (met) after.
    const before = shown.find((c) => c.indicator === 'fiscal-st-share' && c.year === 2020)!;
    expect(before.status).toBe('not-met');
    const now = cells(await report('now.html', ['--district', SAMPLE_DISTRICT, '--from', '2020', '--to', '2021', '--lang', 'en']));
    expect(now.find((c) => c.indicator === 'fiscal-st-share' && c.year === 2020)!.status).toBe('met');
  }, 120_000);

  it('draws only the vintages known at that instant, the last one current then', async () => {
    const data = await readReportData(library.store, { districts: [SAMPLE_DISTRICT], from: 2020, to: 2020, asOf: AS_OF as Instant }, library);
    expect(data.ok).toBe(true);
    if (!data.ok) return;
    const all = await library.vintages(SAMPLE_DISTRICT, 'fiscal-st-share', 2020);
    if (all._tag === 'Left') throw new Error('library refused');
    const known = data.data.vintages['fiscal-st-share'][0]!.vintages;
    expect(known.length).toBeLessThan(all.right.length);
    expect(known.every((v) => Date.parse(v.fromRecordedAt) <= Date.parse(AS_OF))).toBe(true);
    expect(known[known.length - 1]!.toRecordedAt).toBeNull();
    expect(data.data.lastRecordedAt === null || Date.parse(data.data.lastRecordedAt) <= Date.parse(AS_OF)).toBe(true);
  });

  it('vintagesKnownAt keeps exactly the vintages begun by the instant (property)', () => {
    const start = Date.UTC(2020, 0, 1);
    const vintagesArb = fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }).map((offsets): Vintage[] => {
      const ms = [...offsets].sort((a, b) => a - b).map((o) => start + o * 1000);
      return ms.map((m, i) => ({
        fromRecordedAt: new Date(m).toISOString() as Instant,
        toRecordedAt: i + 1 < ms.length ? (new Date(ms[i + 1]!).toISOString() as Instant) : null,
        position: i + 1,
        value: i,
        missing: [],
      }));
    });
    fc.assert(
      fc.property(vintagesArb, fc.integer({ min: -10, max: 1_000_010 }), (vintages, offset) => {
        const at = start + offset * 1000;
        const known = vintagesKnownAt(vintages, new Date(at).toISOString() as Instant);
        expect(known.map((v) => v.position)).toEqual(vintages.filter((v) => Date.parse(v.fromRecordedAt) <= at).map((v) => v.position));
        if (known.length > 0) expect(known[known.length - 1]!.toRecordedAt).toBeNull();
        known.slice(0, -1).forEach((v, i) => expect(v).toEqual(vintages[i]));
      }),
    );
  });
});

describe('ledger report --districts (a roll-up report)', () => {
  const both = `${SAMPLE_DISTRICT},${NEIGHBOUR_DISTRICT}`;
  it('shows the library roll-up of each year, everything recorded and as of an instant', async () => {
    for (const asOf of [undefined, AS_OF]) {
      const html = await report('rollup.html', ['--districts', both, '--from', '2020', '--to', '2021', '--lang', 'en', ...(asOf !== undefined ? ['--as-of', asOf] : [])]);
      expect(html).toContain(`Roll-up · Districts ${SAMPLE_DISTRICT}`);
      const shown = cells(html);
      expect(shown).toHaveLength(2 * INDICATOR_IDS.length);
      for (const year of [2020, 2021]) {
        const rollup = await library.rollup([SAMPLE_DISTRICT, NEIGHBOUR_DISTRICT], { year, ...(asOf !== undefined ? { asOf } : {}) });
        if (rollup._tag === 'Left') throw new Error('library refused');
        for (const id of INDICATOR_IDS) {
          const cell = shown.find((c) => c.indicator === id && c.year === year)!;
          expect(cell.value, `${id} ${year} ${asOf}`).toBe(rollup.right.indicators[id].value);
          // A roll-up has no targets, so no status mark (docs/spec.md §8.5).
          expect(cell.status).toBe('no-target');
        }
      }
    }
  }, 120_000);

  it('draws the roll-up vintages: each value is the library roll-up at the vintage start', async () => {
    const data = await readReportData(library.store, { districts: [SAMPLE_DISTRICT, NEIGHBOUR_DISTRICT], from: 2020, to: 2020 }, library);
    if (!data.ok) throw new Error('refused');
    for (const id of ['high-tech-enterprises', 'fiscal-st-share'] as const) {
      const vintages = data.data.vintages[id][0]!.vintages;
      expect(vintages.length).toBeGreaterThan(1);
      for (const v of vintages) {
        const r = await library.rollup([SAMPLE_DISTRICT, NEIGHBOUR_DISTRICT], { year: 2020, asOf: v.fromRecordedAt });
        if (r._tag === 'Left') throw new Error('refused');
        expect(v.value, `${id} ${v.fromRecordedAt}`).toBe(r.right.indicators[id].value);
      }
    }
  });

  it('refuses a bad district list as the library does (exit 1), and wants one of --district or --districts (exit 2)', async () => {
    const bad = await runLedger(['report', '--out', 'x.html', '--districts', `${SAMPLE_DISTRICT},${SAMPLE_DISTRICT}`], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('districts[1]');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const neither = await runLedger(['report', '--out', 'x.html'], { cwd: dir });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('give --district <code> or --districts <codes>');
    const both2 = await runLedger(['report', '--out', 'x.html', '--district', SAMPLE_DISTRICT, '--districts', both], { cwd: dir });
    expect(both2.code).toBe(2);
  });
});

describe('the report marks years in progress', () => {
  it('a figure below target in a year not over at the instant is "… in progress", not "✗ not met"', async () => {
    const html = await report('progress.html', ['--district', SAMPLE_DISTRICT, '--from', '2020', '--to', '2021', '--as-of', AS_OF, '--lang', 'en']);
    const shown = cells(html);
    // 2021's high-tech target (5) was not reached in March 2021: the year was still running.
    const running = shown.find((c) => c.indicator === 'high-tech-enterprises' && c.year === 2021)!;
    expect(running.status).toBe('in-progress');
    expect(running.text).toContain('…');
    expect(running.text).not.toContain('✗');
    // 2020 was over: its missed fiscal share stays not met.
    expect(shown.find((c) => c.indicator === 'fiscal-st-share' && c.year === 2020)!.text).toContain('✗');
    expect(html).toContain('<span class="in-progress">… in progress</span>');
    const figure = /<figure class="chart" data-indicator="high-tech-enterprises" data-chart="figure">(.*?)<\/figure>/s.exec(html)![1]!;
    expect(figure).toContain('in progress');
  }, 120_000);
});

describe('report charts', () => {
  const dataOf = async (from = 2019, to = 2021) => {
    const d = await readReportData(library.store, { districts: [SAMPLE_DISTRICT], from, to }, library);
    if (!d.ok) throw new Error('refused');
    return d.data;
  };
  const counts = INDICATOR_IDS.filter((id) => INDICATORS[id].unit === 'count');

  it('count axes step by whole numbers: the spec asks for it, and every tick label is an integer', async () => {
    const data = await dataOf();
    for (const id of counts) {
      for (const spec of [figureChart(data, id, 'en'), vintagesChart(data, id, 'en')]) {
        expect(JSON.stringify(spec)).toContain('"tickMinStep":1');
        const svg = await chartSvg(spec);
        const y = axisLabels(svg)[1]!;
        expect(y.length, id).toBeGreaterThan(0);
        for (const label of y) expect(label, `${id}: ${y.join(' ')}`).toMatch(/^\d+$/);
        expect(new Set(y).size, `${id}: ${y.join(' ')}`).toBe(y.length);
      }
    }
  });

  it('money axes are in 万元 in Chinese: values ÷ 10,000 and the title says 万元', async () => {
    const data = await dataOf(2020, 2020);
    const id: IndicatorId = 'st-funds-allocated';
    const spec = figureChart(data, id, 'zh') as unknown as { data: { values: { value: number | null }[] } };
    expect(spec.data.values[0]!.value).toBe(data.years[0]!.indicators[id].value! / 10_000);
    const svg = await chartSvg(figureChart(data, id, 'zh'));
    expect(axisTitles(svg).some((t) => t.includes('万元'))).toBe(true);
    const vintages = await chartSvg(vintagesChart(data, id, 'zh'));
    expect(axisTitles(vintages).some((t) => t.includes('万元'))).toBe(true);
    // English keeps yuan.
    expect(axisTitles(await chartSvg(figureChart(data, id, 'en'))).some((t) => t.includes('万元'))).toBe(false);
  });

  it('vintage lines of different years differ in colour, dash and point shape, with a legend of the years', async () => {
    const data = await dataOf();
    const spec = vintagesChart(data, 'high-tech-enterprises', 'en') as unknown as {
      encoding: Record<string, { field: string; scale: { range: unknown[] } }>;
      layer: { encoding?: Record<string, { field: string; scale: { range: unknown[] } }> }[];
    };
    for (const channel of [spec.encoding.color!, spec.encoding.strokeDash!, spec.layer[1]!.encoding!.shape!]) {
      expect(channel.field).toBe('year');
      const range = channel.scale.range.map((r) => JSON.stringify(r));
      expect(new Set(range.slice(0, 3)).size).toBe(3);
    }
    const svg = await chartSvg(vintagesChart(data, 'high-tech-enterprises', 'en'));
    const legend = [...svg.matchAll(/role-legend-label[^>]*>(.*?)<\/g>/gs)].flatMap((m) => [...m[1]!.matchAll(/>([^<]*)<\/text>/g)].map((t) => t[1]!));
    expect(legend).toEqual(expect.arrayContaining(['2019', '2020', '2021']));
    expect(svg).toContain('stroke-dasharray');
  });
});
