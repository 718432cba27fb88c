import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { EventInputJson } from '../events/envelope.js';
import { createLedger } from '../ledger/ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import type { StoredRecord } from '../record/record.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { MemoryEventStore } from '../store/memoryStore.js';
import { referenceSnapshot } from '../testing/referenceModel.js';
import { decodeCheckpointState, encodeCheckpointState, PROJECTION_NAME, PROJECTION_VERSION } from './checkpointState.js';
import { applyRecord, emptyDistrictProjection, knowledgeAsOf } from './districtProjection.js';
import type { DistrictProjection } from './districtProjection.js';
import { createIndicatorProjections } from './indicatorProjections.js';
import type { IndicatorProjections } from './indicatorProjections.js';
import { snapshotAt } from './snapshot.js';
import type { Snapshot } from './snapshot.js';
import {
  DISTRICT,
  appendInBatches,
  arbDraft,
  arbDrafts,
  buildHistory,
  countingStore,
  queriesFor,
  recordsOf,
  storeOfRecords,
  workspace,
} from '../testing/projectionSupport.js';
import type { BuiltHistory, CountingStore, Draft, Query } from '../testing/projectionSupport.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';

/**
 * Replay and folding (docs/spec.md §7, §8.4): a projection is a deterministic fold of the stream, whatever the
 * batching, however it is cut, whether it is kept live, rebuilt, or resumed from a checkpoint.
 */

const snapshotOf = async (projections: IndicatorProjections, q: Query): Promise<Snapshot> => {
  const s = await projections.snapshot(DISTRICT, q);
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
  return s.right;
};

/** The snapshot of a bare projection state (no store), at a query. */
const snapshotOfState = (p: DistrictProjection, q: Query): Snapshot => {
  const asOf = q.asOf === undefined ? undefined : (new Date(Date.parse(q.asOf)).toISOString() as Instant);
  return snapshotAt(p, knowledgeAsOf(p, asOf), q.date as CivilDate, asOf ?? null);
};

const fold = (records: readonly StoredRecord[], from: DistrictProjection = emptyDistrictProjection(DISTRICT)): DistrictProjection => {
  for (const r of records) applyRecord(from, r);
  return from;
};

