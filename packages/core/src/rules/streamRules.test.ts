import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from '../ledger/ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { Problem } from '../events/problem.js';
import { EXAMPLE_DISTRICT, EXAMPLE_ENTERPRISE, EXAMPLE_PATENT, OTHER_ENTERPRISE, exampleEvent } from '../testing/exampleEvents.js';

/**
 * One example per rule of docs/spec.md §4, accepted and rejected, through the ledger's append: what is "accepted"
 * is what the ledger writes.
 */

const newLedger = (): Ledger => createLedger({ store: createMemoryStore(), clock: () => new Date('2021-01-01T00:00:00Z') });

/** Appends each batch in turn; returns the outcome of the last, after checking the earlier ones were accepted. */
const appendBatches = async (ledger: Ledger, ...batches: unknown[][]) => {
  for (const batch of batches.slice(0, -1)) {
    const r = await ledger.append(EXAMPLE_DISTRICT, batch);
    if (E.isLeft(r)) throw new Error(`setup batch refused: ${JSON.stringify(r.left)}`);
  }
  return ledger.append(EXAMPLE_DISTRICT, batches[batches.length - 1]!);
};

/** Appends to a fresh ledger: accepted means every event of the last batch was written. */
const accepted = async (...batches: unknown[][]): Promise<void> => {
  const ledger = newLedger();
  const r = await appendBatches(ledger, ...batches);
  if (E.isLeft(r)) throw new Error(`refused: ${JSON.stringify(r.left)}`);
  expect(r.right.appended).toHaveLength(batches[batches.length - 1]!.length);
  expect((await ledger.head(EXAMPLE_DISTRICT as DistrictCode)).position).toBe(batches.flat().length);
};

/** Appends to a fresh ledger: the last batch must be refused as invalid, writing nothing. Returns its problems. */
const refused = async (...batches: unknown[][]): Promise<readonly Problem[]> => {
  const ledger = newLedger();
  const r = await appendBatches(ledger, ...batches);
  if (E.isRight(r) || r.left.kind !== 'invalid') throw new Error(`expected the last batch to be refused, got ${JSON.stringify(r)}`);
  expect((await ledger.head(EXAMPLE_DISTRICT as DistrictCode)).position).toBe(batches.slice(0, -1).flat().length);
  return r.left.problems;
};

const recognition = exampleEvent('EnterpriseRecognized');

describe('EnterpriseRecognized: validFrom ≤ validUntil after defaults', () => {
  it('accepts the defaults, explicit dates in order, and a one-day period', async () => {
    await accepted([recognition]);
    await accepted([exampleEvent('EnterpriseRecognized', { data: { validFrom: '2020-01-01', validUntil: '2022-12-31' } })]);
    await accepted([exampleEvent('EnterpriseRecognized', { data: { validFrom: '2020-11-20', validUntil: '2020-11-20' } })]);
    // A validFrom after the effective date with the default validUntil: high-tech 3 years − 1 day later.
    await accepted([exampleEvent('EnterpriseRecognized', { data: { validFrom: '2021-03-01' } })]);
    // tech-SME from Dec 31: the default validUntil is that same day.
    await accepted([exampleEvent('EnterpriseRecognized', { data: { designation: 'tech-sme', validFrom: '2021-12-31' } })]);
  });

  it('rejects a validUntil before the default validFrom (the effective date)', async () => {
    const problems = await refused([exampleEvent('EnterpriseRecognized', { data: { validUntil: '2020-11-19' } })]);
    expect(problems).toEqual([{ index: 0, path: 'data.validUntil', reason: '2020-11-19 is before validFrom 2020-11-20' }]);
  });

  it('rejects a validFrom after an explicit validUntil', async () => {
    const problems = await refused([exampleEvent('EnterpriseRecognized', { data: { validFrom: '2021-01-01', validUntil: '2020-12-31' } })]);
    expect(problems).toEqual([{ index: 0, path: 'data.validUntil', reason: '2020-12-31 is before validFrom 2021-01-01' }]);
  });

  it('compares with the default validFrom of a tech-SME too', async () => {
    const problems = await refused([
      exampleEvent('EnterpriseRecognized', { effectiveDate: '2021-06-01', data: { designation: 'tech-sme', validUntil: '2021-05-31' } }),
    ]);
    expect(problems.map((p) => p.path)).toEqual(['data.validUntil']);
  });
});

