import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIndicatorProjections, createLedger, MemoryEventStore } from '@indicator-ledger/core';
import type { IndicatorProjections } from '@indicator-ledger/core';
import { NEIGHBOUR_DISTRICT as SHARED_NEIGHBOUR } from '@indicator-ledger/core/testing';
import { runLedger } from './runLedger.js';
import { ndjsonOf, SAMPLE_DISTRICT, sampleEvents } from './sampleHistory.js';

/** A second district for roll-ups and rankings: 130303, a neighbour of the sample's 130302. */
export const NEIGHBOUR_DISTRICT: string = SHARED_NEIGHBOUR;

/** A name no page may put into HTML as it is: markup, an event handler, quotes and an ampersand. */
export const HOSTILE_NAME = `<img src=x onerror="alert('owned')">&<script>alert(1)</script>`;

/**
 * The sample's history recorded again for {@link NEIGHBOUR_DISTRICT} (its own event ids), with the first
 * recognised enterprise given {@link HOSTILE_NAME}: invented data, for the workbench's and roll-ups' tests.
 */
export const neighbourEvents = (): Record<string, unknown>[] =>
  sampleEvents().map((e) => {
    const data = e.data as Record<string, unknown>;
    return {
      ...e,
      district: NEIGHBOUR_DISTRICT,
      eventId: String(e.eventId).replace(/-8000-/, '-9000-'),
      data: e.type === 'EnterpriseRecognized' && data.name === '样例精密陶瓷有限公司' ? { ...data, name: HOSTILE_NAME } : data,
    };
  });

/**
 * The sample district and its neighbour, twice: imported with the `ledger` command into a SQLite file in a
 * fresh folder (`dir`), and appended through the library into `library`'s memory store, so a test can hold
 * the command's answers against the library's on the same events. Call from `beforeAll`; `dispose` from
 * `afterAll`.
 */
export const twoDistrictLedgers = async (prefix: string): Promise<{ readonly dir: string; readonly library: IndicatorProjections; readonly dispose: () => void }> => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'sample.ndjson'), ndjsonOf(sampleEvents()));
  writeFileSync(join(dir, 'neighbour.ndjson'), ndjsonOf(neighbourEvents()));
  const imported = await runLedger(['import', 'sample.ndjson', 'neighbour.ndjson'], { cwd: dir });
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const library = createIndicatorProjections(new MemoryEventStore());
  const ledger = createLedger({ store: library.store });
  for (const [district, events] of [[SAMPLE_DISTRICT, sampleEvents()], [NEIGHBOUR_DISTRICT, neighbourEvents()]] as const) {
    const appended = await ledger.append(district, events);
    if (appended._tag !== 'Right') throw new Error(`append refused: ${JSON.stringify(appended.left)}`);
  }
  return { dir, library, dispose: () => rmSync(dir, { recursive: true, force: true }) };
};
