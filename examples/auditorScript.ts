/**
 * Example: an auditor's script. The district exports an audit bundle; the auditor verifies it offline
 * with nothing but the bundle and the ledger's published verifier key, checks it extends the checkpoint
 * they saved at their last visit, replays it into their own store, and prints what changed since.
 *
 * Run it: `pnpm --filter @indicator-ledger/examples auditor`. It plays both sides in memory on the
 * seeds: the district records the plan and its history up to the end of 2022, the auditor saves that
 * signed checkpoint; the district records the rest and exports a bundle; the auditor checks it.
 */
import * as E from 'fp-ts/lib/Either.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkpoint,
  checkpointOfNote,
  createIndicatorProjections,
  createLedger,
  formatVerifierKey,
  INDICATOR_IDS,
  MemoryEventStore,
} from '@indicator-ledger/core';
import { exportBundle, verifyBundle, type BundleReport } from '@indicator-ledger/core/bundle';
import type { DistrictCode, EventStore, EventType, IndicatorId, NoteSigner, StoredRecord, Unit } from '@indicator-ledger/core';
import { runExample } from './demoLedger.js';

/** A figure that differs between two checkpoints. */
export interface ChangedFigure {
  readonly indicator: IndicatorId;
  readonly year: number;
  readonly before: number | null;
  readonly after: number | null;
}

/** What was recorded between two checkpoints of `size1` and `size2` records, and which yearly figures it moved. */
export interface Changes {
  readonly size1: number;
  readonly size2: number;
  readonly byType: Readonly<Partial<Record<EventType, number>>>;
  readonly byUnit: Readonly<Partial<Record<Unit, number>>>;
  readonly figures: readonly ChangedFigure[];
}

const recordsOf = async (store: EventStore, district: DistrictCode, to: number): Promise<StoredRecord[]> => {
  const records: StoredRecord[] = [];
  for await (const page of store.readPages(district, { to })) records.push(...page);
  return records;
};

const progressOf = async (store: EventStore, district: DistrictCode, from: number, to: number) => {
  const rows = await createIndicatorProjections(store).progress(district, { from, to });
  if (rows._tag === 'Left') throw new Error(rows.left.map((p) => `${p.path}: ${p.reason}`).join('; '));
  return rows.right;
};

/**
 * What changed between the checkpoint of `size1` records and that of `size2`, read from a replayed store:
 * the records in between, counted by type and unit, and every yearly figure of `from..to` whose value
 * differs between the first `size1` records and the first `size2`.
 */
export const changesBetween = async (replayed: EventStore, district: DistrictCode, size1: number, size2: number, from: number, to: number): Promise<Changes> => {
  const records = await recordsOf(replayed, district, size2);
  const byType: Partial<Record<EventType, number>> = {};
  const byUnit: Partial<Record<Unit, number>> = {};
  for (const r of records.slice(size1)) {
    byType[r.type] = (byType[r.type] ?? 0) + 1;
    byUnit[r.actor.unit] = (byUnit[r.actor.unit] ?? 0) + 1;
  }
  // The earlier checkpoint's ledger: its records, appended as they are (hashes and all) to a fresh store.
  const earlier = new MemoryEventStore();
  if (size1 > 0) {
    const appended = await earlier.append(district, records.slice(0, size1), 0);
    if (E.isLeft(appended)) throw new Error('the replayed records do not form a stream');
  }
  const [before, after] = await Promise.all([progressOf(earlier, district, from, to), progressOf(replayed, district, from, to)]);
  const figures: ChangedFigure[] = [];
  after.forEach((row, i) => {
    for (const indicator of INDICATOR_IDS) {
      const was = before[i]!.indicators[indicator].value;
      const is = row.indicators[indicator].value;
      if (was !== is) figures.push({ indicator, year: row.year, before: was, after: is });
    }
  });
  return { size1, size2, byType, byUnit, figures };
};

/** The auditor's side: verify the bundle offline against the trusted key and the checkpoint saved last time, then diff. */
export const auditBundle = async (
  bundleDir: string,
  verifierKey: string,
  savedCheckpoint: string,
): Promise<{ readonly report: BundleReport; readonly changes: Changes }> => {
  const verified = await verifyBundle(bundleDir, { verifierKey, savedCheckpoints: [savedCheckpoint] });
  if (E.isLeft(verified)) {
    const { problem, position, reason } = verified.left;
    throw new Error(`bundle refused: ${problem}${position !== undefined ? ` at position ${position}` : ''}: ${reason}`);
  }
  const { report, store } = verified.right;
  const years = report.years ?? { from: 2019, to: 2025 };
  const changes = await changesBetween(store, report.district, checkpointOfNote(savedCheckpoint).size, report.size, years.from, years.to);
  await store.close();
  return { report, changes };
};

const seedLines = (name: string): Record<string, unknown>[] =>
  readFileSync(fileURLToPath(new URL(`../seeds/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const main = async (): Promise<void> => {
  const district = '130302' as DistrictCode;
  const ledgerName = 'indicator-ledger';
  const keys = generateKeyPairSync('ed25519');
  const signer: NoteSigner = { keyName: ledgerName, privateKey: keys.privateKey };
  const verifierKey = formatVerifierKey({ keyName: ledgerName, publicKey: keys.publicKey });

  // The district's side: the history up to the end of 2022, a signed checkpoint the auditor keeps, the rest.
  const store = new MemoryEventStore();
  const ledger = createLedger({ store });
  const history = [...seedLines('plan-targets.ndjson'), ...seedLines('synthetic-130302.ndjson')];
  const cut = history.findIndex((e) => String(e.recordedAt) >= '2023-01-01');
  const record = async (events: readonly Record<string, unknown>[]) => {
    const appended = await ledger.append(district, events);
    if (E.isLeft(appended)) throw new Error(`seed refused: ${JSON.stringify(appended.left).slice(0, 300)}`);
  };
  await record(history.slice(0, cut));
  const signed = await checkpoint(store, district, signer, { ledgerName });
  if (E.isLeft(signed)) throw new Error(signed.left.reason);
  const savedByAuditor = signed.right.note;
  await record(history.slice(cut));

  const dir = mkdtempSync(join(tmpdir(), 'audit-bundle-'));
  try {
    const exported = await exportBundle(store, district, { signer, ledgerName, dir });
    if (E.isLeft(exported)) throw new Error(exported.left.reason);
    console.log(`district exported ${exported.right.manifest.size} records to ${dir}`);

    // The auditor's side: the bundle, the published key, the checkpoint saved last time. Nothing else.
    const { report, changes } = await auditBundle(dir, verifierKey, savedByAuditor);
    console.log(`verified offline: ${report.origin}, ${report.size} records, root ${report.root}`);
    console.log(`extends the saved checkpoint of ${changes.size1} records: ${report.consistentWith.map((c) => `${c.size} (${c.source})`).join(', ')}`);
    console.log(`recorded since (${changes.size2 - changes.size1} records):`);
    for (const [type, n] of Object.entries(changes.byType)) console.log(`  ${type.padEnd(30)} ${n}`);
    console.log('figures that changed:');
    const shown = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
    for (const f of changes.figures) console.log(`  ${f.indicator.padEnd(36)} ${f.year}  ${shown(f.before)} → ${shown(f.after)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runExample(main);
