import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { emptyStreamFacts } from '../rules/streamFacts.js';
import { sha256Hex } from '../record/record.js';
import type { StoredRecord } from '../record/record.js';
import type { SealedCheckpointProblem } from '../store/sealedCheckpoint.js';
import { sealState, unsealState } from '../store/sealedCheckpoint.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { DISTRICT, arbDrafts, buildHistory, countingStore, storeOfRecords } from '../testing/projectionSupport.js';
import {
  addStoredFacts,
  decodeStreamFacts,
  encodeStreamFacts,
  FACTS_CHECKPOINT_NAME,
  FACTS_CHECKPOINT_VERSION,
  unsealFactsCheckpoint,
  verifyFactsCheckpoint,
} from './factsCheckpoint.js';
import { createLedger } from './ledger.js';
import { importNdjson } from './lineImport.js';
import { verify } from '../audit/ledgerVerification.js';

const factsOfRecords = async (records: readonly StoredRecord[]) => {
  const facts = emptyStreamFacts();
  await addStoredFacts(await storeOfRecords(records), DISTRICT, facts);
  return facts;
};

/** A stream of `records` whose facts checkpoint was saved by a ledger after its first `cut` records. */
const storeCheckpointedAt = async (records: readonly StoredRecord[], cut: number) => {
  const store = await storeOfRecords(records.slice(0, cut));
  expect(await createLedger({ store }).saveFactsCheckpoint(DISTRICT)).toBe(true);
  if (cut < records.length) {
    const appended = await store.append(DISTRICT, records.slice(cut), cut);
    expect(E.isRight(appended)).toBe(true);
  }
  return store;
};

/** A fresh re-sent copy of every input of a history: each is an idempotent retry, so an append skips them all. */
const resent = (inputs: readonly object[]) => inputs.map((i) => ({ ...i }));

