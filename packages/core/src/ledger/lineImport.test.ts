import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { LINES_PER_CHUNK, importNdjson } from './lineImport.js';
import type { ImportLine } from './lineImport.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { DistrictCode } from '../ids/districtCode.js';

const A = '130302' as DistrictCode;
const B = '130303' as DistrictCode;
const line = (n: number, district: string = A, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'ProjectApproved',
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    district,
    effectiveDate: '2022-04-01',
    recordedAt: `2022-04-01T09:00:${String(n % 60).padStart(2, '0')}Z`,
    actor: { unit: 'development-reform', user: 'zhang.san' },
    data: { projectId: `XM-${n}`, title: `项目${n}`, level: 'municipal' },
    ...extra,
  });

async function* lazily(lines: readonly ImportLine[]): AsyncIterable<ImportLine> {
  yield* lines;
}

/** The memory store without its transaction: an import then stages and commits at the end. */
const withoutTransactions = (store: EventStore): EventStore => ({
  append: (s, r, p) => store.append(s, r, p),
  readPages: (s, r) => store.readPages(s, r),
  read: (s, r) => store.read(s, r),
  head: (s) => store.head(s),
  streams: () => store.streams(),
  close: () => store.close(),
});

describe('importNdjson: decode once, check as it comes, all or nothing (docs/spec.md §2–5, §8.1)', () => {
  for (const [name, open] of [
    ['in one transaction', (s: EventStore) => s],
    ['staged, then committed', withoutTransactions],
  ] as const) {
    it(`${name}: appends every district's events in line order and reports each district`, async () => {
      const store = createMemoryStore();
      const result = await importNdjson(open(store), [{ name: 'a.ndjson', lines: lazily([line(1), '', line(2, B), `${line(3)}\r`]) }]);
      expect(E.isRight(result)).toBe(true);
      if (E.isLeft(result)) return;
      expect(result.right.districts.map((d) => [d.district, d.appended, d.head.position])).toEqual([[A, 2, 2], [B, 1, 1]]);
      expect(result.right.idlessRepeats.count).toBe(0);
      expect(await store.streams()).toEqual([A, B]);
    });

    it(`${name}: lists every problem of every source by line, path and reason, and writes nothing`, async () => {
      const store = createMemoryStore();
      const result = await importNdjson(open(store), [
        {
          name: 'a.ndjson',
          lines: lazily([
            line(1),
            '{"type":',
            { unreadable: 'byte 3: invalid UTF-8 (0xC3 0x28)' },
            line(4, A, { effectiveDate: '2022-02-30' }),
            // Refers to a project never approved: a rule of docs/spec.md §4, checked against line 1's facts.
            line(1),
            `{"type":"ProjectApproved",\uFEFF}`,
          ]),
        },
        { name: 'b.ndjson', lines: [line(9, B, { actor: { unit: 'finance', user: 'li.na' } })] },
      ]);
      expect(E.isLeft(result) && result.left.kind).toBe('refused');
      if (E.isRight(result) || result.left.kind !== 'refused') return;
      const where = result.left.problems.map((p) => `${p.source}:${p.line}:${p.path}`);
      expect(where).toEqual(['a.ndjson:2:', 'a.ndjson:3:', 'a.ndjson:4:effectiveDate', 'a.ndjson:6:', 'b.ndjson:1:actor.unit']);
      expect(result.left.problems[1]!.reason).toBe('byte 3: invalid UTF-8 (0xC3 0x28)');
      expect(result.left.problems[3]!.reason).toBe('byte 27: a UTF-8 byte-order mark (U+FEFF) is allowed only at the start of a file');
      expect(await store.streams()).toEqual([]);
    });
  }

  it('skips a re-import of lines with ids, and notes lines without an id that repeat recorded content', async () => {
    const store = createMemoryStore();
    // A statistic may be reported again (a revision), so the repeat is accepted, and noted.
    const idless = JSON.stringify({
      type: 'StatisticReported',
      district: A,
      effectiveDate: '2022-05-10',
      recordedAt: '2022-05-10T00:00:00Z',
      actor: { unit: 'statistics', user: 'guo.peng' },
      data: { statistic: 'resident-population', year: 2021, value: 10346999, status: 'final' },
    });
    expect(E.isRight(await importNdjson(store, [{ name: 'a', lines: [line(1), idless] }]))).toBe(true);
    const again = await importNdjson(store, [{ name: 'a', lines: [line(1), idless] }]);
    expect(E.isRight(again) && again.right).toMatchObject({ districts: [{ district: A, appended: 1, skipped: 1 }], idlessRepeats: { count: 1, first: [{ source: 'a', line: 2 }] } });
  });

  it('checks lines in chunks: facts of earlier chunks count, and progress is told in lines', async () => {
    const store = createMemoryStore();
    const count = 2 * LINES_PER_CHUNK + 100;
    const lines = Array.from({ length: count }, (_, i) => line(i + 1, A, { recordedAt: '2022-04-01T09:00:00Z' }));
    const seen: unknown[] = [];
    const result = await importNdjson(store, [{ name: 'big', lines: lazily([...lines, line(7, A, { recordedAt: '2022-04-01T09:00:00Z' })]) }], { onProgress: (p) => seen.push(p) });
    expect(E.isRight(result) && result.right.districts).toMatchObject([{ appended: count, skipped: 1 }]);
    expect(seen).toEqual([
      { phase: 'checking', lines: LINES_PER_CHUNK },
      { phase: 'checking', lines: 2 * LINES_PER_CHUNK },
      { phase: 'checking', lines: count + 1 },
      { phase: 'writing', done: 1, total: 1 },
    ]);
  });
});
