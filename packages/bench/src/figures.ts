/**
 * The figures a run reports, each against its target (docs/benchmarks.md) where it has one.
 */
import type { ChildReport } from './childMeasurement.js';
import type { Elapsed } from './stopwatch.js';
import { ratePerSecond } from './stopwatch.js';
import type { PeerAppendFigures, PeerPointInTimeFigures, PeerRebuildFigures } from './emmettPeer.js';
import type { AppendFigures, ImportFigures, PostgresFigures, ProvinceFigures, RebuildFigures, SnapshotFigures, VerifyFigures } from './workloads.js';

/** A target: the measured value must be at least, or at most, `value`. */
export interface Target {
  readonly comparator: '>=' | '<=';
  readonly value: number;
}

/** One reported figure. */
export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly unit: 'events/s' | 'records/s' | 'ms' | 'MiB' | 'µs/event';
  /** The measured value (wall-clock time for rates and latencies). */
  readonly measured: number;
  /** The same rate per CPU second of the measuring process, where the figure is a rate. */
  readonly perCpuSecond?: number;
  readonly target?: Target;
  /** Whether the target is met; null when there is none, or when the run is `--quick` (not judged). */
  readonly met: boolean | null;
}

const MIB = 2 ** 20;

/**
 * The targets at the full sizes on a 2-core machine, as docs/benchmarks.md lists them ("Targets"). Peak
 * memory is stated as 300 MB (10^6 bytes), so its limit in MiB is 300 × 10^6 / 2^20 ≈ 286.1.
 */
export const TARGETS = {
  appendSqlite: { comparator: '>=', value: 100_000 },
  appendMemory: { comparator: '>=', value: 150_000 },
  rebuild: { comparator: '>=', value: 500_000 },
  snapshotP50: { comparator: '<=', value: 1 },
  snapshotP99: { comparator: '<=', value: 5 },
  verify: { comparator: '>=', value: 250_000 },
  peakMemoryMiB: { comparator: '<=', value: (300 * 1e6) / 2 ** 20 },
  appendPostgres: { comparator: '>=', value: 30_000 },
  rebuildPostgres: { comparator: '>=', value: 200_000 },
} as const satisfies Record<string, Target>;

/** Whether `measured` meets `target`. */
export const meets = (measured: number, target: Target): boolean => (target.comparator === '>=' ? measured >= target.value : measured <= target.value);

/** The measurements of a run, as the children reported them (absent when not run). */
export interface Measurements {
  readonly idle?: ChildReport<Record<string, never>>;
  readonly appendMemory?: ChildReport<AppendFigures>;
  readonly appendSqlite?: ChildReport<AppendFigures>;
  readonly rebuild?: ChildReport<RebuildFigures>;
  readonly snapshot?: ChildReport<SnapshotFigures>;
  /** Verify with the admission check on a second thread, as `ledger verify` runs it: the figure judged. */
  readonly verify?: ChildReport<VerifyFigures>;
  /** The same verify on one thread, for the gain of the second. */
  readonly verifyOneThread?: ChildReport<VerifyFigures>;
  readonly province?: ChildReport<ProvinceFigures>;
  /** The platform-heavy, retraction-heavy mix (docs/benchmarks.md). */
  readonly mix?: MixMeasurements;
  /** The growth rows: rebuild and snapshots at other sizes of the demo mix (full sizes only). */
  readonly growth?: readonly GrowthMeasurement[];
  /** Importing on top of a store already holding some events, one per size held. */
  readonly imports?: readonly ChildReport<ImportFigures>[];
  /** Append into and rebuild from the local PostgreSQL server (absent when it does not answer). */
  readonly postgres?: ChildReport<PostgresFigures>;
  /** Emmett's figures on the same events (`--peers`). */
  readonly peers?: PeerMeasurements;
}