describe('stream-facts checkpoints (a ledger resumes its facts instead of reading every record)', () => {
  it('facts from a checkpoint at any position plus the records after it = the facts of every record (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(40), fc.nat(), async (drafts, pick) => {
        const history = await buildHistory(drafts);
        const cut = pick % (history.records.length + 1);
        const store = await storeCheckpointedAt(history.records, cut);
        const saved = await store.checkpoints.loadCheckpoint(DISTRICT, FACTS_CHECKPOINT_NAME);
        const opened = unsealFactsCheckpoint(DISTRICT, saved!);
        if (E.isLeft(opened)) throw new Error(opened.left);
        expect(opened.right.position).toBe(cut);
        await addStoredFacts(store, DISTRICT, opened.right);
        expect(encodeStreamFacts(opened.right)).toBe(encodeStreamFacts(await factsOfRecords(history.records)));
      }),
      { numRuns: 40 },
    );
  });

  it('a new ledger over a checkpointed stream reads only the records after the checkpoint, and judges as a ledger that read them all (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbDrafts(30), fc.nat(), async (drafts, pick) => {
        const history = await buildHistory(drafts);
        const cut = pick % (history.records.length + 1);
        const counting = countingStore(await storeCheckpointedAt(history.records, cut));
        const rejected: SealedCheckpointProblem[] = [];
        const ledger = createLedger({ store: counting, onFactsCheckpointRejected: (p) => rejected.push(p) });
        // Every input again: the resumed facts must know every event id, or one would be appended twice.
        const again = await ledger.append(DISTRICT, resent(history.inputs));
        expect(rejected).toEqual([]);
        if (E.isLeft(again)) throw new Error(JSON.stringify(again.left));
        expect(again.right.appended).toEqual([]);
        expect(again.right.skipped.map((s) => s.position)).toEqual(history.records.map((r) => r.position));
        // Reads: one record at most to bind the checkpoint to the chain, the tail, and single records for retries.
        const firstReads = counting.reads.filter((r) => (r.from ?? 1) <= cut && r.to === undefined);
        expect(firstReads).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('an import saves the facts; a second import over the same store reads none of the first one’s records', async () => {
    const history = await buildHistory(fc.sample(arbDrafts(40), { seed: 15, numRuns: 1 })[0]!);
    const half = Math.floor(history.inputs.length / 2);
    const store = createMemoryStore();
    const first = createLedger({ store });
    expect(E.isRight(await first.append(DISTRICT, history.inputs.slice(0, half)))).toBe(true);
    expect(await first.saveFactsCheckpoint(DISTRICT)).toBe(true);
    const counting = countingStore(store);
    const second = createLedger({ store: counting });
    const rest = await second.append(DISTRICT, history.inputs.slice(half));
    expect(E.isRight(rest)).toBe(true);
    expect(counting.reads.every((r) => (r.from ?? 1) > half)).toBe(true);
    expect(encodeStreamFacts(await factsOfRecords([...(await collect(store))]))).toBe(
      encodeStreamFacts(unsealed(await saveAndLoad(second, store))),
    );
  });

  it('importNdjson saves the facts of every district it appended to, in one transaction or staged, and the next import resumes them', async () => {
    const history = await buildHistory(fc.sample(arbDrafts(40), { seed: 21, numRuns: 1 })[0]!);
    const half = Math.floor(history.inputs.length / 2);
    const lines = (inputs: readonly object[]) => [{ name: 'part.ndjson', lines: inputs.map((i) => JSON.stringify(i)) }];
    // The memory store imports in one transaction; the counting wrapper has no `inOneTransaction`, so its import is staged.
    for (const staged of [false, true]) {
      const inner = createMemoryStore();
      const store = staged ? countingStore(inner) : inner;
      expect(E.isRight(await importNdjson(store, lines(history.inputs.slice(0, half)))), `staged: ${staged}`).toBe(true);
      const saved = await inner.checkpoints.loadCheckpoint(DISTRICT, FACTS_CHECKPOINT_NAME);
      expect(saved?.position, `staged: ${staged}`).toBe(half);
      const counting = countingStore(inner);
      expect(E.isRight(await importNdjson(counting, lines(history.inputs.slice(half)))), `staged: ${staged}`).toBe(true);
      expect(counting.reads.every((r) => (r.from ?? 1) > half), `staged: ${staged}`).toBe(true);
      expect((await inner.checkpoints.loadCheckpoint(DISTRICT, FACTS_CHECKPOINT_NAME))?.position).toBe(history.inputs.length);
    }
  });

  it('a facts checkpoint that cannot be saved after an import is told, and the import stands', async () => {
    const history = await buildHistory(fc.sample(arbDrafts(20), { seed: 22, numRuns: 1 })[0]!);
    const inner = createMemoryStore();
    const failing = { ...countingStore(inner), checkpoints: { ...inner.checkpoints, saveCheckpoint: async () => Promise.reject(new Error('disk full')) } };
    const notSaved: SealedCheckpointProblem[] = [];
    const result = await importNdjson(failing, [{ name: 'a.ndjson', lines: history.inputs.map((i) => JSON.stringify(i)) }], { onFactsCheckpointNotSaved: (p) => notSaved.push(p) });
    expect(E.isRight(result)).toBe(true);
    expect((await inner.head(DISTRICT)).position).toBe(history.inputs.length);
    expect(notSaved).toEqual([{ district: DISTRICT, projection: FACTS_CHECKPOINT_NAME, position: history.inputs.length, reason: 'disk full' }]);
  });

  it('a checkpoint that does not open or is not bound to the stream is told and not used: the facts come from the records', async () => {
    const history = await buildHistory(fc.sample(arbDrafts(30), { seed: 3, numRuns: 1 })[0]!);
    const records = history.records;
    expect(records.length).toBeGreaterThan(3);
    const cases: { readonly name: string; readonly state: (good: string) => string; readonly reason: RegExp }[] = [
      { name: 'not JSON', state: () => 'nonsense', reason: /header line is not JSON/ },
      { name: 'digest broken', state: (good) => good.replace(/"position":\d+/, '"position":1'), reason: /digest/ },
      { name: 'wrong shape, digest recomputed', state: (good) => resealed(good, (s) => ({ ...s, events: 'not base64!' })), reason: /events has the wrong shape/ },
      { name: 'events cut short', state: (good) => resealed(good, (s) => ({ ...s, events: String(s.events).slice(0, 8) })), reason: /bytes, not a whole number/ },
      { name: 'a key twice', state: (good) => resealed(good, (s) => ({ ...s, projectIds: ['p', 'p'] })), reason: /a key twice/ },
      { name: 'bound to another hash', state: (good) => rebound(good, sha256Hex('another stream')), reason: /it was not saved from this stream/ },
    ];
    for (const c of cases) {
      const store = await storeCheckpointedAt(records, records.length - 2);
      const saved = (await store.checkpoints.loadCheckpoint(DISTRICT, FACTS_CHECKPOINT_NAME))!;
      await store.checkpoints.saveCheckpoint({ ...saved, state: c.state(saved.state) });
      const rejected: SealedCheckpointProblem[] = [];
      const counting = countingStore(store);
      const ledger = createLedger({ store: counting, onFactsCheckpointRejected: (p) => rejected.push(p) });
      const again = await ledger.append(DISTRICT, resent(history.inputs));
      expect(rejected, c.name).toHaveLength(1);
      expect(rejected[0]!.reason, c.name).toMatch(c.reason);
      expect(rejected[0]).toMatchObject({ district: DISTRICT, projection: FACTS_CHECKPOINT_NAME });
      // Judged on facts read from every record: every input is still a retry.
      expect(E.isRight(again) && again.right.appended.length === 0 && again.right.skipped.length === records.length, c.name).toBe(true);
      expect(counting.reads.some((r) => (r.from ?? 1) === 1)).toBe(true);
    }
  });

  it('a checkpoint of another version is ignored without a word', async () => {
    const history = await buildHistory(fc.sample(arbDrafts(20), { seed: 5, numRuns: 1 })[0]!);
    const store = await storeCheckpointedAt(history.records, history.records.length);
    const saved = (await store.checkpoints.loadCheckpoint(DISTRICT, FACTS_CHECKPOINT_NAME))!;
    await store.checkpoints.saveCheckpoint({ ...saved, version: `${FACTS_CHECKPOINT_VERSION}-old`, state: 'anything' });
    const rejected: SealedCheckpointProblem[] = [];
    const again = await createLedger({ store, onFactsCheckpointRejected: (p) => rejected.push(p) }).append(DISTRICT, resent(history.inputs));
    expect(rejected).toEqual([]);
    expect(E.isRight(again) && again.right.appended.length === 0).toBe(true);
  });

  it('decoding any state text never throws; it gives facts or a reason (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything().map((v) => JSON.stringify(v) ?? 'undefined')), fc.nat(50), (text, position) => {
        const decoded = decodeStreamFacts(text, position, sha256Hex('x'));
        expect(E.isLeft(decoded) ? typeof decoded.left : typeof decoded.right.position).toMatch(/string|number/);
      }),
      { numRuns: 300 },
    );
  });

  it('every one-character change of a saved state is refused, or decodes to facts that say exactly what the changed text says (property)', async () => {
    const history = await buildHistory(fc.sample(arbDrafts(20), { seed: 11, numRuns: 1 })[0]!);
    const facts = await factsOfRecords(history.records);
    const text = encodeStreamFacts(facts);
    // The case CI's run found: a spare bit of the events' base64 set (its last digit before the padding).
    const events = (JSON.parse(text) as { events: string }).events;
    const padding = events.length - events.replace(/=+$/, '').length;
    expect(padding).toBeGreaterThan(0);
    const lastDigit = text.indexOf(events) + events.length - padding - 1;
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const spareBitSet = text.slice(0, lastDigit) + digits[digits.indexOf(text[lastDigit]!) | 1] + text.slice(lastDigit + 1);
    expect(decodeStreamFacts(spareBitSet, facts.position, facts.lastHash)).toEqual(E.left('its state is not stream facts: events has the wrong shape'));
    // Other spellings Buffer.from would read as the same table: base64url digits, white space, padding left
    // out, doubled or moved. Each is refused.
    const withEvents = (other: string): string => text.replace(`"events":"${events}"`, `"events":${JSON.stringify(other)}`);
    const body = events.slice(0, events.length - padding);
    for (const other of [events.replaceAll('+', '-').replaceAll('/', '_'), `${events.slice(0, 4)}\n${events.slice(4)}`, ` ${events}`, body, `${events}=`, `${body.slice(0, 4)}=${body.slice(4)}${'='.repeat(padding)}`]) {
      if (other === events) continue;
      expect(decodeStreamFacts(withEvents(other), facts.position, facts.lastHash)).toEqual(E.left('its state is not stream facts: events has the wrong shape'));
    }
    expect(decodeStreamFacts(withEvents(events), facts.position, facts.lastHash)._tag).toBe('Right');
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, c) => {
        const changed = text.slice(0, at) + c + text.slice(at + 1);
        const decoded = decodeStreamFacts(changed, facts.position, facts.lastHash);
        // Canonical base64 only (spare bits zero): no two texts decode to one table.
        if (E.isLeft(decoded)) return;
        expect(encodeStreamFacts(decoded.right)).toBe(changed);
      }),
      { numRuns: 2000 },
    );
  });

  it('verifyFactsCheckpoint finds facts forged with a recomputed digest, and passes sound ones', async () => {
    const history = await buildHistory(fc.sample(arbDrafts(30), { seed: 9, numRuns: 1 })[0]!);
    const store = await storeCheckpointedAt(history.records, history.records.length - 1);
    expect(await verifyFactsCheckpoint(store, DISTRICT)).toEqual([]);
    const saved = (await store.checkpoints.loadCheckpoint(DISTRICT, FACTS_CHECKPOINT_NAME))!;
    await store.checkpoints.saveCheckpoint({ ...saved, state: resealed(saved.state, (s) => ({ ...s, projectIds: [...(s.projectIds as string[]), 'forged-project'] })) });
    const problems = await verifyFactsCheckpoint(store, DISTRICT);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.reason).toMatch(/forged or saved by a faulty ledger/);
    // The auditor's `verify` reports it as a bad checkpoint beside the stream.
    const verdict = await verify(store, DISTRICT);
    expect(E.isLeft(verdict) && verdict.left.problem).toBe('projection-checkpoint');
    expect(E.isLeft(verdict) && verdict.left.reason).toMatch(/^projection checkpoint "stream-facts" of .* forged or saved by a faulty ledger$/);
  });

  it('a store without checkpoints saves nothing and says so', async () => {
    const inner = createMemoryStore();
    const { checkpoints: _none, ...withoutCheckpoints } = countingStore(inner);
    expect(await createLedger({ store: withoutCheckpoints }).saveFactsCheckpoint(DISTRICT)).toBe(false);
  });
});

