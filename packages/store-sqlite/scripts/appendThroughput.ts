/**
 * How fast the SQLite store takes records, and where the time goes. Not a test: prints figures.
 *
 *   node --import tsx packages/store-sqlite/scripts/appendThroughput.ts [records] [batch size]
 *
 * (run from the workspace root, whose tsconfig maps @indicator-ledger/core to its sources).
 * Measures, for the same fund allocations: the ledger into SQLite (everything), the same with
 * time-ordered event ids (UUIDv7-like, so the event-id index grows at its end), the ledger into the
 * memory store (decoding, rules, hashing — no SQLite), recomputing the hashes alone, the SQLite store's
 * append alone with the records already built, and reading them back. Each figure is given per wall
 * second and per CPU second of this process (the second is steadier on a busy machine; the gap between
 * them is mostly waiting for fsync).
 */
import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger, createMemoryStore, dataHashOf, recordHashOf } from '@indicator-ledger/core';
import type { DistrictCode, StoredRecord } from '@indicator-ledger/core';
import { openSqliteStore } from '../src/sqliteStore.js';

const total = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1_000);
const district = '130302' as DistrictCode;
const dir = mkdtempSync(join(tmpdir(), 'ledger-throughput-'));

const batchOf = (first: number) =>
  Array.from({ length: batchSize }, (_, i) => ({
    type: 'FundsAllocated',
    district,
    effectiveDate: '2021-03-01',
    recordedAt: '2021-03-02T00:00:00.000Z',
    actor: { unit: 'finance', user: 'bench' },
    source: '财科〔2021〕12号',
    data: { allocationId: `A-${first + i}`, amountFen: 100_000 + i, purpose: 'st-project', recipient: '高新区创新中心' },
  }));

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

const timed = async (work: () => Promise<void> | void): Promise<Timing> => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
};

const perSecond = (count: number, ms: number): string => Math.round((count / ms) * 1000).toLocaleString('en').padStart(9);
const rate = (count: number, t: Timing): string =>
  `${perSecond(count, t.wallMs)} records/s wall (${(t.wallMs / 1000).toFixed(1)} s), ${perSecond(count, t.cpuMs)} per CPU second`;

/** UUIDv7-shaped ids: a fixed millisecond timestamp, then a counter, so each id sorts after the last. */
const timeOrderedIds = (): (() => string) => {
  const ms = Date.now().toString(16).padStart(12, '0');
  let n = 0;
  return () => {
    const counter = (n++).toString(16).padStart(15, '0');
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7000-8${counter.slice(0, 3)}-${counter.slice(3)}`;
  };
};

const timeLedger = (store: Parameters<typeof createLedger>[0]['store'], newEventId?: () => string): Promise<Timing> => {
  const ledger = createLedger({ store, clock: () => new Date('2021-03-02T00:00:00Z'), ...(newEventId !== undefined ? { newEventId } : {}) });
  const inputs = Array.from({ length: total / batchSize }, (_, b) => batchOf(b * batchSize));
  return timed(async () => {
    for (const batch of inputs) {
      const result = await ledger.append(district, batch);
      if (result._tag === 'Left') throw new Error(JSON.stringify(result.left).slice(0, 500));
    }
  });
};

try {
  const sqlitePath = join(dir, 'ledger.db');
  const sqlite = await openSqliteStore(sqlitePath);
  const ledgerSqlite = await timeLedger(sqlite);
  await sqlite.close();
  const ordered = await openSqliteStore(join(dir, 'ordered-ids.db'));
  const ledgerOrdered = await timeLedger(ordered, timeOrderedIds());
  await ordered.close();

  const memory = createMemoryStore();
  const ledgerMemory = await timeLedger(memory);
  const records: StoredRecord[] = [];
  for await (const page of memory.readPages(district)) records.push(...page);

  const hashing = await timed(() => {
    for (const r of records) if (dataHashOf(r.data) !== r.dataHash || recordHashOf(r) !== r.hash) throw new Error('hash mismatch');
  });

  const storeOnly = await openSqliteStore(join(dir, 'store-only.db'));
  const storeAppend = await timed(async () => {
    for (let first = 0; first < records.length; first += batchSize) {
      const result = await storeOnly.append(district, records.slice(first, first + batchSize), first);
      if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    }
  });
  let read = 0;
  const reading = await timed(async () => {
    for await (const page of storeOnly.readPages(district)) read += page.length;
  });
  await storeOnly.close();

  console.log(`${total.toLocaleString('en')} records, batches of ${batchSize.toLocaleString('en')}, synchronous=FULL, file ${(statSync(sqlitePath).size / 1e6).toFixed(0)} MB`);
  console.log(`ledger -> SQLite store             ${rate(total, ledgerSqlite)}`);
  console.log(`  the same, time-ordered event ids ${rate(total, ledgerOrdered)}`);
  console.log(`ledger -> memory store             ${rate(total, ledgerMemory)}  (decode, rules, hashing)`);
  console.log(`hashes alone (dataHash + hash)     ${rate(total, hashing)}`);
  console.log(`SQLite store.append alone          ${rate(total, storeAppend)}  (records already built)`);
  console.log(`SQLite readPages                   ${rate(read, reading)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
