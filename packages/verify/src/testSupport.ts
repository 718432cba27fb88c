/**
 * Test-only: bundles made with core's own exporter (a ledger with checkpoints, a redaction and proofs), a
 * signing key and an impostor, scratch folders, and the comparison of this package's verdict with core's.
 * Not exported by the package.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import {
  addCheckpoint,
  attachCosignatures,
  checkpoint,
  createLedger,
  defaultPolicy,
  formatAddCheckpointRequest,
  formatCosignerKey,
  formatVerifierKey,
  MemoryEventStore,
  redact,
  type CosignerSigner,
  type DistrictCode,
  type NoteSigner,
} from '@indicator-ledger/core';
import { checkpointOrigin, parseVerifierKey } from '@indicator-ledger/core/tlog';
import { exportBundle, verifyBundle } from '@indicator-ledger/core/bundle';
import { verifyBundleFolder } from './node.js';

/** The district of the example bundle. */
export const DISTRICT = '130302' as DistrictCode;
/** The ledger's name in checkpoint origins. */
export const LEDGER_NAME = 'indicator-ledger';

const keys = generateKeyPairSync('ed25519');
/** The ledger's signing key. */
export const signer: NoteSigner = { keyName: `${LEDGER_NAME}/${DISTRICT}`, privateKey: keys.privateKey };
/** Its published verifier key. */
export const verifierKey = formatVerifierKey({ keyName: signer.keyName, publicKey: keys.publicKey });
/** Another key under the same name. */
export const impostor: NoteSigner = { keyName: signer.keyName, privateKey: generateKeyPairSync('ed25519').privateKey };

/** A witness: its signer, and its key line as an auditor trusts it (what `ledger witness init` prints). */
export interface TestWitness {
  readonly signer: CosignerSigner;
  readonly key: string;
}

/** A new witness named `name`, with a fresh Ed25519 key. */
export const witnessNamed = (name: string): TestWitness => {
  const pair = generateKeyPairSync('ed25519');
  return { signer: { keyName: name, privateKey: pair.privateKey }, key: formatCosignerKey({ keyName: name, publicKey: pair.publicKey }) };
};

/**
 * `note` cosigned by each of `witnesses` at `now`, each through the witness role itself (`addCheckpoint`,
 * a first checkpoint for it: old size 0), as `ledger checkpoint --witness` collects them.
 */
export const cosignedBy = (note: string, witnesses: readonly TestWitness[], now: number): string => {
  const logKey = parseVerifierKey(verifierKey);
  if (E.isLeft(logKey)) throw new Error(logKey.left.reason);
  const origin = checkpointOrigin(LEDGER_NAME, DISTRICT);
  const lines = witnesses.map((w) => {
    const answer = addCheckpoint({ logs: { [origin]: { logKeys: [logKey.right], latest: null } }, evidence: [] }, w.signer, formatAddCheckpointRequest({ oldSize: 0, proof: [], note }), now);
    if (E.isLeft(answer)) throw new Error(`witness ${w.signer.keyName} refused: ${answer.left.reason}`);
    return answer.right.cosignature;
  });
  return attachCosignatures(note, lines);
};

/** A scratch folder under the system's temporary folder. */
export const scratchDir = (): string => mkdtempSync(join(tmpdir(), 'ledger-verify-'));

