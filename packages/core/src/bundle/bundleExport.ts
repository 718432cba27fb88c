/**
 * Writing an audit bundle (docs/audit.md §2; layout in `bundleFormat.ts`): signs a checkpoint of the district's
 * stream, then writes its records, the signed note, the verifier key, the consistency proofs from every
 * earlier signed checkpoint, the signed redaction log and the manifest. The records stream to the file
 * page by page, so a bundle of any size is written in O(log n) memory besides one page.
 */
import * as E from 'fp-ts/lib/Either.js';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import type { DistrictCode } from '../ids/districtCode.js';
import type { AuthorizationPolicy } from '../rules/authorization.js';
import type { EventStore } from '../store/port.js';
import type { Checkpoint } from '../tlog/checkpoint.js';
import { bytesEqual, toBase64 } from '../tlog/bytes.js';
import { createSha256, publicKeyOf, sha256Hex } from '../tlog/crypto.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, consistencyProofPath, formatManifest, type BundleManifest, type ConsistencyProofFile } from '../audit/bundleFormat.js';
import { checkpoint, checkpointOfNote, signedCheckpoints, type CheckpointRefusal } from '../audit/ledgerCheckpoint.js';
import { loadRedactions } from '../audit/ledgerRedaction.js';
import { createRootAccumulator } from '../tlog/merkle.js';
import { consistencyProofCollector, type RangeRoots } from '../tlog/rangeRoots.js';
import { recordLeafHash } from '../audit/recordLeaf.js';
import { recordLine } from '../audit/recordShape.js';
import { signRedactionLog } from '../audit/redaction.js';
import { formatVerifierKey, type NoteSigner } from '../tlog/signedNote.js';

/** Options of {@link exportBundle}. */
export interface BundleExportOptions {
  /** The ledger's key: signs the checkpoint and the redaction log. */
  readonly signer: NoteSigner;
  /** Names the ledger in the checkpoint's origin, `<ledgerName>/<district>`. */
  readonly ledgerName: string;
  /** The folder to write; created when missing, and must be empty. */
  readonly dir: string;
  /** Who may record what, as the ledger was configured (default: docs/spec.md §5's `defaultPolicy`); see `checkpoint`. */
  readonly policy?: AuthorizationPolicy;
  /**
   * Called with the signed note before it is written: returns the note to bundle, e.g. with witnesses'
   * cosignatures appended (docs/audit.md, "Witnessed checkpoints"). Default: the note as signed.
   */
  readonly cosign?: (signed: { readonly note: string; readonly checkpoint: Checkpoint; readonly previous: Checkpoint | null }) => Promise<string>;
}

/** Outcome of {@link exportBundle}: the manifest and signed note written, or why no checkpoint was signed. */
export type BundleExportOutcome = E.Either<CheckpointRefusal, ExportedBundle>;

/** A bundle written: its manifest, and the signed checkpoint note it holds. */
export interface ExportedBundle {
  readonly manifest: BundleManifest;
  readonly note: string;
}

const writeInto = async (dir: string, path: string, text: string): Promise<string> => {
  const file = join(dir, ...path.split('/'));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
  return sha256Hex(text);
};

/**
 * Exports `district`'s stream as an audit bundle in `dir`. Signs a checkpoint first (see `checkpoint`:
 * refused when the chain is broken or history was rewritten) and bundles exactly the records it covers,
 * so appends made meanwhile are left for the next bundle. Throws when `dir` is not empty, or when the
 * records read back do not have the signed root (the store changed other than by appending).
 */
export const exportBundle = async (store: EventStore, district: DistrictCode, options: BundleExportOptions): Promise<BundleExportOutcome> => {
  await mkdir(options.dir, { recursive: true });
  if ((await readdir(options.dir)).length > 0) throw new Error(`${options.dir} is not empty; a bundle is written into an empty folder`);
  const signed = await checkpoint(store, district, options.signer, { ledgerName: options.ledgerName, ...(options.policy !== undefined ? { policy: options.policy } : {}) });
  if (E.isLeft(signed)) return signed;
  const { checkpoint: current } = signed.right;
  const note = options.cosign !== undefined ? await options.cosign(signed.right) : signed.right.note;

  // One proof from each earlier size; the latest note of a size stands for it.
  const earlier = new Map<number, string>();
  for (const n of await signedCheckpoints(store, district)) {
    const size = checkpointOfNote(n).size;
    if (size > 0 && size < current.size) earlier.set(size, n);
  }
  const proofs = [...earlier].sort(([a], [b]) => a - b).map(([size1, oldNote]) => ({ size1, oldNote, collector: consistencyProofCollector(size1, current.size) as RangeRoots }));

  const files: Record<string, string> = {};
  const tree = createRootAccumulator();
  const digest = createSha256();
  const out = createWriteStream(join(options.dir, BUNDLE_FILES.records), { encoding: 'utf8' });
  const closed = once(out, 'close');
  try {
    for await (const page of store.readPages(district, { to: current.size })) {
      let text = '';
      for (const record of page) {
        text += `${recordLine(record)}\n`;
        const leaf = recordLeafHash(record.hash);
        tree.append(leaf);
        for (const proof of proofs) proof.collector.append(leaf);
      }
      digest.update(text);
      if (!out.write(text)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await closed;
  }
  if (tree.size !== current.size || !bytesEqual(tree.root(), current.root)) {
    throw new Error(`the records read back for the bundle do not have the root just signed for ${current.size} records; the store changed other than by appending`);
  }
  files[BUNDLE_FILES.records] = digest.hex();
  files[BUNDLE_FILES.checkpoint] = await writeInto(options.dir, BUNDLE_FILES.checkpoint, note);
  const verifierKey = formatVerifierKey({ keyName: options.signer.keyName, publicKey: publicKeyOf(options.signer.privateKey) });
  files[BUNDLE_FILES.verifierKey] = await writeInto(options.dir, BUNDLE_FILES.verifierKey, `${verifierKey}\n`);
  for (const { size1, oldNote, collector } of proofs) {
    const file: ConsistencyProofFile = { oldCheckpoint: oldNote, size1, size2: current.size, proof: collector.roots().map(toBase64) };
    const path = consistencyProofPath(size1, current.size);
    files[path] = await writeInto(options.dir, path, `${JSON.stringify(file, null, 2)}\n`);
  }
  const redactions = (await loadRedactions(store, district)).filter((entry) => entry.position <= current.size);
  if (redactions.length > 0) {
    files[BUNDLE_FILES.redactions] = await writeInto(options.dir, BUNDLE_FILES.redactions, signRedactionLog(current.origin, redactions, options.signer));
  }
  const manifest: BundleManifest = { format: BUNDLE_FORMAT, district, origin: current.origin, size: current.size, root: toBase64(current.root), files };
  await writeInto(options.dir, BUNDLE_FILES.manifest, formatManifest(manifest));
  return E.right({ manifest, note });
};
