/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `pnpm bench --profile DIR`): the functions that
 * spent the most time themselves (self time), and the ones under which the most time was spent (total
 * time), as shares of the profile.
 *
 *   node --import tsx packages/bench/src/profileSummary.ts FILE.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/** The parts of a `.cpuprofile` this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's share of a profile. */
export interface FrameTime {
  readonly frame: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

const frameName = (n: ProfileNode): string => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url === '' ? '' : ` ${basename(url)}:${lineNumber + 1}`;
  return `${functionName === '' ? '(anonymous)' : functionName}${where}`;
};

/**
 * Self and total time per function (frames of the same name and place are merged; a recursive frame's
 * total counts once per sample). O(nodes × depth).
 */
export const frameTimes = (profile: CpuProfile): FrameTime[] => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMsOfNode = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMsOfNode.set(id, (selfMsOfNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, ms] of selfMsOfNode) {
    const leaf = byId.get(id)!;
    self.set(frameName(leaf), (self.get(frameName(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  return [...total.keys()].map((frame) => ({ frame, selfMs: self.get(frame) ?? 0, totalMs: total.get(frame) ?? 0 }));
};

/** The top `count` frames by self time and by total time, as a text report. */
export const profileReport = (profile: CpuProfile, count: number): string => {
  const frames = frameTimes(profile);
  const all = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  const pct = (ms: number) => `${((100 * ms) / all).toFixed(1).padStart(5)}%`;
  const bySelf = [...frames].sort((a, b) => b.selfMs - a.selfMs).slice(0, count);
  const byTotal = [...frames].sort((a, b) => b.totalMs - a.totalMs).slice(0, count);
  return [
    `profile: ${(all / 1000).toFixed(2)} s sampled`,
    'self time:',
    ...bySelf.map((f) => `  ${pct(f.selfMs)}  ${f.frame}`),
    'total time:',
    ...byTotal.map((f) => `  ${pct(f.totalMs)}  ${f.frame}`),
  ].join('\n');
};

if (process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]))) {
  const [file, top] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: profileSummary FILE.cpuprofile [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${profileReport(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25))}\n`);
}
