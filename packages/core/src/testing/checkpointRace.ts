/**
 * Test support: several `checkpoint` signers at once on one store, with appends between their starts —
 * what two `ledger checkpoint` runs (or a scheduled job and an operator) do to a shared store. A store's
 * tests call it and check that no note a signer returned is missing from the saved history.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { CHECKPOINT_HISTORY_PROJECTION, checkpoint, checkpointOfNote, signedCheckpoints } from '../audit/ledgerCheckpoint.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { createLedger } from '../ledger/ledger.js';
import type { EventStore } from '../store/port.js';

/** What {@link signersAtOnce} saw: every note a signer returned, and the history the store kept. */
export interface SignersAtOnce {
  readonly returned: readonly string[];
  readonly history: readonly string[];
  /** The size of each note of the history, oldest first. */
  readonly historySizes: readonly number[];
}

const project = (district: string, n: number) => ({
  type: 'ProjectApproved',
  district,
  effectiveDate: '2022-03-01',
  recordedAt: '2022-03-02T09:00:00+08:00',
  actor: { unit: 'development-reform', user: 'wang.wei' },
  data: { projectId: `XM-RACE-${n}`, title: `项目${n}`, level: 'municipal' },
});

/**
 * `store` as signers see it: each of the first `held` reads of the history of signed checkpoints returns
 * what it read only once `release()` was called for it, in order — so every signer reads the history
 * before any of them saves, and the test decides what happens between a read and the signing.
 */
const heldReads = (store: EventStore, held: number): { store: EventStore; release: () => void; reads: () => number } => {
  const gates: (() => void)[] = [];
  const waiting: Promise<void>[] = Array.from({ length: held }, () => new Promise<void>((resolve) => gates.push(resolve)));
  let reads = 0;
  const inner = store.checkpoints!;
  const checkpoints = {
    ...inner,
    saveCheckpoint: inner.saveCheckpoint.bind(inner),
    ...(inner.replaceCheckpoint !== undefined ? { replaceCheckpoint: inner.replaceCheckpoint.bind(inner) } : {}),
    loadCheckpoint: async (stream: DistrictCode, projection: string) => {
      const saved = await inner.loadCheckpoint(stream, projection);
      if (projection === CHECKPOINT_HISTORY_PROJECTION && reads < held) await waiting[reads++];
      return saved;
    },
  };
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === 'checkpoints') return checkpoints;
      const value: unknown = Reflect.get(target, prop, target);
      // Bound to the store itself, so its private fields still answer.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  let released = 0;
  return { store: proxy, release: () => gates[released++]?.(), reads: () => reads };
};

/**
 * `rounds` rounds of `signers` concurrent `checkpoint` calls on `store`. In each round every signer first
 * reads the history (all the same one); then, one after the other, an event is appended and one signer
 * goes on — so each signs a larger tree than the one before, from a history that is no longer the newest
 * when it saves. A store that saves the history last-writer-wins loses notes here.
 */
export const signersAtOnce = async (store: EventStore, district: DistrictCode, { rounds = 3, signers = 3 } = {}): Promise<SignersAtOnce> => {
  const keys = generateKeyPairSync('ed25519');
  const signer = { keyName: `indicator-ledger/${district}`, privateKey: keys.privateKey };
  const ledger = createLedger({ store });
  const returned: string[] = [];
  let n = 0;
  const appendOne = async (): Promise<void> => {
    const appended = await ledger.append(district, [project(district, ++n)]);
    if (E.isLeft(appended)) throw new Error(`fixture event refused: ${JSON.stringify(appended.left).slice(0, 300)}`);
  };
  await appendOne();
  for (let round = 0; round < rounds; round++) {
    const gated = heldReads(store, signers);
    const calls = Array.from({ length: signers }, () => checkpoint(gated.store, district, signer, { ledgerName: 'indicator-ledger' }));
    // Every signer has read the history before the first goes on.
    while (gated.reads() < signers) await new Promise((resolve) => setTimeout(resolve, 1));
    for (let s = 0; s < signers; s++) {
      await appendOne();
      gated.release();
      // Let this signer finish (or fail its save) before the next tree grows.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const outcome of await Promise.all(calls)) {
      if (E.isLeft(outcome)) throw new Error(`a signer was refused: ${outcome.left.reason}`);
      returned.push(outcome.right.note);
    }
  }
  const history = await signedCheckpoints(store, district);
  return { returned, history, historySizes: history.map((note) => checkpointOfNote(note).size) };
};
