import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictCode } from '@indicator-ledger/core';
import { signersAtOnce } from '@indicator-ledger/core/testing';
import { openSqliteStore } from './sqliteStore.js';
import { checkStoredChain } from './testing/chainVerification.js';
import { bundleChildScripts, startChild } from './testing/childProcesses.js';
import { intendedEventId } from './testing/racingEvents.js';

const WRITERS = 4;
const EVENTS_PER_WRITER = 150;
const district = '130302' as DistrictCode;

describe('concurrency: processes racing on one district', () => {
  let children: Awaited<ReturnType<typeof bundleChildScripts>>;
  let dir: string;
  beforeAll(async () => {
    children = await bundleChildScripts();
    dir = mkdtempSync(join(tmpdir(), 'ledger-race-'));
  });
  afterAll(() => {
    children?.dispose();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it(`${WRITERS} processes appending with expected positions and retrying leave positions 1..N, every event once, a valid chain`, async () => {
    // The writers also create the file together: schema creation must be safe under the same race.
    const path = join(dir, 'ledger.db');
    const writers = Array.from({ length: WRITERS }, (_, w) => startChild(children.racingAppender, [path, String(w), String(EVENTS_PER_WRITER)]));
    await Promise.all(writers.map((c) => c.lineMatching((line) => line === 'ready')));
    for (const c of writers) c.process.stdin!.write('go\n');
    const ends = await Promise.all(writers.map((c) => c.exited));
    for (const end of ends) expect(end).toEqual({ code: 0, signal: null, stderr: '' });
    const conflicts = writers.map((c) => Number(c.lines.find((l) => l.startsWith('done '))!.slice('done '.length)));

    const store = await openSqliteStore(path);
    try {
      const { records, problems } = await checkStoredChain(store, district);
      expect(problems).toEqual([]);
      const total = WRITERS * EVENTS_PER_WRITER;
      expect(records.map((r) => r.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const intended = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: EVENTS_PER_WRITER }, (_, i) => intendedEventId(w, i))).flat();
      expect(records.map((r) => r.eventId).sort()).toEqual(intended.sort());
      // Each writer's own events keep their order: a retried batch is never split or reordered.
      for (let w = 0; w < WRITERS; w++) {
        const own = records.filter((r) => r.actor.user === `writer.${w}`).map((r) => (r.data as { allocationId: string }).allocationId);
        expect(own).toEqual(Array.from({ length: EVENTS_PER_WRITER }, (_, i) => `w${w}-${i}`));
      }
      expect((await store.head(district)).position).toBe(total);
    } finally {
      await store.close();
    }
    // The writers did collide: the expected-position path was exercised, not only sequential appends.
    expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);
});

describe('concurrency: checkpoint signers at once', () => {
  it('lose no signed note: each returned note is in the history, whose sizes only grow (compare-and-set)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-signers-'));
    const store = await openSqliteStore(join(dir, 'ledger.db'));
    try {
      const seen = await signersAtOnce(store, district);
      for (const note of seen.returned) expect(seen.history).toContain(note);
      expect(seen.historySizes).toEqual([...new Set(seen.historySizes)].sort((a, b) => a - b));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