describe('EnterpriseRecognitionRevoked: needs a recognition of the same enterprise and designation', () => {
  const revocation = exampleEvent('EnterpriseRecognitionRevoked', { effectiveDate: '2021-05-10' });

  it('accepts a revocation after the recognition, in a later batch or the same one', async () => {
    await accepted([recognition], [revocation]);
    await accepted([recognition, revocation]);
  });

  it('rejects a revocation with no recognition in the stream', async () => {
    expect(await refused([revocation])).toEqual([
      { index: 0, path: 'data.enterpriseId', reason: `${EXAMPLE_ENTERPRISE} has no high-tech recognition in this district to revoke` },
    ]);
  });

  it('rejects a revocation of another enterprise, or of the other designation', async () => {
    expect((await refused([recognition], [exampleEvent('EnterpriseRecognitionRevoked', { data: { enterpriseId: OTHER_ENTERPRISE } })])).map((p) => p.path)).toEqual([
      'data.enterpriseId',
    ]);
    const problems = await refused([recognition], [exampleEvent('EnterpriseRecognitionRevoked', { data: { designation: 'tech-sme' } })]);
    expect(problems).toEqual([{ index: 0, path: 'data.enterpriseId', reason: `${EXAMPLE_ENTERPRISE} has no tech-sme recognition in this district to revoke` }]);
  });

  it('rejects a revocation placed before its recognition in the same batch (rules see only earlier events)', async () => {
    expect((await refused([revocation, recognition])).map((p) => [p.index, p.path])).toEqual([[0, 'data.enterpriseId']]);
  });

  it('accepts revokedFrom on or before the decision date: a tech-SME revoked in May 2024 for 2023', async () => {
    const sme = exampleEvent('EnterpriseRecognized', { effectiveDate: '2023-04-01', data: { designation: 'tech-sme' } });
    await accepted([sme, exampleEvent('EnterpriseRecognitionRevoked', { effectiveDate: '2024-05-10', data: { designation: 'tech-sme', revokedFrom: '2023-01-01' } })]);
    await accepted([sme, exampleEvent('EnterpriseRecognitionRevoked', { effectiveDate: '2024-05-10', data: { designation: 'tech-sme', revokedFrom: '2024-05-10' } })]);
  });

  it('rejects a revokedFrom later than the decision date', async () => {
    const problems = await refused([recognition], [exampleEvent('EnterpriseRecognitionRevoked', { effectiveDate: '2021-05-10', data: { revokedFrom: '2021-05-11' } })]);
    expect(problems).toEqual([{ index: 0, path: 'data.revokedFrom', reason: '2021-05-11 is later than the decision date 2021-05-10' }]);
  });
});

describe('PlatformCertified and PlatformDecertified', () => {
  const certification = exampleEvent('PlatformCertified');
  const decertification = exampleEvent('PlatformDecertified', { effectiveDate: '2022-01-01' });

  it('accepts a later certification of the same platform at another level (an upgrade)', async () => {
    await accepted([certification], [exampleEvent('PlatformCertified', { effectiveDate: '2022-01-01', data: { level: 'provincial' } })]);
  });

  it('accepts a decertification of a certified platform, in a later batch or the same one', async () => {
    await accepted([certification], [decertification]);
    await accepted([certification, decertification]);
  });

  it('rejects a decertification of a platform never certified', async () => {
    expect(await refused([decertification])).toEqual([{ index: 0, path: 'data.platformId', reason: 'platform KJPT-2020-001 was never certified in this district' }]);
    expect((await refused([certification], [exampleEvent('PlatformDecertified', { data: { platformId: 'KJPT-2020-002' } })])).map((p) => p.path)).toEqual([
      'data.platformId',
    ]);
  });
});

describe('FundsAllocated: allocationId unique in the stream', () => {
  it('accepts different allocation ids', async () => {
    await accepted([exampleEvent('FundsAllocated')], [exampleEvent('FundsAllocated', { data: { allocationId: 'CZ-2020-0002' } })]);
  });

  it('rejects a used allocation id, in a later batch or the same one', async () => {
    const again = exampleEvent('FundsAllocated', { data: { amountFen: 1 } });
    expect(await refused([exampleEvent('FundsAllocated')], [again])).toEqual([
      { index: 0, path: 'data.allocationId', reason: 'allocation CZ-2020-0001 is already recorded in this district' },
    ]);
    expect((await refused([exampleEvent('FundsAllocated'), again])).map((p) => [p.index, p.path])).toEqual([[1, 'data.allocationId']]);
  });
});

