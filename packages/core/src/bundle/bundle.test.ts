import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../record/record.js';
import { createIndicatorProjections } from '../projection/indicatorProjections.js';
import { defaultPolicy } from '../rules/authorization.js';
import { DISTRICT, LEDGER_NAME, ServedStore, arbHistory, impostor, ledgerWith, recordsOf, rechained, scratchDir, signedBundleOfRecords, signer, verifierKey } from '../testing/auditFixtures.js';
import { BUNDLE_FILES, formatManifest, parseManifest, type BundleManifest } from '../audit/bundleFormat.js';
import { exportBundle } from './bundleExport.js';
import { verifyBundle } from './bundleVerification.js';
import { checkpoint, signedCheckpoints } from '../audit/ledgerCheckpoint.js';
import { redact } from '../audit/ledgerRedaction.js';
import { recordLine } from '../audit/recordShape.js';
import { formatVerifierKey, signNote } from '../tlog/signedNote.js';

const root = scratchDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshDir = (): string => join(root, `bundle-${++folders}`);
const copyOf = (dir: string): string => {
  const copy = freshDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
};
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();

const options = { signer, ledgerName: LEDGER_NAME };
const createHashOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const signNoteOf = (text: string): string => signNote(text, impostor);
const dr = { unit: 'development-reform', user: 'zhang.san' } as const;
const hr = { unit: 'human-resources', user: 'chen.jie' } as const;
const stats = { unit: 'statistics', user: 'wu.yang' } as const;
const at = (month: number, day: number, year = 2021) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T09:00:00+08:00`;
const events = [
  { type: 'TargetSet', district: DISTRICT, effectiveDate: '2019-06-01', recordedAt: at(6, 1, 2019), actor: dr, data: { indicator: 'st-commissioners', year: 2021, comparator: 'gte', value: 2 } },
  { type: 'CommissionerDispatched', district: DISTRICT, effectiveDate: '2021-03-01', recordedAt: at(3, 2), actor: hr, data: { commissionerId: 'TP-1', name: '王芳' } },
  { type: 'CommissionerDispatched', district: DISTRICT, effectiveDate: '2021-03-05', recordedAt: at(3, 6), actor: hr, data: { commissionerId: 'TP-2', name: '赵磊' } },
  { type: 'StatisticReported', district: DISTRICT, effectiveDate: '2022-03-01', recordedAt: at(3, 1, 2022), actor: stats, data: { statistic: 'resident-population', year: 2021, value: 340000, status: 'final' } },
  { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2022-04-01', recordedAt: at(4, 2, 2022), actor: dr, data: { projectId: 'XM-1', title: '项目', level: 'provincial' } },
];

/** A ledger of `events` with checkpoints signed at 2 and 4 records, the second commissioner redacted, and a bundle of all 5. */
const exampleBundle = async () => {
  const { store, ledger } = await ledgerWith(DISTRICT, events.slice(0, 2));
  await checkpoint(store, DISTRICT, signer, { ledgerName: LEDGER_NAME });
  await ledger.append(DISTRICT, events.slice(2, 4));
  await checkpoint(store, DISTRICT, signer, { ledgerName: LEDGER_NAME });
  await ledger.append(DISTRICT, events.slice(4));
  const redacted = await redact(store, DISTRICT, { position: 3, reason: '个人信息保护', actor: hr });
  if (E.isLeft(redacted)) throw new Error(redacted.left.reason);
  const dir = freshDir();
  const exported = await exportBundle(store, DISTRICT, { ...options, dir });
  if (E.isLeft(exported)) throw new Error(exported.left.reason);
  return { store, ledger, dir, exported };
};

/** A bundle of five projects recorded at one instant (so any order of them is a chain a forger can re-hash), no redactions. */
const plainBundle = async () => {
  const projects = [1, 2, 3, 4, 5].map((n) => ({ ...events[4]!, recordedAt: at(4, 2, 2022), data: { projectId: `XM-${n}`, title: `项目${n}`, level: 'municipal' } }));
  const { store } = await ledgerWith(DISTRICT, projects);
  const dir = freshDir();
  const exported = await exportBundle(store, DISTRICT, { ...options, dir });
  if (E.isLeft(exported)) throw new Error(exported.left.reason);
  return { store, dir };
};

describe('exportBundle and verifyBundle', () => {
  it('write and check a bundle: records, signed checkpoint, key, proofs from earlier checkpoints, redaction log, manifest', async () => {
    const { store, dir, exported } = await exampleBundle();
    expect(filesOf(dir)).toEqual([
      'checkpoint.note',
      'manifest.json',
      'proofs/consistency-2-5.json',
      'proofs/consistency-4-5.json',
      'records.ndjson',
      'redactions.note',
      'verifier.key',
    ]);
    const records = await recordsOf(store);
    expect(readFileSync(join(dir, 'records.ndjson'), 'utf8')).toBe(records.map((r) => `${recordLine(r)}\n`).join(''));
    expect(readFileSync(join(dir, 'verifier.key'), 'utf8')).toBe(`${verifierKey}\n`);
    expect(readFileSync(join(dir, 'checkpoint.note'), 'utf8')).toBe(exported.right.note);
    expect(exported.right.manifest).toMatchObject({ district: DISTRICT, origin: 'indicator-ledger/130302', size: 5 });
    expect((await signedCheckpoints(store, DISTRICT)).at(-1)).toBe(exported.right.note);

    const verified = await verifyBundle(dir, { verifierKey });
    if (E.isLeft(verified)) throw new Error(`${verified.left.problem}: ${verified.left.reason}`);
    expect(verified.right.report).toMatchObject({
      district: DISTRICT,
      size: 5,
      root: exported.right.manifest.root,
      head: records[4]!.hash,
      redactedPositions: [3],
      consistentWith: [
        { size: 2, source: 'bundle-proof' },
        { size: 4, source: 'bundle-proof' },
      ],
      years: { from: 2019, to: 2022 },
    });
    expect(verified.right.report.progress.map((row) => row.year)).toEqual([2019, 2020, 2021, 2022]);
    expect(verified.right.report.progress[2]!.indicators['st-commissioners']).toMatchObject({ value: 2, status: 'met' });
  });

  it('check the bundle against checkpoints the auditor saved', async () => {
    const { store, dir } = await exampleBundle();
    const [two, four] = await signedCheckpoints(store, DISTRICT);
    const verified = await verifyBundle(dir, { verifierKey, savedCheckpoints: [four!, two!] });
    expect(E.isRight(verified) && verified.right.report.consistentWith).toEqual([
      { size: 2, source: 'bundle-proof' },
      { size: 2, source: 'saved-checkpoint' },
      { size: 4, source: 'bundle-proof' },
      { size: 4, source: 'saved-checkpoint' },
    ]);
  });

  it('write an empty district as a bundle of no records', async () => {
    const { store } = await ledgerWith(DISTRICT, []);
    const dir = freshDir();
    expect(await exportBundle(store, DISTRICT, { ...options, dir })).toMatchObject(E.right({ manifest: { size: 0 } }));
    expect(await verifyBundle(dir, { verifierKey })).toMatchObject(E.right({ report: { size: 0, years: null, progress: [] } }));
  });

  it('refuse a folder that is not empty, and a stream the ledger will not sign', async () => {
    const { store, dir } = await plainBundle();
    await expect(exportBundle(store, DISTRICT, { ...options, dir })).rejects.toThrow(/not empty/);
    const records = await recordsOf(store);
    const rewritten = new ServedStore(rechained([records[1]!, records[0]!, ...records.slice(2)]));
    const history = await store.checkpoints.loadCheckpoint(DISTRICT, 'audit-checkpoint');
    await rewritten.checkpoints.saveCheckpoint(history!);
    expect(await exportBundle(rewritten, DISTRICT, { ...options, dir: freshDir() })).toMatchObject(E.left({ kind: 'inconsistent' }));
  });
});

describe('replay', () => {
  it('rebuilds from the bundle alone the snapshots the live ledger gives (property over histories, redactions, dates and knowledge times)', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbHistory(0, 30),
        fc.array(fc.record({ date: fc.integer({ min: 2017, max: 2026 }).map((y) => `${y}-${['03-31', '06-30', '12-31'][y % 3]}`), asOf: fc.option(fc.integer({ min: 2019, max: 2030 }).map((y) => `${y}-07-01T00:00:00Z`), { nil: undefined }) }), { maxLength: 4 }),
        fc.boolean(),
        async (history, queries, redactCommissioners) => {
          const { store } = await ledgerWith(history.district, history.events);
          if (redactCommissioners) {
            for (const r of await recordsOf(store, history.district)) {
              if (r.type === 'CommissionerDispatched') expect(E.isRight((await redact(store, history.district, { position: r.position, reason: '个人信息', actor: dr })))).toBe(true);
            }
          }
          const dir = freshDir();
          const exported = await exportBundle(store, history.district, { ...options, dir });
          expect(E.isRight(exported)).toBe(true);
          const verified = await verifyBundle(dir, { verifierKey });
          if (E.isLeft(verified)) throw new Error(`${verified.left.problem} at ${verified.left.position}: ${verified.left.reason}`);
          const live = createIndicatorProjections(store);
          const { years } = verified.right.report;
          if (years !== null) expect(verified.right.report.progress).toEqual(E.getOrElseW(() => [])(await live.progress(history.district, years)));
          for (const q of queries) {
            const query = q.asOf === undefined ? { date: q.date } : q;
            expect(await verified.right.projections.snapshot(history.district, query)).toEqual(await live.snapshot(history.district, query));
          }
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('verifyBundle detects tampering', () => {
  const tamperedCopy = async (change: (dir: string) => void) => {
    const { dir, store } = await exampleBundle();
    const copy = copyOf(dir);
    change(copy);
    return { copy, store };
  };
  const recordsFile = (dir: string) => join(dir, BUNDLE_FILES.records);
  const readLines = (dir: string) => readFileSync(recordsFile(dir), 'utf8').split('\n').slice(0, -1);
  const writeLines = (dir: string, lines: readonly string[]) => writeFileSync(recordsFile(dir), lines.map((l) => `${l}\n`).join(''));
  // What a forger must also do so that the unsigned manifest agrees with the files.
  const refreshDigests = (dir: string) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
    const files = Object.fromEntries(Object.keys(manifest.files).map((p) => [p, createHashOf(readFileSync(join(dir, p)))]));
    writeFileSync(join(dir, 'manifest.json'), formatManifest({ ...manifest, files }));
  };

  it('a flipped byte anywhere in records.ndjson, named by its line = position (property)', async () => {
    const { dir } = await exampleBundle();
    const text = readFileSync(recordsFile(dir));
    const lineOf = (offset: number) => text.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: text.length - 1 }), fc.integer({ min: 1, max: 255 }), async (offset, mask) => {
        const copy = copyOf(dir);
        const bytes = Buffer.from(text);
        bytes[offset] = (bytes[offset] as number) ^ mask;
        writeFileSync(recordsFile(copy), bytes);
        const verified = await verifyBundle(copy, { verifierKey });
        expect(verified).toMatchObject(E.left({ position: lineOf(offset) }));
        rmSync(copy, { recursive: true, force: true });
      }),
      { numRuns: 150 },
    );
  });

  it('a flipped byte in any of the records of any valid history, also with the manifest refreshed (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistory(1, 15), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (history, pick, mask, refresh) => {
        const { store } = await ledgerWith(history.district, history.events);
        const dir = freshDir();
        await exportBundle(store, history.district, { ...options, dir });
        const bytes = readFileSync(recordsFile(dir));
        const offset = pick % bytes.length;
        bytes[offset] = (bytes[offset] as number) ^ mask;
        writeFileSync(recordsFile(dir), bytes);
        if (refresh) refreshDigests(dir);
        const line = bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
        expect(await verifyBundle(dir, { verifierKey })).toMatchObject(E.left({ position: line }));
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });

  it('a flipped byte in any other file (property)', async () => {
    const { dir } = await exampleBundle();
    const others = filesOf(dir).filter((p) => p !== BUNDLE_FILES.records);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...others), fc.nat(), fc.integer({ min: 1, max: 255 }), async (path, pick, mask) => {
        const copy = copyOf(dir);
        const bytes = readFileSync(join(copy, path));
        bytes[pick % bytes.length] = (bytes[pick % bytes.length] as number) ^ mask;
        writeFileSync(join(copy, path), bytes);
        expect(E.isRight((await verifyBundle(copy, { verifierKey }))), path).toBe(false);
        rmSync(copy, { recursive: true, force: true });
      }),
      { numRuns: 100 },
    );
  });

  it('records reordered, deleted, duplicated or truncated, named by position', async () => {
    const cases: [string, (lines: string[]) => string[], number, string][] = [
      ['reordered', ([a, b, ...rest]) => [b!, a!, ...rest], 1, 'position-gap'],
      ['deleted', (lines) => lines.filter((_, i) => i !== 2), 3, 'position-gap'],
      ['duplicated', (lines) => [...lines.slice(0, 3), lines[2]!, ...lines.slice(3)], 4, 'position-gap'],
      ['truncated', (lines) => lines.slice(0, 4), 5, 'size-mismatch'],
      ['extended', (lines) => [...lines, lines[4]!], 6, 'size-mismatch'],
    ];
    for (const [name, change, position, problem] of cases) {
      const { copy } = await tamperedCopy((dir) => writeLines(dir, change(readLines(dir))));
      expect(await verifyBundle(copy, { verifierKey }), name).toMatchObject(E.left({ position, problem }));
    }
  });

  it("records re-chained by a forger, who also refreshed the manifest: against the bundle's own checkpoint", async () => {
    const { dir } = await plainBundle();
    const cases: [string, (rs: StoredRecord[]) => StoredRecord[], string][] = [
      ['reordered', ([a, b, ...rest]) => [b!, a!, ...rest], 'root-mismatch'],
      ['last two swapped', (rs) => [...rs.slice(0, 3), rs[4]!, rs[3]!], 'root-mismatch'],
      ['the last one rewritten', (rs) => [...rs.slice(0, 4), { ...rs[4]!, data: { ...rs[4]!.data, title: '伪造' } } as StoredRecord], 'root-mismatch'],
      ['deleted', (rs) => rs.slice(1), 'size-mismatch'],
      ['duplicated (its eventId repeats)', (rs) => [...rs.slice(0, 3), rs[2]!, ...rs.slice(3)], 'rule-violation'],
    ];
    for (const [name, change, problem] of cases) {
      const copy = copyOf(dir);
      const records = readLines(copy).map((l) => JSON.parse(l) as StoredRecord);
      writeLines(copy, rechained(change(records)).map(recordLine));
      refreshDigests(copy);
      expect(await verifyBundle(copy, { verifierKey }), name).toMatchObject(E.left({ problem }));
    }
  });

  it('a record nested 100,000 levels deep is named by its position, not a stack overflow (docs/spec.md §8.3)', async () => {
    for (const deep of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      const { copy } = await tamperedCopy((dir) => {
        const lines = readLines(dir);
        lines[2] = lines[2]!.replace('"data":{', `"data":{"deep":${deep},`);
        writeLines(dir, lines);
        refreshDigests(dir);
      });
      const result = await verifyBundle(copy, { verifierKey });
      expect(result).toMatchObject(E.left({ problem: 'malformed', position: 3 }));
      if (E.isLeft(result)) expect(result.left.reason).toBe('line 3 is nested deeper than 64 levels');
    }
  });

  it('a redacted record moved by a forger no longer matches its logged redaction', async () => {
    const { copy } = await tamperedCopy((dir) => {
      const records = readLines(dir).map((l) => JSON.parse(l) as StoredRecord);
      writeLines(dir, rechained([records[0]!, records[2]!, records[1]!, ...records.slice(3)]).map(recordLine));
      refreshDigests(dir);
    });
    expect(await verifyBundle(copy, { verifierKey })).toMatchObject(E.left({ problem: 'data-hash', position: 2 }));
  });

  it("records cut off behind an older, genuinely signed checkpoint: caught by a checkpoint the auditor saved", async () => {
    const { dir, store } = await exampleBundle();
    const [two, four] = await signedCheckpoints(store, DISTRICT);
    const copy = copyOf(dir);
    writeLines(copy, readLines(copy).slice(0, 4));
    writeFileSync(join(copy, 'checkpoint.note'), four!);
    for (const proof of filesOf(copy).filter((p) => p.startsWith('proofs/'))) unlinkSync(join(copy, proof));
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as BundleManifest;
    const files = Object.fromEntries(Object.entries(manifest.files).filter(([p]) => !p.startsWith('proofs/')));
    writeFileSync(join(copy, 'manifest.json'), formatManifest({ ...manifest, size: 4, root: four!.split('\n')[2]!, files }));
    refreshDigests(copy);
    // The bundle alone is consistent: an older checkpoint is genuinely signed.
    expect(await verifyBundle(copy, { verifierKey })).toMatchObject(E.right({ report: { size: 4 } }));
    const latest = readFileSync(join(dir, 'checkpoint.note'), 'utf8');
    expect(await verifyBundle(copy, { verifierKey, savedCheckpoints: [two!, latest] })).toMatchObject(E.left({ problem: 'truncated', position: 5 }));
  });

  it('a checkpoint, key or redaction log that is not the ledger’s', async () => {
    const other = generateKeyPairSync('ed25519');
    const { dir } = await exampleBundle();
    expect(await verifyBundle(dir, { verifierKey: formatVerifierKey({ keyName: signer.keyName, publicKey: other.publicKey }) })).toMatchObject(E.left({ problem: 'verifier-key' }));
    const { copy } = await tamperedCopy((d) => {
      const body = readFileSync(join(d, 'checkpoint.note'), 'utf8').split('\n\n')[0]!;
      writeFileSync(join(d, 'checkpoint.note'), signNoteOf(`${body}\n`));
      refreshDigests(d);
    });
    expect(await verifyBundle(copy, { verifierKey })).toMatchObject(E.left({ problem: 'signature' }));
    const { copy: noLog } = await tamperedCopy((d) => {
      unlinkSync(join(d, 'redactions.note'));
      const manifest = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as BundleManifest;
      const files = Object.fromEntries(Object.entries(manifest.files).filter(([p]) => p !== 'redactions.note'));
      writeFileSync(join(d, 'manifest.json'), formatManifest({ ...manifest, files }));
    });
    expect(await verifyBundle(noLog, { verifierKey })).toMatchObject(E.left({ problem: 'data-hash', position: 3 }));
  });

  it('files missing from the bundle or the manifest', async () => {
    const { copy } = await tamperedCopy((d) => writeFileSync(join(d, 'notes.txt'), 'auditor was here\n'));
    expect(await verifyBundle(copy, { verifierKey })).toMatchObject(E.left({ problem: 'unlisted-file', file: 'notes.txt' }));
    const { copy: missing } = await tamperedCopy((d) => unlinkSync(join(d, 'proofs/consistency-2-5.json')));
    expect(await verifyBundle(missing, { verifierKey })).toMatchObject(E.left({  }));
    const { copy: noRecords } = await tamperedCopy((d) => unlinkSync(join(d, 'records.ndjson')));
    expect(await verifyBundle(noRecords, { verifierKey })).toMatchObject(E.left({ problem: 'missing-file', file: 'records.ndjson' }));
    expect(await verifyBundle(join(root, 'no-such-bundle'), { verifierKey })).toMatchObject(E.left({ problem: 'missing-file', file: 'manifest.json' }));
    const { copy: noManifest } = await tamperedCopy((d) => unlinkSync(join(d, 'manifest.json')));
    expect(await verifyBundle(noManifest, { verifierKey })).toMatchObject(E.left({ problem: 'missing-file' }));
  });
});

describe('verifyBundle re-checks that each record was admissible', () => {
  // A ledger that signs what its rules should have refused: records re-chained by whoever holds the key.
  // (The ledger's own exportBundle refuses to sign them, docs/spec.md §8.3: admission.test.ts.)
  const signedBundleOf = async (records: StoredRecord[]) => {
    const dir = freshDir();
    signedBundleOfRecords(rechained(records), dir);
    return dir;
  };

  it('names a repeated eventId and a broken docs/spec.md §4 rule by position', async () => {
    const { store } = await plainBundle();
    const records = await recordsOf(store);
    const repeated = await signedBundleOf([...records.slice(0, 4), { ...records[4]!, eventId: records[1]!.eventId }]);
    expect(await verifyBundle(repeated, { verifierKey })).toMatchObject(E.left({ problem: 'rule-violation', position: 5 }));
    const decertified = { ...records[2]!, type: 'PlatformDecertified', data: { platformId: 'KJPT-2022-009', reason: '考核不合格' } } as StoredRecord;
    const orphan = await signedBundleOf([records[0]!, records[1]!, decertified]);
    expect(await verifyBundle(orphan, { verifierKey })).toMatchObject(E.left({ problem: 'rule-violation', position: 3 }));
  });

  it('checks the authorization policy only when the auditor names one', async () => {
    const { store } = await plainBundle();
    const records = await recordsOf(store);
    const byFinance = await signedBundleOf([records[0]!, { ...records[1]!, actor: { unit: 'finance', user: 'li.na' } }]);
    expect(await verifyBundle(byFinance, { verifierKey })).toMatchObject({ _tag: 'Right' });
    expect(await verifyBundle(byFinance, { verifierKey, policy: defaultPolicy })).toMatchObject(E.left({ problem: 'rule-violation', position: 2 }));
    expect(await verifyBundle(await signedBundleOf(records), { verifierKey, policy: defaultPolicy })).toMatchObject({ _tag: 'Right' });
  });
});

describe('parseManifest', () => {
  it('rejects paths that leave the bundle and manifests not written as the ledger writes them', async () => {
    const { exported } = await exampleBundle();
    const text = formatManifest(exported.right.manifest);
    expect(parseManifest(text)).toEqual(E.right(exported.right.manifest));
    for (const path of ['../etc/passwd', '/abs', 'a//b', './x', 'proofs/../x', '']) {
      expect(E.isRight(parseManifest(formatManifest({ ...exported.right.manifest, files: { ...exported.right.manifest.files, [path]: '0'.repeat(64) } }))), path).toBe(false);
    }
    expect(E.isRight(parseManifest(JSON.stringify(exported.right.manifest)))).toBe(false);
    expect(E.isRight(parseManifest(text.replace('  "format"', '\t"format"')))).toBe(false);
  });
});
