/**
 * The second process of the contention test (`contention.test.ts`), run with tsx. Opens `writers`
 * stores of one connection each on the schema it is given, watches the ledger, and on "go" appends
 * batches to one district, re-reading the head and retrying after every position conflict. Talks to the
 * test as JSON lines: it prints `{"ready":…}`, reads `{"go":true}`, prints `{"done":…}`, reads
 * `{"finalHead":n}`, prints `{"seen":…}` once its listener has heard that head (or after 20 s), exits.
 *
 *   tsx contentionWriter.ts <schema> <district> <writers> <batchesPerWriter> <processIndex>
 *
 * Test support only; not exported by the package.
 */
import { createInterface } from 'node:readline';
import type { DistrictCode } from '@indicator-ledger/core';
import { openPostgresStore } from '../postgresStore.js';
import type { PostgresEventStore } from '../postgresStore.js';
import { appendWithRetries } from './contentionWorkload.js';
import type { WriterReport } from './contentionWorkload.js';
import { testDatabaseUrl } from './testDatabase.js';

const [schema, district, writers, batches, processIndex] = process.argv.slice(2);
if (schema === undefined || district === undefined || writers === undefined || batches === undefined || processIndex === undefined) {
  throw new Error('usage: contentionWriter.ts <schema> <district> <writers> <batchesPerWriter> <processIndex>');
}

const say = (message: unknown): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const nextMessage = async (): Promise<Record<string, unknown>> => {
  const line = await lines.next();
  if (line.done === true) throw new Error('the test closed stdin');
  return JSON.parse(line.value) as Record<string, unknown>;
};

const stores: PostgresEventStore[] = await Promise.all(
  Array.from({ length: Number(writers) }, () => openPostgresStore({ url: testDatabaseUrl(), maxConnections: 1 }, { schema })),
);
const seen: number[] = [];
const stop = await stores[0]!.watch((stream, head) => {
  if (stream === district) seen.push(head);
});
try {
  say({ ready: true, pid: process.pid });
  await nextMessage();
  const reports: WriterReport[] = await Promise.all(
    stores.map((store, w) => appendWithRetries(store, district as DistrictCode, Number(batches), 100 * Number(processIndex) + w)),
  );
  say({ done: reports });
  const { finalHead } = (await nextMessage()) as { finalHead: number };
  for (let waited = 0; waited < 20_000 && !seen.includes(finalHead); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  say({ seen });
} finally {
  await stop();
  await Promise.all(stores.map((s) => s.close()));
  lines.return?.();
  process.stdin.destroy();
}
