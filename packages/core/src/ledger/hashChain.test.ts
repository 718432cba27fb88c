import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from './ledger.js';
import type { StoredRecord } from '../record/record.js';
import { GENESIS_HASH, canonicalJson, dataHashOf, recordHashOf, recordToJson } from '../record/record.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { EventStore } from '../store/port.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { AFTER_EVERY_HISTORY, arbBatches, arbValidHistory } from '../testing/arbitraries.js';
import { EXAMPLE_DISTRICT, exampleEvent } from '../testing/exampleEvents.js';

/** SHA-256 of the RFC 8785 canonical JSON of a value, computed here without the ledger's helpers. */
const digestOf = (value: unknown): string => createHash('sha256').update(canonicalize(value)!, 'utf8').digest('hex');

const readAll = async (store: EventStore, stream: DistrictCode): Promise<StoredRecord[]> => {
  const out: StoredRecord[] = [];
  for await (const r of store.read(stream)) out.push(r);
  return out;
};

/** Checks a stream's chain from its records alone (docs/spec.md §2: dataHash, hash, prevHash). */
const expectValidChain = (records: readonly StoredRecord[]): void => {
  records.forEach((record, i) => {
    expect(record.position).toBe(i + 1);
    expect(record.prevHash).toBe(i === 0 ? '0'.repeat(64) : records[i - 1]!.hash);
    expect(record.dataHash).toBe(digestOf(record.data));
    const { data: _data, hash, ...chained } = record;
    expect(hash).toBe(digestOf(chained));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
};

describe('hash chain', () => {
  it('recomputes from the stored records of any valid history, however it was cut into batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbValidHistory({ minLength: 1, maxLength: 40 }).chain((h) => fc.tuple(fc.constant(h), arbBatches(h.events))),
        async ([history, batches]) => {
          const store = createMemoryStore();
          const ledger = createLedger({ store, clock: AFTER_EVERY_HISTORY });
          for (const batch of batches) expect(E.isRight(await ledger.append(history.district, batch))).toBe(true);
          const records = await readAll(store, history.district);
          expect(records).toHaveLength(history.events.length);
          expectValidChain(records);
          expect((await store.head(history.district)).hash).toBe(records[records.length - 1]!.hash);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('starts from 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('matches a hand-written canonical record (known answer)', async () => {
    const store = createMemoryStore();
    const ledger = createLedger({ store });
    const r = await ledger.append(EXAMPLE_DISTRICT, [
      exampleEvent('FundsAllocated', {
        eventId: '3F2B8C1E-7A4D-4E2F-9B1C-2D3E4F5A6B7C',
        recordedAt: '2021-01-15T10:00:00+08:00',
        source: '冀财教〔2020〕5号',
      }),
    ]);
    expect(E.isRight(r)).toBe(true);
    const [record] = await readAll(store, EXAMPLE_DISTRICT as DistrictCode);
    const dataText = '{"allocationId":"CZ-2020-0001","amountFen":50000000,"purpose":"st-project"}';
    expect(canonicalJson(record!.data)).toBe(dataText);
    expect(record!.dataHash).toBe(createHash('sha256').update(dataText).digest('hex'));
    const chainedText =
      '{"actor":{"unit":"finance","user":"zhang.san"},' +
      `"dataHash":"${record!.dataHash}",` +
      '"district":"130302","effectiveDate":"2020-11-20","eventId":"3f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7c",' +
      `"position":1,"prevHash":"${'0'.repeat(64)}","recordedAt":"2021-01-15T02:00:00.000Z",` +
      '"schemaVersion":1,"source":"冀财教〔2020〕5号","type":"FundsAllocated"}';
    expect(record!.hash).toBe(createHash('sha256').update(chainedText, 'utf8').digest('hex'));
  });

  it('leaves data out of hash, so a redacted payload keeps the chain; dataHash still commits to it', async () => {
    const store = createMemoryStore();
    await createLedger({ store }).append(EXAMPLE_DISTRICT, [exampleEvent('CommissionerDispatched'), exampleEvent('TargetSet')]);
    const records = await readAll(store, EXAMPLE_DISTRICT as DistrictCode);
    const redacted = { ...records[0]!, data: { commissionerId: 'TPY-001', name: '[redacted]' } } as StoredRecord;
    expect(recordHashOf(redacted)).toBe(records[0]!.hash);
    expect(dataHashOf(redacted.data)).not.toBe(records[0]!.dataHash);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
  });

  it('changes hash when any chained field changes', async () => {
    const store = createMemoryStore();
    await createLedger({ store }).append(EXAMPLE_DISTRICT, [exampleEvent('TargetSet', { source: 's', recordedAt: '2021-01-01T00:00:00Z' })]);
    const [record] = await readAll(store, EXAMPLE_DISTRICT as DistrictCode);
    const changes: Partial<Record<keyof StoredRecord, unknown>>[] = [
      { position: 2 },
      { eventId: '00000000-0000-4000-8000-000000000000' },
      { type: 'FundsAllocated' },
      { district: '130303' },
      { effectiveDate: '2020-11-21' },
      { recordedAt: '2021-01-01T00:00:00.001Z' },
      { actor: { unit: 'development-reform', user: 'li.si' } },
      { source: 't' },
      { source: undefined },
      { dataHash: '1'.repeat(64) },
      { prevHash: '1'.repeat(64) },
    ];
    for (const change of changes) expect(recordHashOf({ ...record!, ...change } as StoredRecord), JSON.stringify(change)).not.toBe(record!.hash);
  });

  it('writes records as JSON that hash the same way', async () => {
    const store = createMemoryStore();
    await createLedger({ store }).append(EXAMPLE_DISTRICT, [exampleEvent('PatentGranted'), exampleEvent('TargetSet')]);
    const records = await readAll(store, EXAMPLE_DISTRICT as DistrictCode);
    const reread = records.map((r) => JSON.parse(JSON.stringify(recordToJson(r))) as StoredRecord);
    expect(reread).toEqual(records);
    expectValidChain(reread);
  });
});
