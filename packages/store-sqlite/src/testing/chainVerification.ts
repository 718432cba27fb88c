import { GENESIS_HASH, dataHashOf, recordHashOf } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, StoredRecord } from '@indicator-ledger/core';

/** What a chain check found: the records it read and every broken link, in position order. */
export interface ChainReport {
  readonly records: StoredRecord[];
  readonly problems: string[];
}

/**
 * Reads a whole stream and recomputes its hash chain: positions 1, 2, … without gap, each `dataHash`
 * and `hash` recomputed from the record, each `prevHash` the previous record's `hash` (the genesis hash
 * first). Test support only; the audit module owns the auditor-facing verification.
 */
export const checkStoredChain = async (store: EventStore, stream: DistrictCode): Promise<ChainReport> => {
  const records: StoredRecord[] = [];
  const problems: string[] = [];
  let prevHash: string = GENESIS_HASH;
  for await (const r of store.read(stream)) {
    const expectedPosition = records.length + 1;
    if (r.position !== expectedPosition) problems.push(`record ${expectedPosition} has position ${r.position}`);
    if (r.prevHash !== prevHash) problems.push(`position ${r.position}: prevHash does not link to the previous record`);
    if (dataHashOf(r.data) !== r.dataHash) problems.push(`position ${r.position}: dataHash does not match data`);
    if (recordHashOf(r) !== r.hash) problems.push(`position ${r.position}: hash does not match the record`);
    prevHash = r.hash;
    records.push(r);
  }
  return { records, problems };
};