const dr = { unit: 'development-reform', user: 'zhang.san' } as const;
const hr = { unit: 'human-resources', user: 'chen.jie' } as const;
const stats = { unit: 'statistics', user: 'wu.yang' } as const;
const at = (month: number, day: number, year = 2021): string => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T09:00:00+08:00`;

/** Five events of a plan: a target, two commissioners, a statistic, a project (core's bundle tests use the same). */
export const EVENTS = [
  { type: 'TargetSet', district: DISTRICT, effectiveDate: '2019-06-01', recordedAt: at(6, 1, 2019), actor: dr, data: { indicator: 'st-commissioners', year: 2021, comparator: 'gte', value: 2 } },
  { type: 'CommissionerDispatched', district: DISTRICT, effectiveDate: '2021-03-01', recordedAt: at(3, 2), actor: hr, data: { commissionerId: 'TP-1', name: '王芳' } },
  { type: 'CommissionerDispatched', district: DISTRICT, effectiveDate: '2021-03-05', recordedAt: at(3, 6), actor: hr, data: { commissionerId: 'TP-2', name: '赵磊' } },
  { type: 'StatisticReported', district: DISTRICT, effectiveDate: '2022-03-01', recordedAt: at(3, 1, 2022), actor: stats, data: { statistic: 'resident-population', year: 2021, value: 340000, status: 'final' } },
  { type: 'ProjectApproved', district: DISTRICT, effectiveDate: '2022-04-01', recordedAt: at(4, 2, 2022), actor: dr, data: { projectId: 'XM-1', title: '项目', level: 'provincial' } },
];

/**
 * A bundle of `events` written by core's `exportBundle` into a new folder under `root`: with `checkpoints`
 * signed after the given counts of events (so the bundle holds consistency proofs) and, if given, one
 * position redacted (so it holds a signed redaction log). Returns the folder and the signed checkpoints.
 */
export const bundleOf = async (
  root: string,
  events: readonly unknown[],
  opts: { checkpointsAfter?: readonly number[]; redactPosition?: number; witnesses?: readonly TestWitness[]; cosignedAt?: number } = {},
): Promise<{ dir: string; notes: string[] }> => {
  const store = new MemoryEventStore();
  const ledger = createLedger({ store });
  const notes: string[] = [];
  let done = 0;
  for (const upTo of [...(opts.checkpointsAfter ?? []), events.length]) {
    if (upTo > done) {
      const appended = await ledger.append(DISTRICT, events.slice(done, upTo));
      if (E.isLeft(appended)) throw new Error(`fixture history refused: ${JSON.stringify(appended.left).slice(0, 300)}`);
      done = upTo;
    }
    if (upTo < events.length) {
      const signed = await checkpoint(store, DISTRICT, signer, { ledgerName: LEDGER_NAME });
      if (E.isLeft(signed)) throw new Error(signed.left.reason);
      notes.push(signed.right.note);
    }
  }
  if (opts.redactPosition !== undefined) {
    const redacted = await redact(store, DISTRICT, { position: opts.redactPosition, reason: '个人信息保护', actor: hr });
    if (E.isLeft(redacted)) throw new Error(redacted.left.reason);
  }
  const dir = join(root, `bundle-${Math.random().toString(36).slice(2)}`);
  const witnesses = opts.witnesses ?? [];
  const cosign = witnesses.length === 0 ? {} : { cosign: async ({ note }: { note: string }) => cosignedBy(note, witnesses, opts.cosignedAt ?? Math.floor(Date.now() / 1000)) };
  const exported = await exportBundle(store, DISTRICT, { signer, ledgerName: LEDGER_NAME, dir, ...cosign });
  if (E.isLeft(exported)) throw new Error(exported.left.reason);
  return { dir, notes };
};

/** A copy of the bundle folder `dir`, to tamper with. */
export const copyOf = (root: string, dir: string): string => {
  const copy = join(root, `copy-${Math.random().toString(36).slice(2)}`);
  cpSync(dir, copy, { recursive: true });
  return copy;
};

/** Core's verdict and this package's on the folder `dir`, in one shape: ok with the report, or the failure's fields. */
export const bothVerdicts = async (dir: string, options: { verifierKey?: string; savedCheckpoints?: readonly string[] } = {}) => {
  const given = { verifierKey: options.verifierKey ?? verifierKey, savedCheckpoints: options.savedCheckpoints ?? [], policy: defaultPolicy };
  const core = await verifyBundle(dir, given);
  const ours = await verifyBundleFolder(dir, given);
  const coreShape = E.isRight(core) ? { ok: true, report: core.right.report } : { ok: false, problem: core.left.problem, reason: core.left.reason, position: core.left.position, file: core.left.file };
  const ourShape = E.isRight(ours) ? { ok: true, report: ours.right } : { ok: false, ...ours.left, position: ours.left.position, file: ours.left.file };
  if (E.isRight(core)) await core.right.store.close();
  return { core: coreShape, ours: ourShape };
};
