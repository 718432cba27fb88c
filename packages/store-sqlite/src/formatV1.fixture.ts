import * as E from 'fp-ts/lib/Either.js';
/**
 * Test fixtures: ledger files of file format version 1, written with version 1's own SQL (its schema,
 * `SCHEMA_V1` in `fileFormat.ts`, and the statements of the version-1 store, copied here unchanged), so that
 * the migration to version 2 is tested on files as the previous release left them. The histories are made
 * by the core's ledger on a memory store — real records, a real redaction and its log, a real projection
 * checkpoint — and then copied into the file row by row, as the version-1 store's `append`, `redact` and
 * `saveCheckpoint` wrote them. Test support only: not part of the package's entry.
 *
 * @packageDocumentation
 */
import Database from 'better-sqlite3';
import { PROJECTION_NAME, REDACTION_LOG_PROJECTION, createIndicatorProjections, createLedger, createMemoryStore, recordToJson, redact } from '@indicator-ledger/core';
import type { DistrictCode, EventStore, ProjectionCheckpoint, StoredRecord } from '@indicator-ledger/core';
import { DISTINCTIVE_NAME, commissionerDispatches, redactionRequest } from '@indicator-ledger/core/testing';
import { APPLICATION_ID, SCHEMA_V1 } from './fileFormat.js';

/** One district's records and the checkpoints (projection and redaction log) saved beside them. */
export interface V1Stream {
  readonly stream: DistrictCode;
  readonly records: readonly StoredRecord[];
  readonly checkpoints: readonly ProjectionCheckpoint[];
}

/** Writes `streams` into a new version-1 file at `path`, exactly as the version-1 store laid them out. */
export const writeV1File = (path: string, streams: readonly V1Stream[]): void => {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA_V1);
    db.prepare('INSERT INTO ledger_schema (version, applied_at) VALUES (?, ?)').run(1, '2026-01-01T00:00:00.000Z');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    // Version 1's insert and checkpoint statements, verbatim.
    const insert = db.prepare(
      'INSERT INTO events (stream, position, event_id, type, effective_date, recorded_at, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const saveCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (stream, projection, version, position, state) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (stream, projection) DO UPDATE SET version = excluded.version, position = excluded.position, state = excluded.state`,
    );
    db.transaction(() => {
      for (const { stream, records, checkpoints } of streams) {
        // A redacted record was rewritten in place by version 1's `redact`: its JSON carries the new data
        // and `redacted: true`, the copied columns the original's — which is what the memory store's record is.
        for (const r of records) insert.run(stream, r.position, r.eventId, r.type, r.effectiveDate, r.recordedAt, r.hash, JSON.stringify(recordToJson(r)));
        for (const cp of checkpoints) saveCheckpoint.run(cp.stream, cp.projection, cp.version, cp.position, cp.state);
      }
    })();
  } finally {
    db.close();
  }
};

const readAll = async (store: EventStore, stream: DistrictCode): Promise<StoredRecord[]> => {
  const records: StoredRecord[] = [];
  for await (const r of store.read(stream)) records.push(r);
  return records;
};

/** The fund allocations of the crash test's child, `count` of them, in batches of 1 000. */
const allocations = (district: DistrictCode, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    type: 'FundsAllocated',
    district,
    effectiveDate: '2021-03-01',
    actor: { unit: 'finance', user: 'migration.test' },
    data: { allocationId: `M/${i}`, amountFen: 100 + (i % 977), purpose: 'st-project' },
  }));

/** The districts of {@link v1History}. */
export const V1_DISTRICTS = { dispatches: '130302' as DistrictCode, funds: '130303' as DistrictCode } as const;

/**
 * A two-district history as a version-1 file would hold it: commissioner dispatches with the record at
 * position 2 redacted (its log saved as the redaction-log checkpoint), followed by fund allocations, and a
 * second district of `fundEvents` allocations with a saved indicator-projection checkpoint.
 */
export const v1History = async (fundEvents: number): Promise<V1Stream[]> => {
  const store = createMemoryStore();
  const ledger = createLedger({ store });
  const { dispatches, funds } = V1_DISTRICTS;
  const refused = (what: string, r: { _tag: string; left?: unknown }) => {
    if (r._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(r.left).slice(0, 500)}`);
  };
  refused('dispatches', await ledger.append(dispatches, commissionerDispatches(dispatches, ['王芳', DISTINCTIVE_NAME, '刘伟'])));
  refused('allocations', await ledger.append(dispatches, allocations(dispatches, 5)));
  const redaction = await redact(store, dispatches, redactionRequest(2));
  if (E.isLeft(redaction)) throw new Error(`redaction refused: ${JSON.stringify(redaction)}`);
  const inputs = allocations(funds, fundEvents);
  for (let i = 0; i < inputs.length; i += 1_000) refused('funds', await ledger.append(funds, inputs.slice(i, i + 1_000)));
  const projections = createIndicatorProjections(store);
  await projections.projection(funds);
  if (!(await projections.saveCheckpoint(funds))) throw new Error('no projection checkpoint saved');
  const checkpointsOf = async (stream: DistrictCode): Promise<ProjectionCheckpoint[]> => {
    const saved = await Promise.all([REDACTION_LOG_PROJECTION, PROJECTION_NAME].map((name) => store.checkpoints.loadCheckpoint(stream, name)));
    return saved.filter((cp): cp is ProjectionCheckpoint => cp !== undefined);
  };
  const streams = [
    { stream: dispatches, records: await readAll(store, dispatches), checkpoints: await checkpointsOf(dispatches) },
    { stream: funds, records: await readAll(store, funds), checkpoints: await checkpointsOf(funds) },
  ];
  await ledger.close();
  return streams;
};
