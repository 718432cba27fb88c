import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, createIndicatorProjections, createLedger, createMemoryStore } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, StoredRecord } from '@indicator-ledger/core';
import { openSqliteStore } from './sqliteStore.js';
import { FIXED_CLOCK, FIXED_CLOCK_SKEW_MS, INPUT_DISTRICT, inputBatches, sequentialEventIds } from './testing/ledgerInputs.js';
import type { InputBatch } from './testing/ledgerInputs.js';

const district = INPUT_DISTRICT as DistrictCode;

/** Everything observable from one store after the batches: append outcomes, records, indicator figures. */
const runLedger = async (store: EventStore, batches: readonly InputBatch[]) => {
  const ledger = createLedger({ store, clock: FIXED_CLOCK, clockSkewMs: FIXED_CLOCK_SKEW_MS, newEventId: sequentialEventIds() });
  const outcomes: unknown[] = [];
  for (const batch of batches) {
    outcomes.push(await ledger.append(district, batch.inputs));
    if (batch.resend) outcomes.push(await ledger.append(district, batch.inputs));
  }
  const records: StoredRecord[] = [];
  for await (const r of store.read(district)) records.push(r);
  const projections = createIndicatorProjections(store);
  const progress = await projections.progress(district, { from: 2019, to: 2026 });
  const known = await projections.snapshot(district, { year: 2022, asOf: '2025-01-01T00:30:00Z' });
  return { outcomes, records, progress, known };
};

describe('the memory store and the SQLite store are interchangeable', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-parity-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the same inputs give the same outcomes, the same records (canonical JSON) and the same indicator snapshots', async () => {
    let run = 0;
    let appended = 0;
    await fc.assert(
      fc.asyncProperty(inputBatches(1, 40), async (batches) => {
        const memory = createMemoryStore();
        const sqlite = await openSqliteStore(join(dir, `parity-${run++}.db`));
        try {
          const expected = await runLedger(memory, batches);
          const actual = await runLedger(sqlite, batches);
          expect(actual.outcomes).toEqual(expected.outcomes);
          expect(actual.records.map(canonicalJson)).toEqual(expected.records.map(canonicalJson));
          expect(actual.records).toStrictEqual(expected.records);
          expect(actual.progress).toEqual(expected.progress);
          expect(actual.known).toEqual(expected.known);
          appended += actual.records.length;
        } finally {
          await sqlite.close();
          await memory.close();
        }
      }),
      { numRuns: 40 },
    );
    // The generator mostly produces valid events: the property compared real records, not empty streams.
    expect(appended).toBeGreaterThan(200);
  }, 120_000);
});
