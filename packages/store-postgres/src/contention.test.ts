import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, dataHashOf, recordHashOf } from '@indicator-ledger/core';
import type { DistrictCode, StoredRecord } from '@indicator-ledger/core';
import { appendWithRetries } from './testing/contentionWorkload.js';
import type { WriterReport } from './testing/contentionWorkload.js';
import { openPostgresStore } from './postgresStore.js';
import type { PostgresEventStore } from './postgresStore.js';
import { dropSchema, freshSchemaName, requireTestDatabase, testDatabaseUrl } from './testing/testDatabase.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITERS_PER_PROCESS = 4;
const BATCHES_PER_WRITER = 25;
const district = '130302' as DistrictCode;

/** The second process: testing/contentionWriter.ts under tsx, spoken to in JSON lines. */
const startWriterProcess = (schema: string) => {
  const child: ChildProcessWithoutNullStreams = spawn(
    'node_modules/.bin/tsx',
    ['packages/store-postgres/src/testing/contentionWriter.ts', schema, district, String(WRITERS_PER_PROCESS), String(BATCHES_PER_WRITER), '1'],
    { cwd: REPO_ROOT, env: { ...process.env, LEDGER_PG_URL: testDatabaseUrl() } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    /** The next JSON line the child prints; fails with its stderr if it exits first. */
    next: async (): Promise<Record<string, unknown>> => {
      const line = await lines.next();
      if (line.done === true) throw new Error(`the writer process ended early (exit ${await exited}):\n${stderr}`);
      return JSON.parse(line.value) as Record<string, unknown>;
    },
    send: (message: unknown): void => {
      child.stdin.write(`${JSON.stringify(message)}\n`);
    },
    exited,
    stderr: () => stderr,
  };
};

describe('contention: 8 connections in 2 processes append to one district', () => {
  const schema = freshSchemaName('contention');
  let stores: PostgresEventStore[] = [];
  let writerProcess: ReturnType<typeof startWriterProcess> | undefined;

  beforeAll(requireTestDatabase);
  afterAll(async () => {
    writerProcess?.child.kill();
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema(schema);
  });

  it('loses nothing, duplicates nothing, keeps every batch whole and the chain intact, and each process hears the other', async () => {
    // Open here first, so the two processes do not race to create the schema (that race has its own test).
    stores = await Promise.all(Array.from({ length: WRITERS_PER_PROCESS }, () => openPostgresStore({ url: testDatabaseUrl(), maxConnections: 1 }, { schema })));
    const heard: number[] = [];
    const stop = await stores[0]!.watch((stream, head) => {
      if (stream === district) heard.push(head);
    });
    writerProcess = startWriterProcess(schema);
    const ready = await writerProcess.next();
    expect(ready).toMatchObject({ ready: true });
    expect(ready.pid).not.toBe(process.pid);

    writerProcess.send({ go: true });
    const [mine, theirs] = await Promise.all([
      Promise.all(stores.map((store, w) => appendWithRetries(store, district, BATCHES_PER_WRITER, w))),
      writerProcess.next().then((m) => (m as { done: WriterReport[] }).done),
    ]);
    const reports = [...mine, ...theirs];
    expect(reports).toHaveLength(2 * WRITERS_PER_PROCESS);

    const records: StoredRecord[] = [];
    for await (const r of stores[1]!.read(district)) records.push(r);
    const batches = reports.flatMap((r) => r.batches);
    const written = batches.reduce((sum, b) => sum + b.eventIds.length, 0);
    expect(batches).toHaveLength(2 * WRITERS_PER_PROCESS * BATCHES_PER_WRITER);

    // No gap, no duplicate, nothing lost: positions 1..n, n = everything the writers were told is in.
    expect(records.map((r) => r.position)).toEqual(Array.from({ length: written }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.eventId)).size).toBe(written);
    expect((await stores[2]!.head(district)).position).toBe(written);

    // Every batch whole, at the positions its append reported.
    for (const batch of batches) {
      expect(records.slice(batch.first - 1, batch.last).map((r) => r.eventId)).toEqual(batch.eventIds);
    }

    // The chain verifies, recomputed with the core's hash functions.
    let prevHash = GENESIS_HASH;
    for (const r of records) {
      expect(r.dataHash).toBe(dataHashOf(r.data));
      expect(r.prevHash).toBe(prevHash);
      expect(r.hash).toBe(recordHashOf(r));
      prevHash = r.hash;
    }

    // Contention really happened: some appends were refused and retried.
    expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);

    // Each process's listener heard heads that only the other process's appends produced.
    writerProcess.send({ finalHead: written });
    const { seen } = (await writerProcess.next()) as { seen: number[] };
    expect(await writerProcess.exited).toBe(0);
    for (let waited = 0; waited < 10_000 && !heard.includes(written); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await stop();
    const headsOf = (rs: readonly WriterReport[]): Set<number> => new Set(rs.flatMap((r) => r.batches.map((b) => b.last)));
    const mineHeads = headsOf(mine);
    const theirHeads = headsOf(theirs);
    expect(seen.some((h) => mineHeads.has(h))).toBe(true);
    expect(heard.some((h) => theirHeads.has(h))).toBe(true);
    expect(seen).toContain(written);
    expect(heard).toContain(written);
    // Heads arrive in increasing order in both processes.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(heard).toEqual([...heard].sort((a, b) => a - b));
  }, 120_000);
});