describe('replay determinism', () => {
  it('two rebuilds of the same store are deep-equal, as state and as snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const { store, ledger } = workspace();
        await appendInBatches(ledger, history.inputs);
        const a = createIndicatorProjections(store);
        const b = createIndicatorProjections(store);
        const pa = await a.rebuild(DISTRICT);
        const pb = await b.rebuild(DISTRICT);
        expect(pa).toEqual(pb);
        const again = await a.rebuild(DISTRICT);
        for (const q of queriesFor(history, seed, 5)) {
          expect(snapshotOfState(again, q)).toEqual(await snapshotOf(b, q));
          expect(await snapshotOf(a, q)).toEqual(await snapshotOf(b, q));
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('fold(a ++ b) = fold(fold(a), b)', () => {
  it('for every split point, with the state after a passed through its checkpoint encoding', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(30), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        const records = history.records;
        const whole = encodeCheckpointState(fold(records));
        const queries = queriesFor(history, seed, 2);
        for (let split = 0; split <= records.length; split++) {
          const a = fold(records.slice(0, split));
          const resumed = fold(records.slice(split), decodeCheckpointState(DISTRICT, encodeCheckpointState(a)));
          expect(encodeCheckpointState(resumed)).toBe(whole);
          // The same fold continued in place, without the encoding, also agrees.
          expect(encodeCheckpointState(fold(records.slice(split), a))).toBe(whole);
        }
        const reference = fold(records);
        for (let split = 0; split <= records.length; split += Math.max(1, Math.floor(records.length / 4))) {
          const resumed = fold(records.slice(split), decodeCheckpointState(DISTRICT, encodeCheckpointState(fold(records.slice(0, split)))));
          for (const q of queries) expect(snapshotOfState(resumed, q)).toEqual(snapshotOfState(reference, q));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('folding a record out of order or twice is refused, not silently absorbed', async () => {
    const history = await buildHistory(fc.sample(fc.array(arbDraft(), { minLength: 12, maxLength: 12 }), { seed: 7, numRuns: 1 })[0]!);
    expect(history.records.length).toBeGreaterThanOrEqual(2);
    const p = fold(history.records.slice(0, 1));
    expect(() => applyRecord(p, history.records[0]!)).toThrow(RangeError);
    const q = emptyDistrictProjection(DISTRICT);
    expect(() => applyRecord(q, history.records[1]!)).toThrow(RangeError);
  });
});

describe('results independent of batch boundaries', () => {
  it('the same events appended in different batchings give the same records and the same snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbDrafts(50),
        fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 30 }),
        fc.integer(),
        async (drafts, sizesA, sizesB, seed) => {
          const history = await buildHistory(drafts);
          const a = workspace();
          const b = workspace();
          await a.projections.snapshot(DISTRICT, { year: 2020 }); // loaded first: follows every batch live
          await appendInBatches(a.ledger, history.inputs, sizesA);
          await appendInBatches(b.ledger, history.inputs, sizesB);
          expect(await recordsOf(a.store)).toEqual(await recordsOf(b.store));
          for (const q of queriesFor(history, seed, 5)) expect(await snapshotOf(a.projections, q)).toEqual(await snapshotOf(b.projections, q));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('queries racing appends', () => {
  it('snapshots taken while batches are appended never fail, and once all settle they equal a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 20 }), fc.integer(), async (drafts, sizes, seed) => {
        const history = await buildHistory(drafts);
        const { store, ledger, projections } = workspace();
        const queries = queriesFor(history, seed, 4);
        const racing: Promise<Snapshot>[] = [];
        const appends: Promise<unknown>[] = [];
        let at = 0;
        for (const size of [...sizes, history.inputs.length]) {
          if (at >= history.inputs.length) break;
          const batch = history.inputs.slice(at, at + size);
          at += batch.length;
          // Not awaited: each query starts while the batch is being appended.
          racing.push(snapshotOf(projections, queries[at % queries.length]!));
          appends.push(ledger.append(DISTRICT, batch));
        }
        await Promise.all(racing);
        for (const r of await Promise.all(appends)) expect(E.isRight(r as E.Either<unknown, unknown>) ? 'appended' : r).toBe('appended');
        expect((await recordsOf(store)).length).toBe(history.records.length);
        const rebuilt = createIndicatorProjections(store);
        for (const q of queries) expect(await snapshotOf(projections, q)).toEqual(await snapshotOf(rebuilt, q));
      }),
      { numRuns: 25 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Model-based: live projections against the reference model and against a rebuild, step by step
// ------------------------------------------------------------------------------------------------

interface Model {
  history: BuiltHistory;
}

interface Real {
  readonly inner: MemoryEventStore;
  readonly store: CountingStore;
  readonly ledger: Ledger;
  projections: IndicatorProjections;
  loaded: boolean;
}

/** Compares the live projections with a fresh rebuild and with the reference model at a few queries. */
const agreeEverywhere = async (real: Real, seed: number): Promise<void> => {
  const records = await recordsOf(real.inner);
  const rebuilt = createIndicatorProjections(real.inner);
  const history: BuiltHistory = { inputs: [], records };
  for (const q of queriesFor(history, seed, 3)) {
    const live = await snapshotOf(real.projections, q);
    expect(live).toEqual(await snapshotOf(rebuilt, q));
    expect(live).toEqual(referenceSnapshot(DISTRICT, records, q));
  }
  real.loaded = true;
};

class AppendBatch implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly drafts: readonly Draft[],
    readonly seed: number,
  ) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const next = await buildHistory(this.drafts, { previous: model.history });
    const added = next.inputs.slice(model.history.inputs.length) as EventInputJson[];
    const readsBefore = real.store.reads.length;
    if (added.length > 0) {
      const r = await real.ledger.append(DISTRICT, added);
      expect(E.isLeft(r) ? r.left : 'appended').toBe('appended');
    }
    model.history = next;
    const wasLoaded = real.loaded;
    await agreeEverywhere(real, this.seed);
    // Live: a loaded projection follows the ledger's appends without reading the store again.
    if (wasLoaded) expect(real.store.reads.length).toBe(readsBefore);
  }
  toString = (): string => `append(${this.drafts.length} drafts)`;
}

class Rebuild implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seed: number) {}
  check = (): boolean => true;
  async run(_model: Model, real: Real): Promise<void> {
    await real.projections.rebuild(DISTRICT);
    await agreeEverywhere(real, this.seed);
  }
  toString = (): string => 'rebuild';
}

class SaveCheckpoint implements fc.AsyncCommand<Model, Real> {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.projections.snapshot(DISTRICT, { year: 2020 });
    expect(await real.projections.saveCheckpoint(DISTRICT)).toBe(true);
    const saved = await real.inner.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME);
    expect(saved?.position).toBe(model.history.records.length);
    real.loaded = true;
  }
  toString = (): string => 'saveCheckpoint';
}

class Reopen implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seed: number) {}
  check = (): boolean => true;
  async run(_model: Model, real: Real): Promise<void> {
    real.projections.dispose();
    real.projections = createIndicatorProjections(real.store, { ledger: real.ledger });
    real.loaded = false;
    const saved = await real.inner.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME);
    const readsBefore = real.store.reads.length;
    await agreeEverywhere(real, this.seed);
    // Resumed from the checkpoint: only the tail after it is read.
    for (const range of real.store.reads.slice(readsBefore)) expect(range.from).toBe((saved?.position ?? 0) + 1);
  }
  toString = (): string => 'reopen';
}

