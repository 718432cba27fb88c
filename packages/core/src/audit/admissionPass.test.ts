import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { StoredRecord } from '../record/record.js';
import { defaultPolicy } from '../rules/authorization.js';
import type { EventStore } from '../store/port.js';
import { DISTRICT, ServedStore, arbHistory, ledgerWith, recordsOf, rechained } from '../testing/auditFixtures.js';
import { verify } from './ledgerVerification.js';
import { auditAdmission, type AdmissionPass, type AdmissionRunner } from './streamAudit.js';

/** The admission pass on this thread, reading the store on its own, interleaved with the chain pass at each await. */
const sameThreadRunner = (store: EventStore, seen: { passes: number; stoppedAfter?: number }): AdmissionRunner => (district: DistrictCode, to: number): AdmissionPass => {
  let limit = to;
  seen.passes += 1;
  return {
    outcome: auditAdmission(store.readPages(district, { to }), district, defaultPolicy, () => limit),
    stopAfter: (position) => {
      seen.stoppedAfter = position;
      limit = Math.min(limit, position);
    },
    cancel: () => undefined,
  };
};

const finance = { unit: 'finance', user: 'li.na' } as const;

/** What a forger re-chains (correct hashes, a record the rules refuse), at index `at` of `records`. */
type Forgery = (records: StoredRecord[], at: number) => StoredRecord[];
const forgeries: Forgery[] = [
  (rs, at) => rs.map((r, i) => (i === at ? { ...r, actor: finance } : r)),
  (rs, at) => rs.map((r, i) => (i === at && at > 0 ? { ...r, eventId: rs[0]!.eventId } : r)),
  (rs, at) => rs.map((r, i) => (i === at ? ({ ...r, type: 'PlatformDecertified', data: { platformId: 'KJPT-404', reason: '考核不合格' } } as StoredRecord) : r)),
];

/** What breaks the chain itself at index `at` (no re-chaining). */
type Break = (records: unknown[], at: number) => unknown[];
const breaks: Break[] = [
  (rs, at) => rs.map((r, i) => (i === at ? { ...(r as StoredRecord), data: { changed: true } } : r)),
  (rs, at) => rs.filter((_, i) => i !== at),
  (rs, at) => [...rs.slice(0, at + 1), ...rs.slice(at)],
  (rs, at) => (at + 1 < rs.length ? [...rs.slice(0, at), rs[at + 1], rs[at], ...rs.slice(at + 2)] : rs),
  (rs, at) => rs.map((r, i) => (i === at ? { ...(r as StoredRecord), position: 1 } : r)),
  (rs, at) => rs.map((r, i) => (i === at ? (({ hash: _hash, ...rest }) => rest)(r as StoredRecord) : r)),
  (rs, at) => rs.map((r, i) => (i === at ? { ...(r as StoredRecord), district: '130303' } : r)),
];

const arbCase = fc.record({
  history: arbHistory(1, 25),
  forgery: fc.option(fc.record({ kind: fc.nat(forgeries.length - 1), at: fc.nat() }), { nil: undefined }),
  break: fc.option(fc.record({ kind: fc.nat(breaks.length - 1), at: fc.nat() }), { nil: undefined }),
  pageSize: fc.integer({ min: 1, max: 6 }),
});

/** The case's history as the ledger stored it, forged and broken as it says, served in its pages. */
const storeOfCase = async ({ history, forgery, break: broken, pageSize }: typeof arbCase extends fc.Arbitrary<infer C> ? C : never): Promise<ServedStore> => {
  const { store: source } = await ledgerWith(history.district, history.events);
  let records: unknown[] = await recordsOf(source);
  if (forgery !== undefined) records = rechained(forgeries[forgery.kind]!(records as StoredRecord[], forgery.at % records.length));
  if (broken !== undefined) records = breaks[broken.kind]!(records, broken.at % records.length);
  return new ServedStore(records, pageSize);
};

describe('verify with the admission judged apart (an AdmissionRunner)', () => {
  it('gives the one-pass verdict on honest, forged and broken streams alike (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        const store = await storeOfCase(c);
        const seen = { passes: 0 };
        const apart = await verify(store, DISTRICT, { admission: sameThreadRunner(store, seen) });
        expect(apart).toEqual(await verify(store, DISTRICT));
        expect(seen.passes).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('judges on this thread when the other thread is lost before it answers, with the same verdict (property)', async () => {
    const lost: AdmissionRunner = () => ({ outcome: Promise.reject(new Error('the admission thread stopped (exit code 1)')), stopAfter: () => undefined, cancel: () => undefined });
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        const store = await storeOfCase(c);
        expect(await verify(store, DISTRICT, { admission: lost })).toEqual(await verify(store, DISTRICT));
      }),
      { numRuns: 100 },
    );
  });

  it('tells the pass where the chain broke, so that it can stop there', async () => {
    const { store: source } = await ledgerWith(DISTRICT, (await fc.sample(arbHistory(8, 8), { numRuns: 1, seed: 7 }))[0]!.events);
    const records: unknown[] = await recordsOf(source);
    const store = new ServedStore(breaks[0]!(records, 4), 2);
    const seen: { passes: number; stoppedAfter?: number } = { passes: 0 };
    const result = await verify(store, DISTRICT, { admission: sameThreadRunner(store, seen) });
    expect(result).toMatchObject(E.left({ position: 5, problem: 'data-hash' }));
    expect(seen.stoppedAfter).toBe(4);
  });

  it('is not used with a policy of the caller’s, which cannot travel to another thread', async () => {
    const { store } = await ledgerWith(DISTRICT, (await fc.sample(arbHistory(3, 3), { numRuns: 1, seed: 3 }))[0]!.events);
    const seen = { passes: 0 };
    expect(await verify(store, DISTRICT, { policy: defaultPolicy, admission: sameThreadRunner(store, seen) })).toMatchObject({ _tag: 'Right' });
    expect(seen.passes).toBe(0);
  });
});

describe('auditAdmission', () => {
  it('judges no record past one not at its read position, nor past the limit', async () => {
    const { store: source } = await ledgerWith(DISTRICT, (await fc.sample(arbHistory(6, 6), { numRuns: 1, seed: 11 }))[0]!.events);
    const rs = await recordsOf(source);
    // Record 4 repeats record 1's eventId (re-chained): inadmissible at 4.
    const forged = rechained(rs.map((r, i) => (i === 3 ? { ...r, eventId: rs[0]!.eventId } : r)));
    const pages = (records: unknown[]) => new ServedStore(records, 2).readPages(DISTRICT);
    expect(await auditAdmission(pages(forged), DISTRICT, defaultPolicy)).toMatchObject({ position: 4, problem: 'rule-violation', eventId: rs[0]!.eventId });
    expect(await auditAdmission(pages(forged), DISTRICT, defaultPolicy, () => 3)).toBeUndefined();
    // Record 2 removed: what was read at 2 says position 3, so nothing from there on is judged.
    expect(await auditAdmission(pages(forged.filter((_, i) => i !== 1)), DISTRICT, defaultPolicy)).toBeUndefined();
    expect(await auditAdmission(pages([{ not: 'a record' }, ...forged]), DISTRICT, defaultPolicy)).toBeUndefined();
  });
});
