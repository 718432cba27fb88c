/**
 * Point-in-time query cost on a platform- and retraction-heavy history (docs/benchmarks.md, "Queries on
 * platform-heavy histories"): the synthetic district history with, per 1M events, about 58k more platform
 * certifications and decertifications (≈ 73.6k platform events in all) and about 52k retractions (half of
 * platform events, half of any event), folded in memory; then every indicator at 1000 seeded random
 * (date, as-known position) pairs, each query timed in CPU time (the machine is shared).
 * Run: `pnpm exec tsx packages/core/scripts/platformQueries.ts 100000 [heavy|plain]`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from '../src/ledger/ledger.js';
import { createMemoryStore } from '../src/store/memoryStore.js';
import { applyRecord, emptyDistrictProjection } from '../src/projection/districtProjection.js';
import { indicatorValuesAt } from '../src/indicators/valuation.js';
import { syntheticHistoryEvents } from '../src/testing/syntheticHistory.js';
import type { DistrictCode } from '../src/ids/districtCode.js';

const events = Number(process.argv[2] ?? 100_000);
const district = '130302';
const store = createMemoryStore();
const ledger = createLedger({ store });
const heavy = (process.argv[3] ?? 'heavy') === 'heavy';
let mixSeed = 7;
const mixRandom = (): number => ((mixSeed = (mixSeed * 1103515245 + 12345) % 2147483648) / 2147483648);
let idCounter = 0;
const newId = (): string => `00000000-0000-4000-8000-${(++idCounter).toString(16).padStart(12, '0')}`;
const KINDS = ['key-laboratory', 'enterprise-technology-center', 'maker-space', 'incubator', 'agricultural-science-park'] as const;
const LEVELS = ['district', 'municipal', 'provincial'] as const;
const allIds: string[] = [];
const platformIds: string[] = [];
const retracted = new Set<string>();
const certified: string[] = [];
type Input = { type: string; eventId: string; effectiveDate: string; recordedAt: string } & Record<string, unknown>;
function* heavyMix(source: Iterable<Input>): Generator<Input> {
  let platforms = 0;
  for (const e of source) {
    if (e.type === 'EventRetracted') {
      // The history's own retractions: one of an event this mix already retracted is left out.
      const target = (e.data as { eventId: string }).eventId;
      if (retracted.has(target)) continue;
      retracted.add(target);
    }
    yield e;
    if (e.type !== 'EventRetracted') allIds.push(e.eventId);
    if (!heavy) continue;
    const day = e.recordedAt.slice(0, 10);
    const base = { district, recordedAt: e.recordedAt, actor: { unit: 'development-reform', user: 'zhao.lei' }, source: 'SYNTHETIC mix' };
    if (mixRandom() < 0.068) {
      let x: Input;
      if (certified.length > 10 && mixRandom() < 0.3) {
        const platformId = certified.splice(Math.floor(mixRandom() * certified.length), 1)[0]!;
        x = { ...base, type: 'PlatformDecertified', eventId: newId(), effectiveDate: day, data: { platformId, reason: '考核不合格' } };
      } else {
        const platformId = certified.length > 10 && mixRandom() < 0.2 ? certified[Math.floor(mixRandom() * certified.length)]! : `XP-${++platforms}`;
        const back = new Date(Date.parse(day) - Math.floor(mixRandom() * 30) * 86_400_000).toISOString().slice(0, 10);
        const kind = KINDS[Math.floor(mixRandom() * KINDS.length)]!;
        x = { ...base, type: 'PlatformCertified', eventId: newId(), effectiveDate: back, data: { platformId, name: `平台${platforms}`, kind, level: LEVELS[Math.floor(mixRandom() * 3)]! } };
        certified.push(platformId);
      }
      platformIds.push(x.eventId);
      allIds.push(x.eventId);
      yield x;
    }
    if (mixRandom() < 0.058) {
      const pool = mixRandom() < 0.5 && platformIds.length > 0 ? platformIds : allIds;
      const target = pool[Math.floor(mixRandom() * pool.length)]!;
      if (retracted.has(target)) continue;
      retracted.add(target);
      yield { ...base, type: 'EventRetracted', eventId: newId(), effectiveDate: day, data: { eventId: target, reason: '录入错误' } };
    }
  }
}
let batch: object[] = [];
let count = 0;
for (const e of heavyMix(syntheticHistoryEvents({ district, seed: 20190101, scale: (events / 10_860) * (heavy ? 0.92 : 1.03) }) as Iterable<Input>)) {
  batch.push(e);
  if (++count === events) break;
  if (batch.length === 5000) {
    const r = await ledger.append(district, batch);
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left).slice(0, 500));
    batch = [];
  }
}
if (batch.length > 0) {
  const r = await ledger.append(district, batch);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left).slice(0, 500));
}
const p = emptyDistrictProjection(district as DistrictCode);
const types = new Map<string, number>();
for await (const r of store.read(district as DistrictCode)) {
  applyRecord(p, r);
  types.set(r.type, (types.get(r.type) ?? 0) + 1);
}
console.log(`events ${p.position}`, Object.fromEntries(types));

let seed = 42;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const firstDay = Date.UTC(2019, 0, 1) / 86_400_000;
const lastDay = Date.UTC(2025, 11, 31) / 86_400_000;
const query = () => {
  const d = new Date((firstDay + Math.floor(random() * (lastDay - firstDay + 1))) * 86_400_000);
  return { date: d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate(), position: 1 + Math.floor(random() * p.position) };
};
const ask = (q: { date: number; position: number }) => indicatorValuesAt(p, { position: q.position, retractedAt: p.retractedAt }, q.date);
// The first query builds the derived query indexes of the tables it reads.
const first = process.cpuUsage();
ask(query());
const firstCpu = process.cpuUsage(first);
console.log(`first query (builds the indexes): CPU ms ${((firstCpu.user + firstCpu.system) / 1000).toFixed(1)}`);
for (let i = 0; i < 200; i++) ask(query());
const cpu: number[] = [];
for (let i = 0; i < 1000; i++) {
  const q = query();
  const c0 = process.cpuUsage();
  ask(q);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
cpu.sort((a, b) => a - b);
const at = (f: number) => cpu[Math.min(cpu.length - 1, Math.ceil(f * cpu.length) - 1)]!.toFixed(3);
console.log(`snapshot CPU ms over 1000 queries: p50 ${at(0.5)} p90 ${at(0.9)} p99 ${at(0.99)} max ${at(1)} mean ${(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(3)}`);

// The parts alone, on the same queries: the index's answer and the walk's, A/B in one process.
const { platformCountsAt, platformCountsByWalk } = await import('../src/indicators/platforms.js');
const { recognizedEnterprisesAt, recognizedEnterprisesByWalk } = await import('../src/indicators/enterprises.js');
const { inventionPatentsInForceAt } = await import('../src/indicators/patents.js');
const { distinctFlowKeysAt, flowSumAt } = await import('../src/indicators/flows.js');
const parts: [string, (k: { position: number; retractedAt: number[] }, date: number) => unknown][] = [
  ['platformCountsAt', (k, d) => platformCountsAt(p.platforms, k, d)],
  ['platformCountsByWalk', (k, d) => platformCountsByWalk(p.platforms, k, d)],
  ['recognizedEnterprisesAt tech-sme', (k, d) => recognizedEnterprisesAt(p.techSme, k, d)],
  ['recognizedEnterprisesByWalk tech-sme', (k, d) => recognizedEnterprisesByWalk(p.techSme, k, d)],
  ['recognizedEnterprisesAt high-tech', (k, d) => recognizedEnterprisesAt(p.highTech, k, d)],
  ['inventionPatentsInForceAt', (k, d) => inventionPatentsInForceAt(p.patents, k, d)],
  ['distinctFlowKeysAt commissioners', (k, d) => distinctFlowKeysAt(p.commissioners, k, d)],
  ['flowSumAt funds', (k, d) => flowSumAt(p.funds, k, d)],
];
for (const [name, part] of parts) {
  seed = 42;
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const q = query();
    const k = { position: q.position, retractedAt: p.retractedAt };
    const c0 = process.cpuUsage();
    for (let j = 0; j < 10; j++) part(k, q.date);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 10_000);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: CPU ms p50 ${times[499]!.toFixed(4)} p99 ${times[989]!.toFixed(4)}`);
}