describe('PatentGranted: kind agrees with the 5th digit, filingDate ≤ grant date, one grant per number', () => {
  const grant = exampleEvent('PatentGranted');

  it('accepts a number whose 5th digit encodes its kind', async () => {
    await accepted([grant]);
    await accepted([exampleEvent('PatentGranted', { data: { patentNo: '201820601862.3', kind: 'utility-model' } })]);
    await accepted([exampleEvent('PatentGranted', { data: { patentNo: '201830601862.9', kind: 'design' } })]);
    await accepted([exampleEvent('PatentGranted', { data: { patentNo: '201880601862.6', kind: 'invention' } })]);
    await accepted([exampleEvent('PatentGranted', { data: { patentNo: '201890601862.1', kind: 'utility-model' } })]);
  });

  it('rejects a kind the 5th digit does not encode', async () => {
    expect(await refused([exampleEvent('PatentGranted', { data: { kind: 'design' } })])).toEqual([
      { index: 0, path: 'data.kind', reason: 'patent number 201710601862.3 is an invention number, not design' },
    ]);
    expect((await refused([exampleEvent('PatentGranted', { data: { patentNo: '201820601862.3', kind: 'invention' } })])).map((p) => p.path)).toEqual(['data.kind']);
  });

  it('accepts a grant on the filing date and rejects a filing date after the grant date', async () => {
    await accepted([exampleEvent('PatentGranted', { effectiveDate: '2017-07-26' })]);
    expect(await refused([exampleEvent('PatentGranted', { effectiveDate: '2017-07-25' })])).toEqual([
      { index: 0, path: 'data.filingDate', reason: '2017-07-26 is after the grant date 2017-07-25' },
    ]);
  });

  it('rejects a second grant of the same number, however it is written', async () => {
    const again = exampleEvent('PatentGranted', { effectiveDate: '2021-03-01', data: { patentNo: `ZL${EXAMPLE_PATENT}` } });
    expect(await refused([grant], [again])).toEqual([{ index: 0, path: 'data.patentNo', reason: `patent ${EXAMPLE_PATENT} is already granted in this district` }]);
    expect((await refused([grant, again])).map((p) => [p.index, p.path])).toEqual([[1, 'data.patentNo']]);
  });
});

describe('PatentLapsed: the patent is granted, on or before the lapse date', () => {
  const grant = exampleEvent('PatentGranted', { effectiveDate: '2019-11-20' });

  it('accepts a lapse after the grant, or on the grant date, or in the same batch', async () => {
    await accepted([grant], [exampleEvent('PatentLapsed', { effectiveDate: '2022-01-01' })]);
    await accepted([grant], [exampleEvent('PatentLapsed', { effectiveDate: '2019-11-20' })]);
    await accepted([grant, exampleEvent('PatentLapsed', { effectiveDate: '2022-01-01', data: { patentNo: `ZL${EXAMPLE_PATENT}` } })]);
  });

  it('rejects a lapse of a patent never granted', async () => {
    expect(await refused([exampleEvent('PatentLapsed')])).toEqual([{ index: 0, path: 'data.patentNo', reason: `patent ${EXAMPLE_PATENT} has no grant in this district` }]);
  });

  it('rejects a lapse dated before the grant', async () => {
    expect(await refused([grant], [exampleEvent('PatentLapsed', { effectiveDate: '2019-11-19' })])).toEqual([
      { index: 0, path: 'effectiveDate', reason: 'lapse date 2019-11-19 is before the grant date 2019-11-20' },
    ]);
  });
});

describe('StatisticReported and TargetSet: no stream rule, any number of reports', () => {
  it('accepts the same statistic and the same target reported again (a revision)', async () => {
    const stat = exampleEvent('StatisticReported', { data: { status: 'preliminary' } });
    await accepted([stat], [stat, exampleEvent('StatisticReported', { data: { status: 'revised', value: 351_000 } })]);
    await accepted([exampleEvent('TargetSet')], [exampleEvent('TargetSet', { data: { value: 80 } })]);
  });
});

describe('ProjectApproved: projectId unique, level municipal or higher', () => {
  it('accepts distinct project ids', async () => {
    await accepted([exampleEvent('ProjectApproved')], [exampleEvent('ProjectApproved', { data: { projectId: 'XM-2020-002', level: 'national' } })]);
  });

  it('rejects a used project id', async () => {
    expect(await refused([exampleEvent('ProjectApproved')], [exampleEvent('ProjectApproved', { effectiveDate: '2022-02-02' })])).toEqual([
      { index: 0, path: 'data.projectId', reason: 'project XM-2020-001 is already recorded in this district' },
    ]);
  });

  it('rejects a project of level district', async () => {
    const problems = await refused([exampleEvent('ProjectApproved', { data: { level: 'district' as never } })]);
    expect(problems.map((p) => [p.index, p.path])).toEqual([[0, 'data.level']]);
    expect(problems[0]!.reason).toContain('should be one of municipal, provincial, national');
  });
});

