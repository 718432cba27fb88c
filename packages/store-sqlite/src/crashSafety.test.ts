import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictCode } from '@indicator-ledger/core';
import { openSqliteStore } from './sqliteStore.js';
import { checkStoredChain } from './testing/chainVerification.js';
import { bundleChildScripts, startChild } from './testing/childProcesses.js';

const LIVES = 60;
const BATCH_SIZE = 20;
const district = '130302' as DistrictCode;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash safety: SIGKILL at random moments', () => {
  let children: Awaited<ReturnType<typeof bundleChildScripts>>;
  let dir: string;
  beforeAll(async () => {
    children = await bundleChildScripts();
    dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  });
  afterAll(() => {
    children?.dispose();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it(`after each of ${LIVES} kills the file opens, the chain verifies, every batch is all or nothing and every acknowledged batch is there`, async () => {
    const path = join(dir, 'ledger.db');
    const acknowledged = new Set<string>();
    let killedMidRun = 0;
    let awaitedBatches = 0;
    const lifeOf = (life: number) => startChild(children.appendLoop, [path, String(BATCH_SIZE), String(life)]);
    // Each child is started while the previous one's file is being verified, and only opens the file on `go`.
    let next = lifeOf(0);
    try {
      for (let life = 0; life < LIVES; life++) {
        const child = next;
        child.process.stdin!.write('go\n');
        // Mostly kill while batches are being appended (after 0, 1 or 2 acknowledged batches, then a random
        // pause, so the kill lands anywhere in the next batch); sometimes while the file is still being opened.
        const batchesBeforeKill = life % 3;
        if (life % 7 !== 3) {
          await child.lineMatching((line) => line === 'ready');
          if (batchesBeforeKill > 0) await child.lineMatching((line) => line === `committed L${life}B${batchesBeforeKill - 1}`);
          awaitedBatches += batchesBeforeKill;
        }
        await sleep(Math.random() * 100);
        child.process.kill('SIGKILL');
        const { signal, stderr } = await child.exited;
        if (life + 1 < LIVES) next = lifeOf(life + 1);
        expect(stderr).toBe('');
        expect(signal).toBe('SIGKILL');
        for (const line of child.lines) if (line.startsWith('committed ')) acknowledged.add(line.slice('committed '.length));
        if (child.lines.includes('ready')) killedMidRun++;

        const raw = new Database(path);
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        raw.close();
        const store = await openSqliteStore(path);
        try {
          const { records, problems } = await checkStoredChain(store, district);
          expect(problems).toEqual([]);
          const perBatch = new Map<string, number>();
          for (const r of records) {
            const tag = (r.data as { allocationId: string }).allocationId.split('/')[0]!;
            perBatch.set(tag, (perBatch.get(tag) ?? 0) + 1);
          }
          for (const [tag, count] of perBatch) expect(count, `batch ${tag}`).toBe(BATCH_SIZE);
          for (const tag of acknowledged) expect(perBatch.get(tag), `acknowledged batch ${tag}`).toBe(BATCH_SIZE);
          expect(records).toHaveLength(perBatch.size * BATCH_SIZE);
        } finally {
          await store.close();
        }
      }
    } finally {
      // A failed assertion leaves the child started ahead of time waiting for `go`.
      if (next.process.exitCode === null && next.process.signalCode === null) next.process.kill('SIGKILL');
    }
    // The kills did land while appending, and batches did get through between them.
    expect(killedMidRun).toBeGreaterThan(LIVES / 2);
    expect(acknowledged.size).toBeGreaterThanOrEqual(awaitedBatches);
    expect(awaitedBatches).toBeGreaterThan(LIVES / 2);
  }, 180_000);
});
