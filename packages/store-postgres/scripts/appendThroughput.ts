/**
 * Append throughput of the PostgreSQL store: batches of 1,000 records, one district written by one
 * writer, then four districts written at once by four writers. Records are built and hashed before the
 * clock starts, so the figure is the store's (the round trips, the INSERT, the commit), not SHA-256's.
 *
 *   node_modules/.bin/tsx packages/store-postgres/scripts/appendThroughput.ts [batches]
 *
 * Uses LEDGER_PG_URL or postgres://postgres@127.0.0.1:5432/test, in a fresh schema dropped afterwards.
 */
import * as E from 'fp-ts/lib/Either.js';
import { performance } from 'node:perf_hooks';
import { chainRecords, contractEvent } from '@indicator-ledger/core/testing';
import type { DistrictCode, StoredRecord } from '@indicator-ledger/core';
import { GENESIS_HASH } from '@indicator-ledger/core';
import { openPostgresStore } from '../src/postgresStore.js';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../src/testing/testDatabase.js';

const BATCH = 1000;
const batches = Number(process.argv[2] ?? 50);

/** `count` consecutive batches of one stream, chained from position 0. */
const batchesOf = (district: DistrictCode, count: number, salt: number): StoredRecord[][] => {
  const events = Array.from({ length: count * BATCH }, (_, i) => contractEvent(i + 1, salt));
  const records = chainRecords(district, { position: 0, hash: GENESIS_HASH }, events);
  return Array.from({ length: count }, (_, b) => records.slice(b * BATCH, (b + 1) * BATCH));
};

const appendAll = async (store: Awaited<ReturnType<typeof openPostgresStore>>, district: DistrictCode, work: StoredRecord[][]): Promise<void> => {
  for (const batch of work) {
    const result = await store.append(district, batch, batch[0]!.position - 1);
    if (E.isLeft(result)) throw new Error(`unexpected conflict ${JSON.stringify(result.left)}`);
  }
};

const schema = freshSchemaName('bench');
const store = await openPostgresStore({ url: testDatabaseUrl(), maxConnections: 8 }, { schema });
try {
  const single = batchesOf('130302' as DistrictCode, batches, 1);
  let started = performance.now();
  await appendAll(store, '130302' as DistrictCode, single);
  let seconds = (performance.now() - started) / 1000;
  console.log(`one writer, one district: ${batches} batches × ${BATCH} = ${batches * BATCH} records in ${seconds.toFixed(2)} s → ${Math.round((batches * BATCH) / seconds)} records/s, ${((seconds / batches) * 1000).toFixed(1)} ms per batch`);

  const districts = ['110105', '310115', '440305', '650102'] as DistrictCode[];
  const work = districts.map((d, i) => batchesOf(d, Math.ceil(batches / 4), 10 + i));
  started = performance.now();
  await Promise.all(districts.map((d, i) => appendAll(store, d, work[i]!)));
  seconds = (performance.now() - started) / 1000;
  const total = work.reduce((n, w) => n + w.length * BATCH, 0);
  console.log(`four writers, four districts: ${total} records in ${seconds.toFixed(2)} s → ${Math.round(total / seconds)} records/s`);

  started = performance.now();
  let read = 0;
  for await (const page of store.readPages('130302' as DistrictCode)) read += page.length;
  seconds = (performance.now() - started) / 1000;
  console.log(`paged read of one district: ${read} records in ${seconds.toFixed(2)} s → ${Math.round(read / seconds)} records/s`);
} finally {
  await store.close();
  await dropSchema(schema);
}