/** The measurements of the platform-and-retraction mix. */
export interface MixMeasurements {
  readonly appendMemory?: ChildReport<AppendFigures>;
  readonly appendSqlite?: ChildReport<AppendFigures>;
  readonly rebuild?: ChildReport<RebuildFigures>;
  readonly snapshot?: ChildReport<SnapshotFigures>;
}

/** One growth row's measurements. */
export interface GrowthMeasurement {
  readonly events: number;
  readonly rebuild: ChildReport<RebuildFigures>;
  readonly snapshot: ChildReport<SnapshotFigures>;
}

/** Emmett's measurements of one mix: append, read back and fold, the point-in-time fold. */
export interface PeerMixMeasurements {
  readonly appendMemory?: ChildReport<PeerAppendFigures>;
  readonly appendSqlite?: ChildReport<PeerAppendFigures>;
  readonly rebuild?: ChildReport<PeerRebuildFigures>;
  readonly pointInTime?: ChildReport<PeerPointInTimeFigures>;
}

/** Emmett's measurements: the demo mix's at the top, the platform-and-retraction mix's and the growth rows' inside. */
export interface PeerMeasurements extends PeerMixMeasurements {
  readonly mix?: PeerMixMeasurements;
  readonly growth?: readonly { readonly events: number; readonly rebuild: ChildReport<PeerRebuildFigures> }[];
}

