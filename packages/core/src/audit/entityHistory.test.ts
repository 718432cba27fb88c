import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../record/record.js';
import { creditCodeOf as uscc, patentNumberOf } from '../testing/fixtures.js';
import { DISTRICT, arbHistory, ledgerWith, recordsOf } from '../testing/auditFixtures.js';
import { history } from './entityHistory.js';
import { unitAccount } from './unitAccount.js';

const A = uscc('91130302MA0CAAAA1');
const B = uscc('91130302MA0CBBBB2');
const PATENT = patentNumberOf('202010123456');
const dr = { unit: 'development-reform', user: 'zhang.san' } as const;
const mr = { unit: 'market-regulation', user: 'zhao.min' } as const;
const at = (day: number) => `2021-03-${String(day).padStart(2, '0')}T09:00:00+08:00`;
const RECOGNITION_ID = '11111111-1111-4111-8111-111111111111';

const events = [
  { type: 'EnterpriseRecognized', eventId: RECOGNITION_ID, district: DISTRICT, effectiveDate: '2021-02-01', recordedAt: at(1), actor: dr, source: '冀科高〔2021〕1号', data: { enterpriseId: A, name: '甲公司', designation: 'high-tech' } },
  { type: 'EnterpriseRecognized', district: DISTRICT, effectiveDate: '2021-02-01', recordedAt: at(2), actor: dr, data: { enterpriseId: B, name: '乙公司', designation: 'high-tech' } },
  { type: 'PlatformCertified', district: DISTRICT, effectiveDate: '2021-02-10', recordedAt: at(3), actor: dr, data: { platformId: 'KJPT-2021-001', name: '实验室', kind: 'key-laboratory', level: 'municipal', hostEnterpriseId: A } },
  { type: 'PatentGranted', district: DISTRICT, effectiveDate: '2021-02-20', recordedAt: at(4), actor: mr, data: { patentNo: `ZL${PATENT}`, kind: 'invention', filingDate: '2020-01-05', holder: '甲公司' } },
  { type: 'EventRetracted', district: DISTRICT, effectiveDate: '2021-03-05', recordedAt: at(5), actor: dr, source: '更正通知', data: { eventId: RECOGNITION_ID, reason: '录入错误' } },
  { type: 'EnterpriseRecognitionRevoked', district: DISTRICT, effectiveDate: '2021-03-06', recordedAt: at(6), actor: dr, data: { enterpriseId: B, designation: 'high-tech', reason: '不再符合条件' } },
];