describe('incremental = rebuild (model-based, fc.commands)', () => {
  it('after every append, rebuild, checkpoint and reopen, live snapshots equal a rebuild and the reference model', async () => {
    const commands = [
      fc.tuple(fc.array(arbDraft(), { minLength: 1, maxLength: 8 }), fc.integer()).map(([d, s]) => new AppendBatch(d, s)),
      fc.integer().map((s) => new Rebuild(s)),
      fc.constant(new SaveCheckpoint()),
      fc.integer().map((s) => new Reopen(s)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        const inner = createMemoryStore();
        const store = countingStore(inner);
        const ledger = createLedger({ store: inner });
        const real: Real = { inner, store, ledger, projections: createIndicatorProjections(store, { ledger }), loaded: false };
        await fc.asyncModelRun(() => ({ model: { history: { inputs: [], records: [] } }, real }), cmds);
      }),
      { numRuns: 40 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Checkpoints
// ------------------------------------------------------------------------------------------------

describe('checkpoint + tail = full rebuild', () => {
  it('a checkpoint saved at a random position, more appended, a fresh projection over the same store equals a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.nat(), fc.integer(), async (drafts, cut, seed) => {
        const history = await buildHistory(drafts);
        const k = history.inputs.length === 0 ? 0 : cut % (history.inputs.length + 1);
        const inner = createMemoryStore();
        const ledger = createLedger({ store: inner });
        await appendInBatches(ledger, history.inputs.slice(0, k));
        const first = createIndicatorProjections(inner);
        await first.snapshot(DISTRICT, { year: 2020 });
        expect(await first.saveCheckpoint(DISTRICT)).toBe(true);
        await appendInBatches(ledger, history.inputs.slice(k));
        const store = countingStore(inner);
        const resumed = createIndicatorProjections(store);
        const rebuilt = createIndicatorProjections(await storeOfRecords(history.records));
        for (const q of queriesFor(history, seed, 5)) expect(await snapshotOf(resumed, q)).toEqual(await snapshotOf(rebuilt, q));
        if (k < history.inputs.length) expect(store.reads.length).toBeGreaterThan(0);
        for (const range of store.reads) expect(range.from).toBe(k + 1);
      }),
      { numRuns: 30 },
    );
  });

  it('checkpointEvery saves as it goes, and a reopened projection resumes from the last one', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(50), fc.integer({ min: 1, max: 10 }), fc.integer(), async (drafts, every, seed) => {
        const history = await buildHistory(drafts);
        const inner = createMemoryStore();
        const ledger = createLedger({ store: inner });
        const live = createIndicatorProjections(inner, { ledger, checkpointEvery: every });
        await live.snapshot(DISTRICT, { year: 2020 });
        await appendInBatches(ledger, history.inputs, [1, 2, 3, 5, 8, 13]);
        await live.snapshot(DISTRICT, { year: 2020 });
        const saved = await inner.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME);
        if (history.inputs.length >= every) expect(saved?.position).toBeGreaterThanOrEqual(every);
        const resumed = createIndicatorProjections(inner);
        const rebuilt = createIndicatorProjections(inner);
        await rebuilt.rebuild(DISTRICT);
        for (const q of queriesFor(history, seed, 4)) expect(await snapshotOf(resumed, q)).toEqual(await snapshotOf(rebuilt, q));
      }),
      { numRuns: 20 },
    );
  });

  it('a checkpoint of another version is ignored: the fold is redone from position 1', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.integer(), async (drafts, seed) => {
        const history = await buildHistory(drafts);
        fc.pre(history.records.length > 0);
        const inner = createMemoryStore();
        const ledger = createLedger({ store: inner });
        await appendInBatches(ledger, history.inputs);
        // A state that would answer "nothing happened" at the head, were it used.
        const bogus = emptyDistrictProjection(DISTRICT);
        bogus.position = history.records.length;
        await inner.checkpoints.saveCheckpoint({
          stream: DISTRICT,
          projection: PROJECTION_NAME,
          version: `${PROJECTION_VERSION}-other`,
          position: history.records.length,
          state: encodeCheckpointState(bogus),
        });
        const store = countingStore(inner);
        const opened = createIndicatorProjections(store);
        for (const q of queriesFor(history, seed, 4)) expect(await snapshotOf(opened, q)).toEqual(referenceSnapshot(DISTRICT, history.records, q));
        expect(store.reads[0]?.from).toBe(1);
      }),
      { numRuns: 15 },
    );
  });
});
