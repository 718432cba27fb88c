import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { verify } from '../audit/ledgerVerification.js';
import { createLedger } from '../ledger/ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { MemoryEventStore } from '../store/memoryStore.js';
import type { ProjectionCheckpoint } from '../store/port.js';
import { PROJECTION_NAME } from './checkpointState.js';
import { createIndicatorProjections } from './indicatorProjections.js';
import type { ProjectionCheckpointProblem } from './projectionCheckpoint.js';
import { DISTRICT, SMALL_PLAN } from '../testing/projectionSupport.js';

/** The plan's figures as the records give them: what a query must answer whatever the checkpoint holds. */
const REBUILT = { funds: 24_648_100, projects: 1, highTech: 0, target: 75 };

/** A ledger of the small plan with its projection checkpoint saved at the head (position 3). */
const checkpointed = async (): Promise<MemoryEventStore> => {
  const store = createMemoryStore();
  expect(E.isRight(await createLedger({ store }).append(DISTRICT, SMALL_PLAN))).toBe(true);
  const projections = createIndicatorProjections(store);
  await projections.projection(DISTRICT);
  expect(await projections.saveCheckpoint(DISTRICT)).toBe(true);
  return store;
};

/**
 * Replaces the saved state by `edit` of it, and — as a forger with write access to the store would — seals
 * the edited text with its own digest, so that only the decoding stands between the bytes and a query.
 */
const forge = async (store: MemoryEventStore, edit: (state: string) => string): Promise<void> => {
  const saved = (await store.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME))!;
  const newline = saved.state.indexOf('\n');
  const header = JSON.parse(saved.state.slice(0, newline)) as { hash: string };
  const state = edit(saved.state.slice(newline + 1));
  expect(state).not.toBe(saved.state.slice(newline + 1));
  const digest = createHash('sha256').update(state, 'utf8').digest('hex');
  await store.checkpoints.saveCheckpoint({ ...saved, state: `${JSON.stringify({ hash: header.hash, digest })}\n${state}` });
};

/** Edits the state as an object (maps as their `{"$map": …}` JSON). */
const forgeObject = (store: MemoryEventStore, edit: (state: Record<string, any>) => void): Promise<void> =>
  forge(store, (text) => {
    const state = JSON.parse(text) as Record<string, any>;
    edit(state);
    return JSON.stringify(state);
  });

/** The figures a fresh read side answers, with what it was told of the checkpoint. */
const query = async (store: MemoryEventStore) => {
  const rejected: ProjectionCheckpointProblem[] = [];
  const s = await createIndicatorProjections(store, { onCheckpointRejected: (p) => rejected.push(p) }).snapshot(DISTRICT, { year: 2020 });
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left));
  const i = s.right.indicators;
  return {
    figures: { funds: i['st-funds-allocated'].value, projects: i['st-projects'].value, highTech: i['high-tech-enterprises'].value, target: i['high-tech-enterprises'].target?.value },
    rejected,
  };
};