/** Builds the figures of a run; `judged` is false for `--quick`, whose sizes are not the targets'. */
export const figuresOf = (m: Measurements, judged: boolean): Figure[] => {
  const figures: Figure[] = [];
  const add = (f: Omit<Figure, 'met'>): void => {
    figures.push({ ...f, met: f.target !== undefined && judged ? meets(f.measured, f.target) : null });
  };
  const rate = (id: string, label: string, unit: Figure['unit'], items: number, elapsed: Elapsed, target?: Target): void =>
    add({ id, label, unit, measured: ratePerSecond(items, elapsed.wallMs), perCpuSecond: ratePerSecond(items, elapsed.cpuMs), ...(target ? { target } : {}) });
  const memory = (id: string, label: string, bytes: number, target?: Target): void =>
    add({ id, label, unit: 'MiB', measured: bytes / MIB, ...(target ? { target } : {}) });
  if (m.appendMemory) {
    rate('append.memory', `validated append into memory (${m.appendMemory.figures.events.toLocaleString('en')} events)`, 'events/s', m.appendMemory.figures.events, m.appendMemory.figures.elapsed, TARGETS.appendMemory);
    memory('append.memory.peakRss', 'peak memory, append into memory', m.appendMemory.peakRssBytes, TARGETS.peakMemoryMiB);
  }
  if (m.appendSqlite) {
    rate('append.sqlite', `validated append into SQLite (${m.appendSqlite.figures.events.toLocaleString('en')} events)`, 'events/s', m.appendSqlite.figures.events, m.appendSqlite.figures.elapsed, TARGETS.appendSqlite);
    memory('append.sqlite.peakRss', 'peak memory, append into SQLite', m.appendSqlite.peakRssBytes, TARGETS.peakMemoryMiB);
  }
  if (m.rebuild) {
    rate('rebuild', `rebuild from SQLite (${m.rebuild.figures.events.toLocaleString('en')} events)`, 'events/s', m.rebuild.figures.events, m.rebuild.figures.elapsed, TARGETS.rebuild);
    memory('rebuild.peakRss', 'peak memory, rebuild', m.rebuild.peakRssBytes, TARGETS.peakMemoryMiB);
  }
  if (m.snapshot) {
    add({ id: 'snapshot.p50', label: `snapshot latency p50 (${m.snapshot.figures.queries} queries)`, unit: 'ms', measured: m.snapshot.figures.p50Ms, target: TARGETS.snapshotP50 });
    add({ id: 'snapshot.p99', label: `snapshot latency p99 (${m.snapshot.figures.queries} queries)`, unit: 'ms', measured: m.snapshot.figures.p99Ms, target: TARGETS.snapshotP99 });
    // One question from nothing folded: what the peer's point-in-time fold does every time.
    add({ id: 'snapshot.cold', label: 'one question from nothing folded: rebuild + snapshot p50', unit: 'ms', measured: m.snapshot.figures.rebuild.wallMs + m.snapshot.figures.p50Ms });
    memory('snapshot.peakRss', 'peak memory, rebuild + snapshots', m.snapshot.peakRssBytes, TARGETS.peakMemoryMiB);
  }
  if (m.verify) rate('verify', `verify chain from SQLite (${m.verify.figures.records.toLocaleString('en')} records, 2 threads)`, 'records/s', m.verify.figures.records, m.verify.figures.elapsed, TARGETS.verify);
  if (m.verifyOneThread) {
    const v = m.verifyOneThread.figures;
    rate('verify.oneThread', `verify chain from SQLite (${v.records.toLocaleString('en')} records, 1 thread)`, 'records/s', v.records, v.elapsed);
  }
  if (m.province) {
    const p = m.province.figures;
    rate('province.rebuild', `rebuild ${p.districts} districts × ${(p.events / p.districts).toLocaleString('en')} events`, 'events/s', p.events, p.rebuild);
    add({ id: 'province.progressTable', label: `province progress table (${p.districts} districts × ${p.years} years)`, unit: 'ms', measured: p.progressTable.wallMs });
    memory('province.peakRss', 'peak memory, province', m.province.peakRssBytes);
  }
  if (m.mix) {
    const x = m.mix;
    if (x.appendMemory) rate('mix.append.memory', `mix: validated append into memory (${x.appendMemory.figures.events.toLocaleString('en')} events)`, 'events/s', x.appendMemory.figures.events, x.appendMemory.figures.elapsed);
    if (x.appendSqlite) rate('mix.append.sqlite', `mix: validated append into SQLite (${x.appendSqlite.figures.events.toLocaleString('en')} events)`, 'events/s', x.appendSqlite.figures.events, x.appendSqlite.figures.elapsed);
    if (x.rebuild) {
      rate('mix.rebuild', `mix: rebuild from SQLite (${x.rebuild.figures.events.toLocaleString('en')} events)`, 'events/s', x.rebuild.figures.events, x.rebuild.figures.elapsed);
      memory('mix.rebuild.peakRss', 'mix: peak memory, rebuild', x.rebuild.peakRssBytes);
    }
    if (x.snapshot) {
      // The snapshot targets hold on every workload, the platform- and retraction-heavy mix included.
      add({ id: 'mix.snapshot.p50', label: `mix: snapshot latency p50 (${x.snapshot.figures.queries} queries)`, unit: 'ms', measured: x.snapshot.figures.p50Ms, target: TARGETS.snapshotP50 });
      add({ id: 'mix.snapshot.p99', label: `mix: snapshot latency p99 (${x.snapshot.figures.queries} queries)`, unit: 'ms', measured: x.snapshot.figures.p99Ms, target: TARGETS.snapshotP99 });
      memory('mix.snapshot.peakRss', 'mix: peak memory, rebuild + snapshots', x.snapshot.peakRssBytes, TARGETS.peakMemoryMiB);
      add({ id: 'mix.snapshot.cold', label: 'mix: one question from nothing folded: rebuild + snapshot p50', unit: 'ms', measured: x.snapshot.figures.rebuild.wallMs + x.snapshot.figures.p50Ms });
    }
  }
  for (const g of m.growth ?? []) {
    const n = g.events.toLocaleString('en');
    rate(`growth.${g.events}.rebuild`, `growth: rebuild from SQLite (${n} events)`, 'events/s', g.rebuild.figures.events, g.rebuild.figures.elapsed);
    memory(`growth.${g.events}.rebuild.peakRss`, `growth: peak memory, rebuild (${n} events)`, g.rebuild.peakRssBytes);
    add({ id: `growth.${g.events}.snapshot.p50`, label: `growth: snapshot latency p50 (${n} events)`, unit: 'ms', measured: g.snapshot.figures.p50Ms });
    add({ id: `growth.${g.events}.snapshot.p99`, label: `growth: snapshot latency p99 (${n} events)`, unit: 'ms', measured: g.snapshot.figures.p99Ms });
  }
  // An import on top of a full store may cost no more per event than one into an empty store: the
  // empty store's import is the target of every other.
  const intoEmpty = (m.imports ?? []).find((i) => i.figures.existing === 0);
  const microsPerEvent = (f: ImportFigures): number => (f.elapsed.wallMs * 1000) / f.imported;
  for (const i of m.imports ?? []) {
    const f = i.figures;
    const onTop = intoEmpty !== undefined && f.existing > 0 ? { target: { comparator: '<=', value: microsPerEvent(intoEmpty.figures) } as const } : {};
    add({
      id: `import.${f.existing}`,
      label: `import ${f.imported.toLocaleString('en')} events into SQLite already holding ${f.existing.toLocaleString('en')}`,
      unit: 'µs/event',
      // Wall time; the CPU time is in the JSON (the "per CPU second" column is for rates).
      measured: microsPerEvent(f),
      ...onTop,
    });
    memory(`import.${f.existing}.peakRss`, `peak memory, import into SQLite holding ${f.existing.toLocaleString('en')}`, i.peakRssBytes, TARGETS.peakMemoryMiB);
  }
  if (m.postgres) {
    const f = m.postgres.figures;
    const n = f.events.toLocaleString('en');
    rate('postgres.append', `validated append into PostgreSQL (${n} events)`, 'events/s', f.events, f.append, TARGETS.appendPostgres);
    rate('postgres.rebuild', `rebuild from PostgreSQL (${n} events)`, 'events/s', f.events, f.rebuild, TARGETS.rebuildPostgres);
    memory('postgres.peakRss', 'peak memory, append into and rebuild from PostgreSQL', m.postgres.peakRssBytes);
  }
  if (m.peers) {
    const peerMix = (prefix: string, label: string, p: PeerMixMeasurements): void => {
      if (p.appendMemory) rate(`peer.${prefix}append.memory`, `Emmett: ${label}append into its in-memory store (${p.appendMemory.figures.events.toLocaleString('en')} events)`, 'events/s', p.appendMemory.figures.events, p.appendMemory.figures.elapsed);
      if (p.appendSqlite) rate(`peer.${prefix}append.sqlite`, `Emmett: ${label}append into its SQLite store (${p.appendSqlite.figures.events.toLocaleString('en')} events)`, 'events/s', p.appendSqlite.figures.events, p.appendSqlite.figures.elapsed);
      if (p.rebuild) {
        rate(`peer.${prefix}rebuild`, `Emmett: ${label}read back from SQLite and fold (${p.rebuild.figures.events.toLocaleString('en')} events)`, 'events/s', p.rebuild.figures.events, p.rebuild.figures.elapsed);
        memory(`peer.${prefix}rebuild.peakRss`, `Emmett: ${label}peak memory, read back and fold`, p.rebuild.peakRssBytes);
      }
      if (p.pointInTime) {
        add({ id: `peer.${prefix}snapshot.p50`, label: `Emmett: ${label}point-in-time fold p50 (${p.pointInTime.figures.queries} questions)`, unit: 'ms', measured: p.pointInTime.figures.p50Ms });
        // The peer folds from nothing on every question, so its cold figure is the same measurement.
        add({ id: `peer.${prefix}snapshot.cold`, label: `Emmett: ${label}point-in-time fold p50, from nothing folded`, unit: 'ms', measured: p.pointInTime.figures.p50Ms });
      }
    };
    peerMix('', '', m.peers);
    if (m.peers.mix) peerMix('mix.', 'mix: ', m.peers.mix);
    for (const g of m.peers.growth ?? []) {
      rate(`peer.growth.${g.events}.rebuild`, `Emmett: growth: read back from SQLite and fold (${g.events.toLocaleString('en')} events)`, 'events/s', g.rebuild.figures.events, g.rebuild.figures.elapsed);
    }
  }
  if (m.idle) memory('idle.peakRss', 'peak memory of a child that only loads the code (floor)', m.idle.peakRssBytes);
  return figures;
};

