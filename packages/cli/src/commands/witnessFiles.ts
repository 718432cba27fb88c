/**
 * The witness's files: its key (PKCS#8 PEM), its state (docs/audit.md, "Witnessed checkpoints"), written
 * atomically — a new file beside it, then a rename — under a lock file, so that checking the old size and
 * persisting the new checkpoint are one step even across processes (C2SP tlog-witness, the rollback race).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { formatCosignerKey, formatWitnessState, parseCosignerKey, parseWitnessState } from '@indicator-ledger/core';
import type { CosignerSigner, CosignerVerifier, WitnessState } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';
import { withFileLock } from './fileLock.js';

/** Where `witness init` writes, and the witness commands look for, the witness's files. */
export const DEFAULT_WITNESS_STATE = './witness-state.json';
/** The witness's signing key. */
export const DEFAULT_WITNESS_KEY = './witness-key.pem';
/** The witness's verifier key, to give to logs and auditors. */
export const DEFAULT_WITNESS_VERIFIER_KEY = './witness-key.pub';

/** Reads the witness state file, or fails with every problem by field path. */
export const readWitnessState = async (path: string, shown: string): Promise<WitnessState> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CommandFailure(`no witness state at ${shown}; create one with \`ledger witness init\``);
  }
  const parsed = parseWitnessState(text);
  if (E.isLeft(parsed)) throw new CommandFailure(`${shown}: ${parsed.left.map((p) => (p.path === '' ? p.reason : `${p.path}: ${p.reason}`)).join('; ')}`);
  return parsed.right;
};

/** Replaces the state file by a complete new one: readers see the old state or the new, never a part. */
export const writeWitnessState = async (path: string, state: WitnessState): Promise<void> => {
  const next = `${path}.${process.pid}.new`;
  const handle = await open(next, 'w', 0o600);
  try {
    await handle.writeFile(formatWitnessState(state), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(next, path);
};

/**
 * Runs `work` holding `<state>.lock`. Every witness command that reads and writes the state goes through
 * here, so that checking the old size and persisting the new checkpoint are one step.
 */
export const withStateLock = <T>(path: string, shown: string, work: () => Promise<T>): Promise<T> => withFileLock(`${path}.lock`, `${shown}.lock`, work);

/** Reads the witness's signing key and names it as its state says (the `cosigner` key line). */
export const readWitnessSigner = (path: string, shown: string, state: WitnessState): CosignerSigner => {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path, 'utf8'));
  } catch {
    throw new CommandFailure(`no witness key at ${shown}; create one with \`ledger witness init\` or name it with --key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new CommandFailure(`${shown} holds a ${privateKey.asymmetricKeyType} key; cosignatures are Ed25519`);
  const cosigner = state.cosigner === undefined ? undefined : parseCosignerKey(state.cosigner);
  if (cosigner === undefined || E.isLeft(cosigner)) throw new CommandFailure('the witness state names no cosigner key; run `ledger witness init` again');
  const signer = { keyName: cosigner.right.keyName, privateKey };
  if (formatCosignerKey({ keyName: signer.keyName, publicKey: createPublicKey(privateKey) }) !== state.cosigner) {
    throw new CommandFailure(`${shown} is not the key the witness state was made with (${state.cosigner})`);
  }
  return signer;
};

/** The witness keys an auditor or a log trusts: each a file holding a key line, or the key line itself. */
export const readCosignerKeys = (pathsOrKeys: readonly string[], resolve: (p: string) => string): CosignerVerifier[] =>
  pathsOrKeys.map((given) => {
    let text = given;
    try {
      text = readFileSync(resolve(given), 'utf8');
    } catch {
      // Not a file: the key line itself.
    }
    const parsed = parseCosignerKey(text);
    if (E.isLeft(parsed)) throw new CommandFailure(`--witness-key ${given}: ${parsed.left}`);
    return parsed.right;
  });