const HOSTILE_STATES: readonly (readonly [string, (store: MemoryEventStore) => Promise<void>, RegExp])[] = [
  ['a huge number (1e400 reads as Infinity)', (s) => forge(s, (t) => t.replace('2464810000', '1e400')), /funds\.byYear.*wrong shape/],
  ['an amount that is not whole', (s) => forge(s, (t) => t.replace('2464810000', '0.5')), /funds\.byYear.*wrong shape/],
  ['a position past any safe integer', (s) => forgeObject(s, (st) => void (st['position'] = 2 ** 60)), /position has the wrong shape/],
  ['a missing table', (s) => forgeObject(s, (st) => void delete st['funds']), /funds has the wrong shape/],
  ['a missing per-position column', (s) => forgeObject(s, (st) => void delete st['eventIds']), /eventIds has the wrong shape/],
  ['a field of the wrong type', (s) => forgeObject(s, (st) => void (st['types'] = [null, 'TargetSet', 'NoSuchEvent', 'ProjectApproved'])), /types.*wrong shape/],
  ['valid JSON that is no projection', (s) => forge(s, () => '[1,2,3]'), /top level has the wrong shape/],
  ['JSON null', (s) => forge(s, () => 'null'), /wrong shape/],
  ['a per-position column one entry short', (s) => forgeObject(s, (st) => void st['retractedAt'].pop()), /retractedAt does not have one entry for each of positions 0\.\.3/],
  [
    'a row naming an enterprise the table does not have',
    (s) =>
      forgeObject(s, (st) => {
        Object.assign(st['highTech'], { rowEntity: [7], rowFrom: [20200101], rowUntil: [20231231], rowPosition: [1], bucketsByFromYear: { $map: [[2020, [0]]] }, maxSpanYears: 3 });
      }),
    /highTech\.rowEntity names an enterprise/,
  ],
  [
    'a revocation chain that loops',
    (s) =>
      forgeObject(s, (st) => {
        Object.assign(st['highTech'], {
          entityIndex: { $map: [['X', 0]] },
          entityIds: ['X'],
          rowEntity: [0],
          rowFrom: [20200101],
          rowUntil: [20231231],
          rowPosition: [1],
          bucketsByFromYear: { $map: [[2020, [0]]] },
          maxSpanYears: 3,
          revocationHead: [0],
          revocationNext: [0],
          revocationDecided: [0],
          revokedFrom: [0],
          revocationPosition: [1],
        });
      }),
    /highTech's revocation chains do not end/,
  ],
  ['a row past the state position', (s) => forge(s, (t) => t.replace('"position":[2]', '"position":[9]')), /funds|flow table.*do not match/],
];

describe('a checkpoint whose bytes are hostile but sealed with their own digest is no checkpoint (docs/spec.md §8.4)', () => {
  for (const [what, edit, reason] of HOSTILE_STATES) {
    it(`${what}: the figures are the rebuilt ones and the rejection is reported`, async () => {
      const store = await checkpointed();
      await edit(store);
      const { figures, rejected } = await query(store);
      expect(figures).toEqual(REBUILT);
      expect(rejected).toEqual([{ district: DISTRICT, projection: PROJECTION_NAME, position: 3, reason: expect.stringMatching(reason) }]);
      expect(await verify(store, DISTRICT)).toMatchObject({ _tag: 'Left', left: { problem: 'projection-checkpoint', position: 3 } });
    });
  }
});

describe('a stored checkpoint row of the wrong shape is no checkpoint (docs/spec.md §8.4)', () => {
  const HOSTILE_ROWS: readonly (readonly [string, (saved: ProjectionCheckpoint) => unknown])[] = [
    ['a state that is not text', (saved) => ({ ...saved, state: 42 })],
    ['a position that is not a number', (saved) => ({ ...saved, position: '3' })],
    ['a position that is not whole', (saved) => ({ ...saved, position: 2.5 })],
  ];
  for (const [what, edit] of HOSTILE_ROWS) {
    it(`${what}: the figures are the rebuilt ones and the rejection is reported`, async () => {
      const store = await checkpointed();
      const saved = (await store.checkpoints.loadCheckpoint(DISTRICT, PROJECTION_NAME))!;
      await store.checkpoints.saveCheckpoint(edit(saved) as ProjectionCheckpoint);
      const { figures, rejected } = await query(store);
      expect(figures).toEqual(REBUILT);
      expect(rejected).toEqual([expect.objectContaining({ district: DISTRICT, projection: PROJECTION_NAME, reason: expect.stringMatching(/the stored checkpoint is not one: its (state|position) has the wrong shape/) })]);
      expect(await verify(store, DISTRICT)).toMatchObject({ _tag: 'Left', left: { problem: 'projection-checkpoint' } });
    });
  }
});

describe('an honest checkpoint still resumes', () => {
  it('is not rejected and gives the same figures', async () => {
    const store = await checkpointed();
    const { figures, rejected } = await query(store);
    expect(figures).toEqual(REBUILT);
    expect(rejected).toEqual([]);
    expect(await verify(store, DISTRICT)).toMatchObject({ _tag: 'Right' });
  });
});
