import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import type { StoredRecord } from '../record/record.js';
import { policyFromPermissions, DEFAULT_PERMISSIONS } from '../rules/authorization.js';
import { MemoryEventStore } from '../store/memoryStore.js';
import { DISTRICT, LEDGER_NAME, ServedStore, arbHistory, ledgerWith, recordsOf, rechained, scratchDir, signer } from '../testing/auditFixtures.js';
import { exportBundle } from '../bundle/bundleExport.js';
import { checkpoint, signedCheckpoints } from './ledgerCheckpoint.js';
import { verify } from './ledgerVerification.js';

const dr = { unit: 'development-reform', user: 'zhang.san' } as const;
const finance = { unit: 'finance', user: 'li.na' } as const;
const project = (n: number) => ({
  type: 'ProjectApproved',
  district: DISTRICT,
  effectiveDate: '2022-04-01',
  recordedAt: `2022-04-0${n}T09:00:00+08:00`,
  actor: dr,
  data: { projectId: `XM-${n}`, title: `项目${n}`, level: 'municipal' },
});
const honest = [1, 2, 3, 4].map(project);

/**
 * A store holding `change(records)` re-chained with correct hashes, written through `store.append` directly:
 * what any code holding the store (not the ledger) can write, bypassing the ledger's rules.
 */
const storeOf = async (change: (records: StoredRecord[]) => StoredRecord[]) => {
  const { store: source } = await ledgerWith(DISTRICT, honest);
  const records = rechained(change(await recordsOf(source)));
  const store = new MemoryEventStore();
  const written = await store.append(DISTRICT, records, 0);
  if (E.isRight(written)) return store;
  // The stores themselves refuse a repeated eventId; a store that does not is served as it is.
  expect(written.left.kind).toBe('duplicate-event-id');
  return new ServedStore(records);
};

const forged: [string, (rs: StoredRecord[]) => StoredRecord[], number, RegExp][] = [
  ['a unit the policy forbids', (rs) => [rs[0]!, { ...rs[1]!, actor: finance }, ...rs.slice(2)], 2, /^actor\.unit: finance .* may not record ProjectApproved/],
  ['a repeated eventId', (rs) => [...rs.slice(0, 3), { ...rs[3]!, eventId: rs[0]!.eventId }], 4, /eventId .* is already used at position 1/],
  [
    'a decertification of a platform never certified (docs/spec.md §4)',
    (rs) => [rs[0]!, { ...rs[1]!, type: 'PlatformDecertified', data: { platformId: 'KJPT-9', reason: '考核不合格' } } as StoredRecord, ...rs.slice(2)],
    2,
    /^data\.platformId: platform KJPT-9 was never certified/,
  ],
  ['data that is not valid ProjectApproved data', (rs) => [rs[0]!, rs[1]!, { ...rs[2]!, data: { projectId: 7 } } as unknown as StoredRecord, rs[3]!], 3, /^data\./],
  ['an envelope value the ledger never writes', (rs) => [{ ...rs[0]!, effectiveDate: '2022-02-30' } as StoredRecord, ...rs.slice(1)], 1, /^effectiveDate: /],
];

describe('verify re-checks every record against the stream rules and the policy (docs/spec.md §8.3)', () => {
  it('names the first record that should not have been admitted: position, eventId and reason', async () => {
    for (const [name, change, position, reason] of forged) {
      const store = await storeOf(change);
      const result = await verify(store, DISTRICT);
      const record = (await recordsOf(store))[position - 1]!;
      expect(result, name).toMatchObject(E.left({ position, problem: 'rule-violation', eventId: record.eventId }));
      if (E.isLeft(result)) expect(result.left.reason, name).toMatch(new RegExp(`^record ${record.eventId} should not have been admitted: ${reason.source.replace(/^\^/, '')}`));
    }
  });

  it('checks against the policy the embedding system names', async () => {
    const store = await storeOf((rs) => [rs[0]!, { ...rs[1]!, actor: finance }, ...rs.slice(2)]);
    const financeMayApprove = policyFromPermissions({ ...DEFAULT_PERMISSIONS, ProjectApproved: ['development-reform', 'finance'] });
    expect(await verify(store, DISTRICT, { policy: financeMayApprove })).toMatchObject(E.right({ size: 4 }));
    expect(await verify(store, DISTRICT)).toMatchObject(E.left({ position: 2 }));
  });

  it('accepts every history the ledger accepted (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(0, 30), async (history) => {
        const { store } = await ledgerWith(history.district, history.events);
        expect(await verify(store, history.district)).toMatchObject({ _tag: 'Right' });
      }),
      { numRuns: 40 },
    );
  });
});

describe('checkpoint refuses to sign a stream with a record that should not have been admitted', () => {
  const scratch = scratchDir();
  let bundles = 0;
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names the record, and signs nothing (nor exports a bundle)', async () => {
    for (const [name, change, position, reason] of forged) {
      const store = await storeOf(change);
      const outcome = await checkpoint(store, DISTRICT, signer, { ledgerName: LEDGER_NAME });
      expect(outcome, name).toMatchObject(E.left({ kind: 'inadmissible', failure: { position, problem: 'rule-violation' } }));
      if (E.isLeft(outcome)) expect(outcome.left.reason, name).toMatch(new RegExp(`^position ${position}: record [0-9a-f-]+ should not have been admitted: ${reason.source.replace(/^\^/, '')}`));
      expect(await signedCheckpoints(store, DISTRICT), name).toEqual([]);
      expect(await exportBundle(store, DISTRICT, { signer, ledgerName: LEDGER_NAME, dir: join(scratch, String(++bundles)) }), name).toMatchObject(E.left({ kind: 'inadmissible' }));
    }
  });
});