/** One of our figures beside the peer's same measurement. */
export interface PeerComparison {
  /** Our figure's id; the peer's is `peer.` + this. */
  readonly id: string;
  readonly ours: Figure;
  readonly peer: Figure;
  /** Ours ÷ the peer's (wall time). */
  readonly ratio: number;
  /** Ours ÷ the peer's per CPU second, for rates (steadier than wall time on a busy machine). */
  readonly ratioPerCpuSecond?: number;
  /** Who does better on this figure: the higher rate, or the lower latency or memory. */
  readonly better: 'ours' | 'Emmett' | 'even';
}

/** Pairs each of our figures with the peer's figure of the same id (`peer.<id>`), in our figures' order. */
export const peerComparisons = (figures: readonly Figure[]): PeerComparison[] => {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const out: PeerComparison[] = [];
  for (const ours of figures) {
    const peer = byId.get(`peer.${ours.id}`);
    if (peer === undefined) continue;
    const ratio = ours.measured / peer.measured;
    const higherIsBetter = ours.unit === 'events/s' || ours.unit === 'records/s';
    const better = ratio === 1 ? 'even' : ratio > 1 === higherIsBetter ? 'ours' : 'Emmett';
    const perCpu = ours.perCpuSecond !== undefined && peer.perCpuSecond !== undefined ? { ratioPerCpuSecond: ours.perCpuSecond / peer.perCpuSecond } : {};
    out.push({ id: ours.id, ours, peer, ratio, better, ...perCpu });
  }
  return out;
};

