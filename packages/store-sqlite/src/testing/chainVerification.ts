import { GENESIS_HASH, chainedRecord } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, StoredRecord } from '@indicator-ledger/core';

/** What a chain check found: the records it read and every broken link, in position order. */
export interface ChainReport {
  readonly records: StoredRecord[];
  readonly problems: string[];
}

/**
 * Reads a whole stream and recomputes its hash chain: positions 1, 2, … without gap, each `dataHash`
 * and `hash` recomputed from the record (core's `chainedRecord`, the function the chain is built with),
 * each `prevHash` the previous record's `hash` (the genesis hash first). Test support only; the audit
 * module owns the auditor-facing verification.
 */
export const checkStoredChain = async (store: EventStore, stream: DistrictCode): Promise<ChainReport> => {
  const records: StoredRecord[] = [];
  const problems: string[] = [];
  let prevHash = GENESIS_HASH;
  for await (const r of store.read(stream)) {
    const expectedPosition = records.length + 1;
    if (r.position !== expectedPosition) problems.push(`record ${expectedPosition} has position ${r.position}`);
    if (r.prevHash !== prevHash) problems.push(`position ${r.position}: prevHash does not link to the previous record`);
    // Rebuilt from its content at its own position after its own prevHash, so a broken link is reported once,
    // where it is. The hash covers the stored dataHash (a redaction keeps it, docs/spec.md §8.4), so it is
    // rebuilt with it; the dataHash is checked apart, recomputed from the data the record holds.
    const rebuilt = chainedRecord(r, r.position, r.prevHash);
    if (chainedRecord({ ...r, redacted: undefined }, r.position, r.prevHash).dataHash !== r.dataHash) problems.push(`position ${r.position}: dataHash does not match data`);
    if (rebuilt.hash !== r.hash) problems.push(`position ${r.position}: hash does not match the record`);
    prevHash = r.hash;
    records.push(r);
  }
  return { records, problems };
};
