import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { formatVerifierKey } from '@indicator-ledger/core';
import type { NoteSigner } from '@indicator-ledger/core';
import { CommandFailure } from './commandContext.js';

/** Where `keygen` writes, and the audit commands look for, the ledger's signing key (PKCS#8 PEM). */
export const DEFAULT_KEY_FILE = './ledger-key.pem';
/** Where `keygen` writes, and the verifying commands look for, the ledger's published verifier key. */
export const DEFAULT_VERIFIER_KEY_FILE = './ledger-key.pub';
/**
 * The ledger's name in checkpoint origins (`<name>/<district>`) and the name of its signing key: one
 * name for both, so a verifier key always matches the checkpoints it is for.
 */
export const DEFAULT_LEDGER_NAME = 'indicator-ledger';

/** A new Ed25519 key pair: the private key as PKCS#8 PEM and the C2SP verifier-key line of its public key. */
export const newSigningKey = (keyName: string): { readonly privateKeyPem: string; readonly verifierKey: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), verifierKey: formatVerifierKey({ keyName, publicKey }) };
};

/** Reads the signing key from a PEM file, as a note signer named `keyName`. */
export const readSigningKey = (path: string, keyName: string): NoteSigner => {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new CommandFailure(`no signing key at ${path}; create one with \`ledger keygen\` or name it with --key`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw new CommandFailure(`${path} is not a private key in PEM: ${(err as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new CommandFailure(`${path} holds a ${privateKey.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
  return { keyName, privateKey };
};

/** The verifier-key line of a signing key (what `keygen` publishes). */
export const verifierKeyOf = (signer: NoteSigner): string => formatVerifierKey({ keyName: signer.keyName, publicKey: createPublicKey(signer.privateKey) });

/**
 * The verifier key an auditor trusts: the text of a file (such as `ledger-key.pub`), or the key line
 * itself (`<name>+<hash>+<key>`) given on the command line.
 */
export const readVerifierKey = (pathOrKey: string, resolvePath: (p: string) => string): string => {
  const path = resolvePath(pathOrKey);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  if (/^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(pathOrKey)) return pathOrKey;
  throw new CommandFailure(`no verifier key at ${pathOrKey}; give the file the ledger published (ledger-key.pub) or the key line itself`);
};