describe('history', () => {
  it("lists an enterprise's recognition and hosted platform, with actors, sources, both times and the retraction", async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    const entries = await history(store, DISTRICT, A);
    expect(entries.map((e) => [e.position, e.type, e.roles])).toEqual([
      [1, 'EnterpriseRecognized', ['enterprise']],
      [3, 'PlatformCertified', ['host-enterprise']],
    ]);
    expect(entries[0]).toMatchObject({
      eventId: RECOGNITION_ID,
      effectiveDate: '2021-02-01',
      recordedAt: '2021-03-01T01:00:00.000Z',
      actor: dr,
      source: '冀科高〔2021〕1号',
      redacted: false,
      retractedBy: { position: 5, effectiveDate: '2021-03-05', recordedAt: '2021-03-05T01:00:00.000Z', actor: dr, source: '更正通知', reason: '录入错误' },
    });
    expect(entries[1]).toMatchObject({ source: null, retractedBy: null });
  });

  it('finds platforms, patents (with or without ZL) and enterprises by their ids', async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    expect((await history(store, DISTRICT, 'KJPT-2021-001')).map((e) => [e.position, e.roles])).toEqual([[3, ['platform']]]);
    expect((await history(store, DISTRICT, PATENT)).map((e) => e.position)).toEqual([4]);
    expect((await history(store, DISTRICT, `ZL${PATENT}`)).map((e) => e.position)).toEqual([4]);
    expect((await history(store, DISTRICT, B)).map((e) => e.position)).toEqual([2, 6]);
    expect(await history(store, DISTRICT, '甲公司')).toEqual([]);
  });

  it('lists exactly the events naming the subject, each with the retraction that withdrew it (property)', async () => {
    // The subject fields of docs/spec.md §4, written out again as an oracle.
    const idsOf = (r: StoredRecord): string[] => {
      const d = r.data as Record<string, string | undefined>;
      switch (r.type) {
        case 'EnterpriseRecognized':
        case 'EnterpriseRecognitionRevoked':
          return [d.enterpriseId!];
        case 'PlatformCertified':
          return [d.platformId!, ...(d.hostEnterpriseId !== undefined ? [d.hostEnterpriseId] : [])];
        case 'PlatformDecertified':
          return [d.platformId!];
        case 'FundsAllocated':
          return [d.allocationId!];
        case 'PatentGranted':
        case 'PatentLapsed':
          return [d.patentNo!];
        case 'ProjectApproved':
          return [d.projectId!];
        case 'CommissionerDispatched':
          return [d.commissionerId!];
        default:
          return [];
      }
    };
    await fc.assert(
      fc.asyncProperty(arbHistory(1, 30), fc.nat(), async (generated, pick) => {
        const { store } = await ledgerWith(generated.district, generated.events);
        const records = await recordsOf(store);
        const subjects = [...new Set(records.flatMap(idsOf))];
        fc.pre(subjects.length > 0);
        const subject = subjects[pick % subjects.length]!;
        const retractions = new Map(records.filter((r) => r.type === 'EventRetracted').map((r) => [(r.data as { eventId: string }).eventId, r.position]));
        const expected = records.filter((r) => idsOf(r).includes(subject)).map((r) => [r.position, retractions.get(r.eventId) ?? null]);
        const entries = await history(store, generated.district, subject);
        expect(entries.map((e) => [e.position, e.retractedBy?.position ?? null])).toEqual(expected);
        for (const e of entries) expect(e).toMatchObject({ eventId: records[e.position - 1]!.eventId, actor: records[e.position - 1]!.actor });
      }),
      { numRuns: 60 },
    );
  });
});

describe('unitAccount', () => {
  it('tells who recorded what, per unit, in order of first appearance', async () => {
    const { store } = await ledgerWith(DISTRICT, events);
    expect(await unitAccount(store, DISTRICT)).toEqual([
      {
        unit: 'development-reform',
        events: 5,
        byType: { EnterpriseRecognized: 2, PlatformCertified: 1, EventRetracted: 1, EnterpriseRecognitionRevoked: 1 },
        byUser: [{ user: 'zhang.san', events: 5 }],
        firstRecordedAt: '2021-03-01T01:00:00.000Z',
        lastRecordedAt: '2021-03-06T01:00:00.000Z',
        firstPosition: 1,
        lastPosition: 6,
      },
      {
        unit: 'market-regulation',
        events: 1,
        byType: { PatentGranted: 1 },
        byUser: [{ user: 'zhao.min', events: 1 }],
        firstRecordedAt: '2021-03-04T01:00:00.000Z',
        lastRecordedAt: '2021-03-04T01:00:00.000Z',
        firstPosition: 4,
        lastPosition: 4,
      },
    ]);
  });

  it('accounts for every record exactly once (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(0, 30), async (generated) => {
        const { store } = await ledgerWith(generated.district, generated.events);
        const records = await recordsOf(store);
        const account = await unitAccount(store, generated.district);
        expect(account.reduce((n, u) => n + u.events, 0)).toBe(records.length);
        for (const u of account) {
          const own = records.filter((r) => r.actor.unit === u.unit);
          expect(Object.values(u.byType).reduce((n, c) => n + (c ?? 0), 0)).toBe(own.length);
          expect(u.byUser.reduce((n, c) => n + c.events, 0)).toBe(own.length);
          expect([u.firstPosition, u.lastPosition]).toEqual([own[0]!.position, own.at(-1)!.position]);
          expect([u.firstRecordedAt, u.lastRecordedAt]).toEqual([own[0]!.recordedAt, own.at(-1)!.recordedAt]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
