import { describe, expect, it } from 'vitest';
import type { DistrictCode } from '../ids/districtCode.js';
import { GENESIS_HASH, chainRecords } from '../record/record.js';
import type { RecordContent, StoredRecord } from '../record/record.js';
import { redactionWrite } from './port.js';

const district = '130302' as DistrictCode;
const [dispatch] = chainRecords({ position: 0, hash: GENESIS_HASH }, [
  {
    eventId: '00000000-0000-4000-8000-000000000001',
    type: 'CommissionerDispatched',
    district,
    effectiveDate: '2021-04-01',
    recordedAt: '2021-04-02T00:00:00.000Z',
    actor: { unit: 'human-resources', user: 'chen.jie' },
    schemaVersion: 1,
    data: { commissionerId: 'TP-001', name: '欧阳翠花' },
  } as unknown as RecordContent,
]);
const data = { commissionerId: 'TP-001', name: '[redacted]' } as StoredRecord['data'];

describe('redactionWrite (docs/spec.md §8.4)', () => {
  it('replaces data and sets the mark, changing nothing the chain commits to', () => {
    const { record, checkpoint } = redactionWrite(district, 1, dispatch!, data, undefined, undefined);
    expect(record).toStrictEqual({ ...dispatch, data, redacted: true });
    expect(checkpoint).toBeUndefined();
  });

  it("gives the log's next state as the checkpoint to write with the record, from the record as it reads now", () => {
    const seen: [StoredRecord, string | undefined][] = [];
    const log = { projection: 'redaction-log', version: '1', next: (current: StoredRecord, saved: string | undefined) => (seen.push([current, saved]), `${saved ?? ''}+${current.position}`) };
    expect(redactionWrite(district, 1, dispatch!, data, log, 'earlier').checkpoint).toEqual({ stream: district, projection: 'redaction-log', version: '1', position: 1, state: 'earlier+1' });
    expect(seen).toEqual([[dispatch, 'earlier']]);
  });

  it('throws what the log throws, before anything is written', () => {
    const log = { projection: 'redaction-log', version: '1', next: () => { throw new RangeError('log full'); } };
    expect(() => redactionWrite(district, 1, dispatch!, data, log, undefined)).toThrow('log full');
  });
});