/** The comparisons as a text table: our figure, ours, Emmett's, ours ÷ Emmett's, who does better. */
export const peerTable = (comparisons: readonly PeerComparison[]): string =>
  textTable([
    ['figure (ours vs Emmett, same events)', 'ours', 'Emmett', 'ours ÷ Emmett', 'better', 'ours ÷ Emmett per CPU second'],
    ...comparisons.map((c) => [
      c.ours.label,
      formatValue(c.ours.measured, c.ours.unit),
      formatValue(c.peer.measured, c.peer.unit),
      formatRatio(c.ratio),
      c.better,
      c.ratioPerCpuSecond === undefined ? '' : formatRatio(c.ratioPerCpuSecond),
    ]),
  ]);

const formatValue = (value: number, unit: Figure['unit']): string => {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(3) : value.toFixed(1)} ms`;
    case 'MiB':
      return `${Math.round(value).toLocaleString('en')} MiB`;
    case 'µs/event':
      return `${value.toFixed(1)} µs/event`;
    default:
      return `${Math.round(value).toLocaleString('en')} ${unit}`;
  }
};

/** The figures as a text table: figure, target, measured, met?, and the rate per CPU second. */
export const figuresTable = (figures: readonly Figure[]): string =>
  textTable([
    ['figure', 'target', 'measured', 'met?', 'per CPU second'],
    ...figures.map((f) => [
      f.label,
      f.target === undefined ? '—' : `${f.target.comparator === '>=' ? '≥' : '≤'} ${formatValue(f.target.value, f.unit)}`,
      formatValue(f.measured, f.unit),
      f.met === null ? (f.target === undefined ? '' : 'not judged') : f.met ? 'yes' : 'NO',
      f.perCpuSecond === undefined ? '' : formatValue(f.perCpuSecond, f.unit),
    ]),
  ]);

/** A ratio with two significant digits, in exponent form below 0.01 (a folded projection against a full read). */
const formatRatio = (ratio: number): string => `${ratio >= 0.01 ? ratio.toFixed(2) : ratio.toExponential(1)}×`;

/** Rows as a text table: the first column left-aligned, the others right-aligned, a rule under the header. */
const textTable = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
};
