/**
 * The figures a run reports, each against its target (docs/benchmarks.md) where it has one.
 */
import type { ChildReport } from './childMeasurement.js';
import type { Elapsed } from './stopwatch.js';
import { ratePerSecond } from './stopwatch.js';
import type { AppendFigures, ProvinceFigures, RebuildFigures, SnapshotFigures, VerifyFigures } from './workloads.js';

/** A target: the measured value must be at least, or at most, `value`. */
export interface Target {
  readonly comparator: '>=' | '<=';
  readonly value: number;
}

/** One reported figure. */
export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly unit: 'events/s' | 'records/s' | 'ms' | 'MiB';
  /** The measured value (wall-clock time for rates and latencies). */
  readonly measured: number;
  /** The same rate per CPU second of the measuring process, where the figure is a rate. */
  readonly perCpuSecond?: number;
  readonly target?: Target;
  /** Whether the target is met; null when there is none, or when the run is `--quick` (not judged). */
  readonly met: boolean | null;
}

const MIB = 2 ** 20;

/** The targets on a 2-core machine, as docs/benchmarks.md lists them. */
export const TARGETS = {
  appendSqlite: { comparator: '>=', value: 200_000 },
  rebuild: { comparator: '>=', value: 1_000_000 },
  snapshotP50: { comparator: '<=', value: 2 },
  snapshotP99: { comparator: '<=', value: 10 },
  verify: { comparator: '>=', value: 1_000_000 },
  peakMemoryMiB: { comparator: '<=', value: 400 },
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
  readonly verify?: ChildReport<VerifyFigures>;
  readonly province?: ChildReport<ProvinceFigures>;
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
  if (m.appendMemory) rate('append.memory', `validated append into memory (${m.appendMemory.figures.events.toLocaleString('en')} events)`, 'events/s', m.appendMemory.figures.events, m.appendMemory.figures.elapsed);
  if (m.appendSqlite) rate('append.sqlite', `validated append into SQLite (${m.appendSqlite.figures.events.toLocaleString('en')} events)`, 'events/s', m.appendSqlite.figures.events, m.appendSqlite.figures.elapsed, TARGETS.appendSqlite);
  if (m.rebuild) {
    rate('rebuild', `rebuild from SQLite (${m.rebuild.figures.events.toLocaleString('en')} events)`, 'events/s', m.rebuild.figures.events, m.rebuild.figures.elapsed, TARGETS.rebuild);
    memory('rebuild.peakRss', 'peak memory, rebuild', m.rebuild.peakRssBytes, TARGETS.peakMemoryMiB);
  }
  if (m.snapshot) {
    add({ id: 'snapshot.p50', label: `snapshot latency p50 (${m.snapshot.figures.queries} queries)`, unit: 'ms', measured: m.snapshot.figures.p50Ms, target: TARGETS.snapshotP50 });
    add({ id: 'snapshot.p99', label: `snapshot latency p99 (${m.snapshot.figures.queries} queries)`, unit: 'ms', measured: m.snapshot.figures.p99Ms, target: TARGETS.snapshotP99 });
    memory('snapshot.peakRss', 'peak memory, rebuild + snapshots', m.snapshot.peakRssBytes, TARGETS.peakMemoryMiB);
  }
  if (m.verify) rate('verify', `verify chain from SQLite (${m.verify.figures.records.toLocaleString('en')} records)`, 'records/s', m.verify.figures.records, m.verify.figures.elapsed, TARGETS.verify);
  if (m.province) {
    const p = m.province.figures;
    rate('province.rebuild', `rebuild ${p.districts} districts × ${(p.events / p.districts).toLocaleString('en')} events`, 'events/s', p.events, p.rebuild);
    add({ id: 'province.progressTable', label: `province progress table (${p.districts} districts × ${p.years} years)`, unit: 'ms', measured: p.progressTable.wallMs });
    memory('province.peakRss', 'peak memory, province', m.province.peakRssBytes);
  }
  if (m.idle) memory('idle.peakRss', 'peak memory of a child that only loads the code (floor)', m.idle.peakRssBytes);
  return figures;
};

const formatValue = (value: number, unit: Figure['unit']): string => {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(3) : value.toFixed(1)} ms`;
    case 'MiB':
      return `${Math.round(value).toLocaleString('en')} MiB`;
    default:
      return `${Math.round(value).toLocaleString('en')} ${unit}`;
  }
};

/** The figures as a text table: figure, target, measured, met?, and the rate per CPU second. */
export const figuresTable = (figures: readonly Figure[]): string => {
  const rows = [
    ['figure', 'target', 'measured', 'met?', 'per CPU second'],
    ...figures.map((f) => [
      f.label,
      f.target === undefined ? '—' : `${f.target.comparator === '>=' ? '≥' : '≤'} ${formatValue(f.target.value, f.unit)}`,
      formatValue(f.measured, f.unit),
      f.met === null ? (f.target === undefined ? '' : 'not judged') : f.met ? 'yes' : 'NO',
      f.perCpuSecond === undefined ? '' : formatValue(f.perCpuSecond, f.unit),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
};
