import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPARATORS,
  decodeEventInput,
  DESIGNATIONS,
  EVENT_TYPES,
  FUND_PURPOSES,
  INDICATOR_IDS,
  INDICATORS,
  LEVELS,
  PATENT_KINDS,
  PATENT_LAPSE_REASONS,
  PLATFORM_KINDS,
  STATISTIC_STATUSES,
  STATISTICS,
  UNITS,
} from '@indicator-ledger/core';
import { arbEventInputOf, planTargetEvents } from '@indicator-ledger/core/testing';
import { runLedger } from './testing/runLedger.js';

// The docs are held against the code, so that they cannot drift: events.md against the codecs,
// indicators.md against the catalog and the plan's seed targets, cli.md against the command's help.
const docs = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url)), 'utf8');

type Presence = 'required' | 'optional';

/** The field tables of a markdown section: `| \`field\` | required |` rows. */
const fieldsOf = (section: string): Map<string, Presence> =>
  new Map([...section.matchAll(/^\| `([A-Za-z]+)` \| (required|optional) \|/gm)].map((m) => [m[1]!, m[2] as Presence]));

/** Sections under `### \`Name\`` headings, by name. */
const sectionsOf = (text: string, heading: RegExp): Map<string, string> => {
  const parts = text.split(heading);
  const sections = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) sections.set(parts[i]!, parts[i + 1]!.split(/^## /m)[0]!);
  return sections;
};

const samplesOf = (type: (typeof EVENT_TYPES)[number]) => fc.sample(arbEventInputOf(type, { district: '130302' }), { numRuns: 200, seed: 8 }) as unknown as Record<string, unknown>[];

const without = (o: Record<string, unknown>, key: string): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('docs/events.md', () => {
  const text = docs('events.md');
  const sections = sectionsOf(text, /^### `([A-Za-z]+)`$/m);

  it('has a section for every event type and no other', () => {
    expect([...sections.keys()].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each([...EVENT_TYPES])('lists exactly the data fields of %s that the codec accepts, required and optional as the codec treats them', (type) => {
    const documented = fieldsOf(sections.get(type) ?? '');
    expect(documented.size, `${type} has a field table`).toBeGreaterThan(0);
    const samples = samplesOf(type);
    const seen = new Set(samples.flatMap((s) => Object.keys(s.data as object)));
    // Every field valid inputs carry is documented, and every documented field is one they carry.
    expect([...seen].sort()).toEqual([...documented.keys()].sort());
    for (const [field, presence] of documented) {
      const sample = samples.find((s) => field in (s.data as object))!;
      const decoded = decodeEventInput({ ...sample, data: without(sample.data as Record<string, unknown>, field) });
      if (presence === 'required') {
        expect(decoded._tag, `${type}.${field} is required`).toBe('Left');
        expect(decoded._tag === 'Left' ? decoded.left.map((p) => p.path) : []).toContain(`data.${field}`);
      } else expect(decoded._tag, `${type}.${field} is optional`).toBe('Right');
    }
    const withUnknown = decodeEventInput({ ...samples[0]!, data: { ...(samples[0]!.data as object), undocumentedField: 1 } });
    expect(withUnknown._tag).toBe('Left');
  });

  it('lists exactly the envelope fields, required and optional as the decoder treats them', () => {
    const envelope = fieldsOf(text.split(/^## The envelope$/m)[1]!.split(/^## /m)[0]!);
    const samples = EVENT_TYPES.flatMap((type) => samplesOf(type).slice(0, 40));
    expect([...new Set(samples.flatMap((s) => Object.keys(s)))].sort()).toEqual([...envelope.keys()].sort());
    for (const [field, presence] of envelope) {
      const sample = samples.find((s) => field in s)!;
      const decoded = decodeEventInput(without(sample, field));
      expect(decoded._tag, `${field} is ${presence}`).toBe(presence === 'required' ? 'Left' : 'Right');
    }
  });

  it('names every word of the closed vocabularies', () => {
    const words = [
      ...Object.keys(UNITS),
      ...Object.values(UNITS),
      ...Object.keys(DESIGNATIONS),
      ...Object.keys(PLATFORM_KINDS),
      ...Object.values(PLATFORM_KINDS),
      ...LEVELS,
      ...FUND_PURPOSES,
      ...PATENT_KINDS,
      ...PATENT_LAPSE_REASONS,
      ...STATISTIC_STATUSES,
      ...COMPARATORS,
    ];
    for (const w of words) expect(text, w).toContain(/^[a-z-]+$/.test(w) ? `\`${w}\`` : w);
    for (const [statistic, unit] of Object.entries(STATISTICS)) expect(text, statistic).toMatch(new RegExp(`\`${statistic}\`\\s*\\(${unit}\\)`));
  });
});

describe('docs/indicators.md', () => {
  const text = docs('indicators.md');
  const sections = sectionsOf(text, /^### `([a-z0-9-]+)` — .*$/m);

  it('describes every indicator of the catalog, with its unit and Chinese name, in catalog order', () => {
    expect([...sections.keys()]).toEqual([...INDICATOR_IDS]);
    for (const id of INDICATOR_IDS) {
      expect(sections.get(id), id).toContain(`Unit: \`${INDICATORS[id].unit}\``);
      expect(text).toMatch(new RegExp(`^### \`${id}\` — ${INDICATORS[id].zh.replace(/\(.*\)$/, '').replace(/[()]/g, '\\$&')}`, 'm'));
    }
  });

  it("shows the plan's targets exactly as the seed records them", () => {
    const table = new Map<string, Map<number, number>>();
    for (const m of text.matchAll(/^\| `([a-z0-9-]+)` \|(.*)\|$/gm)) {
      const cells = m[2]!.split('|').map((c) => c.trim());
      expect(cells, m[1]).toHaveLength(7);
      table.set(m[1]!, new Map(cells.flatMap((c, i) => (c === '' ? [] : [[2019 + i, Number(c)] as [number, number]]))));
    }
    const seeded = new Map<string, Map<number, number>>();
    for (const e of planTargetEvents()) {
      const row = seeded.get(e.data.indicator) ?? new Map<number, number>();
      row.set(e.data.year, e.data.value);
      seeded.set(e.data.indicator, row);
      expect(e.data.comparator).toBe('gte');
    }
    expect(table).toEqual(seeded);
  });
});

describe('docs/cli.md', () => {
  const text = docs('cli.md');

  it('documents every command and every option of each', async () => {
    const help = await runLedger(['--help'], { cwd: '/' });
    const commands = [...help.stdout.split('Commands:')[1]!.split('Examples:')[0]!.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThanOrEqual(14);
    const sections = sectionsOf(text, /^### `ledger ([a-z-]+)`$/m);
    expect([...sections.keys()].sort()).toEqual([...commands].sort());
    for (const command of commands) {
      const options = [...(await runLedger([command, '--help'], { cwd: '/' })).stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');
      for (const option of options) expect(sections.get(command), `${command} ${option}`).toContain(option);
    }
    expect(text).toContain('--store');
  });
});
