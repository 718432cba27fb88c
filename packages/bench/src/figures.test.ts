/**
 * The figures of a judged run carry the targets of docs/benchmarks.md ("Targets"), on every workload they
 * are stated for, and judge them.
 */
import { describe, expect, it } from 'vitest';
import { figuresOf, TARGETS, type Measurements } from './figures.js';
import type { Elapsed } from './stopwatch.js';

const elapsed = (wallMs: number): Elapsed => ({ wallMs, cpuMs: wallMs });
const MIB = 2 ** 20;
const snapshot = (p50Ms: number, p99Ms: number, peakMiB: number) => ({
  figures: { queries: 1000, p50Ms, p90Ms: p50Ms, p99Ms, maxMs: p99Ms, meanMs: p50Ms, rebuild: elapsed(1000) },
  peakRssBytes: peakMiB * MIB,
});

const measurements: Measurements = {
  appendMemory: { figures: { events: 200_000, batches: 200, elapsed: elapsed(1000) }, peakRssBytes: 250 * MIB },
  appendSqlite: { figures: { events: 200_000, batches: 200, elapsed: elapsed(4000) }, peakRssBytes: 400 * MIB },
  mix: { snapshot: snapshot(1.5, 4, 200) },
  postgres: { figures: { events: 200_000, append: elapsed(10_000), rebuild: elapsed(500) }, peakRssBytes: 200 * MIB },
  imports: [
    { figures: { existing: 0, imported: 100_000, elapsed: elapsed(10_000) }, peakRssBytes: 200 * MIB },
    { figures: { existing: 900_000, imported: 100_000, elapsed: elapsed(12_000) }, peakRssBytes: 280 * MIB },
  ],
};

const judged = (id: string) => {
  const f = figuresOf(measurements, true).find((x) => x.id === id);
  if (f === undefined) throw new Error(`no figure ${id}`);
  return f;
};

describe('targets', () => {
  it('are the national-scale targets: 100k/s SQLite and 150k/s memory append, 500k/s rebuild, 250k/s verify, 1 / 5 ms, 300 MB', () => {
    expect(TARGETS.appendSqlite.value).toBe(100_000);
    expect(TARGETS.appendMemory.value).toBe(150_000);
    expect(TARGETS.rebuild.value).toBe(500_000);
    expect(TARGETS.verify.value).toBe(250_000);
    expect([TARGETS.snapshotP50.value, TARGETS.snapshotP99.value]).toEqual([1, 5]);
    expect(TARGETS.peakMemoryMiB.value * MIB).toBeCloseTo(300e6, 0);
  });

  it('judge both appends, and the peak memory of each', () => {
    expect(judged('append.memory').met).toBe(true); // 200,000 events/s
    expect(judged('append.sqlite').met).toBe(false); // 50,000 events/s
    expect(judged('append.memory.peakRss').met).toBe(true);
    expect(judged('append.sqlite.peakRss').met).toBe(false);
  });

  it('judge the mix snapshots as the demo district’s', () => {
    expect(judged('mix.snapshot.p50').met).toBe(false);
    expect(judged('mix.snapshot.p99').met).toBe(true);
    expect(judged('mix.snapshot.peakRss').met).toBe(true);
  });

  it('judge an import on top against the import into an empty store, per event', () => {
    const onTop = judged('import.900000');
    expect(onTop.target).toEqual({ comparator: '<=', value: 100 });
    expect(onTop.met).toBe(false); // 120 µs/event against 100
    expect(judged('import.0').target).toBeUndefined();
    expect(judged('import.900000.peakRss').met).toBe(true);
  });

  it('judge the PostgreSQL append (≥ 30,000 events/s) and rebuild (≥ 200,000 events/s)', () => {
    expect(judged('postgres.append')).toMatchObject({ measured: 20_000, met: false, target: { comparator: '>=', value: 30_000 } });
    expect(judged('postgres.rebuild')).toMatchObject({ measured: 400_000, met: true, target: { comparator: '>=', value: 200_000 } });
  });

  it('are not judged on a --quick run', () => {
    expect(figuresOf(measurements, false).every((f) => f.met === null)).toBe(true);
  });
});