describe('CommissionerDispatched: one dispatch per commissioner and year', () => {
  it('accepts the same commissioner in two years, and two commissioners in one year', async () => {
    await accepted([exampleEvent('CommissionerDispatched', { effectiveDate: '2020-03-01' })], [exampleEvent('CommissionerDispatched', { effectiveDate: '2021-03-01' })]);
    await accepted([exampleEvent('CommissionerDispatched'), exampleEvent('CommissionerDispatched', { data: { commissionerId: 'TPY-002' } })]);
  });

  it('rejects the same commissioner twice in one year, on another day too', async () => {
    expect(
      await refused([exampleEvent('CommissionerDispatched', { effectiveDate: '2020-01-01' })], [exampleEvent('CommissionerDispatched', { effectiveDate: '2020-12-31' })]),
    ).toEqual([{ index: 0, path: 'data.commissionerId', reason: 'commissioner TPY-001 is already dispatched in 2020' }]);
    expect((await refused([exampleEvent('CommissionerDispatched'), exampleEvent('CommissionerDispatched')])).map((p) => [p.index, p.path])).toEqual([
      [1, 'data.commissionerId'],
    ]);
  });
});

describe('EventRetracted: the target is in the stream, is not a retraction, and is not already retracted', () => {
  const TARGET = '11111111-1111-4111-8111-111111111111';
  const target = exampleEvent('FundsAllocated', { eventId: TARGET });
  const retraction = (eventId = TARGET, id?: string) => exampleEvent('EventRetracted', { ...(id !== undefined ? { eventId: id } : {}), data: { eventId } });

  it('accepts a retraction of an event in the stream, in a later batch or the same one, with the id in any case', async () => {
    await accepted([target], [retraction()]);
    await accepted([target, retraction(TARGET.toUpperCase())]);
  });

  it('rejects a retraction of an event not in the stream', async () => {
    const unknown = '22222222-2222-4222-8222-222222222222';
    expect(await refused([target], [retraction(unknown)])).toEqual([{ index: 0, path: 'data.eventId', reason: `event ${unknown} is not in this district's stream` }]);
  });

  it('rejects a retraction of a retraction', async () => {
    const first = '33333333-3333-4333-8333-333333333333';
    expect(await refused([target, retraction(TARGET, first)], [retraction(first)])).toEqual([
      { index: 0, path: 'data.eventId', reason: `event ${first} is itself a retraction and cannot be retracted` },
    ]);
  });

  it('rejects a second retraction of the same event, in a later batch or the same one', async () => {
    expect(await refused([target, retraction()], [retraction()])).toEqual([{ index: 0, path: 'data.eventId', reason: `event ${TARGET} is already retracted` }]);
    expect((await refused([target, retraction(), retraction()])).map((p) => [p.index, p.path])).toEqual([[2, 'data.eventId']]);
  });

  it('does not see an event of another district', async () => {
    const ledger = newLedger();
    const elsewhere = exampleEvent('FundsAllocated', { eventId: TARGET, district: '130203' });
    expect(E.isRight(await ledger.append('130203', [elsewhere]))).toBe(true);
    const r = await ledger.append(EXAMPLE_DISTRICT, [retraction()]);
    expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems.map((p) => p.path)).toEqual(['data.eventId']);
  });
});

describe('a batch as a whole', () => {
  it('rejects an event whose district is not the stream it is appended to', async () => {
    expect(await refused([exampleEvent('TargetSet', { district: '130203' })])).toEqual([
      { index: 0, path: 'district', reason: 'is 130203, but the batch is for district 130302' },
    ]);
  });

  it('lists the problems of every refused event with its index, and appends none of the good ones', async () => {
    const problems = await refused([
      exampleEvent('TargetSet'),
      exampleEvent('EnterpriseRecognitionRevoked'),
      exampleEvent('FundsAllocated'),
      exampleEvent('PatentGranted', { effectiveDate: '2017-01-01', data: { kind: 'design' } }),
    ]);
    expect(problems.map((p) => [p.index, p.path])).toEqual([
      [1, 'data.enterpriseId'],
      [3, 'data.kind'],
      [3, 'data.filingDate'],
    ]);
  });
});