const collect = async (store: ReturnType<typeof createMemoryStore>): Promise<StoredRecord[]> => {
  const out: StoredRecord[] = [];
  for await (const r of store.read(DISTRICT)) out.push(r);
  return out;
};

const saveAndLoad = async (ledger: ReturnType<typeof createLedger>, store: ReturnType<typeof createMemoryStore>) => {
  expect(await ledger.saveFactsCheckpoint(DISTRICT)).toBe(true);
  return (await store.checkpoints.loadCheckpoint(DISTRICT, FACTS_CHECKPOINT_NAME))!;
};

const unsealed = (saved: Parameters<typeof unsealFactsCheckpoint>[1]) => {
  const opened = unsealFactsCheckpoint(DISTRICT, saved);
  if (E.isLeft(opened)) throw new Error(opened.left);
  return opened.right;
};

/** A sealed state text with its state changed by `change` and the digest recomputed, as a forger would. */
const resealed = (sealed: string, change: (state: Record<string, unknown>) => Record<string, unknown>): string => {
  const header = JSON.parse(sealed.slice(0, sealed.indexOf('\n'))) as { hash: string };
  const state = JSON.stringify(change(JSON.parse(sealed.slice(sealed.indexOf('\n') + 1)) as Record<string, unknown>));
  return `${JSON.stringify({ hash: header.hash, digest: sha256Hex(state) })}\n${state}`;
};

/** A sealed state text bound to another record hash. */
const rebound = (sealed: string, hash: string): string => {
  const opened = unsealState(DISTRICT, FACTS_CHECKPOINT_NAME, { stream: DISTRICT, projection: FACTS_CHECKPOINT_NAME, version: FACTS_CHECKPOINT_VERSION, position: 0, state: sealed });
  if (E.isLeft(opened)) throw new Error(opened.left);
  return sealState({ stream: DISTRICT, projection: FACTS_CHECKPOINT_NAME, version: FACTS_CHECKPOINT_VERSION, position: 0, hash: hash as never, state: opened.right.state }).state;
};
