/**
 * The witness options of `ledger checkpoint` and `ledger export-bundle` (collecting cosignatures) and the
 * quorum check of `ledger verify-bundle` (docs/audit.md, "Witnessed checkpoints").
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { attachCosignatures, noteVerifierOf, openWitnessedCheckpoint } from '@indicator-ledger/core';
import { BUNDLE_FILES } from '@indicator-ledger/core/bundle';
import type { Checkpoint, Cosigner, DistrictCode, EventStore } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { wholeNumberOption } from '../optionValues.js';
import { collectCosignatures, requestBody, verifiedCosignatures } from './witnessClient.js';
import { readCosignerKeys } from './witnessFiles.js';

/** The parsed witness options. */
export interface WitnessOptions {
  readonly witness?: string[];
  readonly witnessKey?: string[];
  readonly witnessRequest?: string;
  readonly witnessOldSize?: number;
  readonly cosignatures?: string[];
}

/** Adds the witness options to a command that signs a checkpoint. */
export const witnessOptions = (command: Command): Command =>
  command
    .option('--witness <url...>', "a witness's add-checkpoint URL (C2SP tlog-witness): ask it to cosign")
    .option('--witness-key <file...>', 'the verifier key of a witness (file or key line): only its cosignatures are kept')
    .option('--witness-request <file>', 'also write an add-checkpoint request to this file, for a witness reached by file exchange')
    .addOption(new Option('--witness-old-size <n>', 'the old size of that request (default: the previous checkpoint\'s size)').argParser(wholeNumberOption(0)))
    .option('--cosignatures <file...>', 'cosignature lines a witness answered (`ledger witness add-checkpoint --out`): attach those that verify');

/**
 * The note to print or bundle: `signed.note` with the cosignatures the options ask for. Writes the request
 * file first when asked, so a file exchange can start from it.
 */
export const witnessedNote = async (
  context: CommandContext,
  options: WitnessOptions,
  signed: { readonly store: EventStore; readonly district: DistrictCode; readonly note: string; readonly checkpoint: Checkpoint; readonly previous: Checkpoint | null },
): Promise<string> => {
  const asks = (options.witness?.length ?? 0) > 0 || (options.cosignatures?.length ?? 0) > 0;
  const keys = readCosignerKeys(options.witnessKey ?? [], context.path);
  if (asks && keys.length === 0) throw new CommandFailure('give the witnesses\' keys with --witness-key: cosignatures are kept only when they verify');
  const request = { store: signed.store, district: signed.district, note: signed.note, checkpoint: signed.checkpoint, oldSize: signed.previous?.size ?? 0 };
  if (options.witnessRequest !== undefined) {
    await writeFile(context.path(options.witnessRequest), await requestBody(request, Math.min(options.witnessOldSize ?? request.oldSize, signed.checkpoint.size)), 'utf8');
  }
  let note = signed.note;
  for (const file of options.cosignatures ?? []) {
    let text: string;
    try {
      text = await readFile(context.path(file), 'utf8');
    } catch {
      throw new CommandFailure(`cannot read cosignatures ${file}`);
    }
    note = attachCosignatures(note, verifiedCosignatures(signed.note, text, keys, file));
  }
  if ((options.witness?.length ?? 0) > 0) note = attachCosignatures(note, await collectCosignatures(request, options.witness ?? [], keys));
  return note;
};

/**
 * With `--witness-key`: opens the bundle's checkpoint note and requires `--quorum` (default 1) of those
 * witnesses to have cosigned it validly. Undefined without witness keys.
 */
export const verifyWitnessQuorum = async (
  context: CommandContext,
  dir: string,
  verifierKey: string,
  options: { readonly witnessKey?: string[]; readonly quorum?: number; readonly maxCosignatureAge?: number },
): Promise<{ readonly cosigners: readonly Cosigner[]; readonly line: string } | undefined> => {
  if (options.witnessKey === undefined || options.witnessKey.length === 0) {
    if (options.quorum !== undefined) throw new CommandFailure('--quorum counts witnesses given with --witness-key; give at least one');
    return undefined;
  }
  const witnesses = readCosignerKeys(options.witnessKey, context.path);
  const quorum = options.quorum ?? 1;
  if (quorum > witnesses.length) throw new CommandFailure(`--quorum ${quorum} is more than the ${witnesses.length} witness keys given`);
  const logKey = noteVerifierOf(verifierKey);
  if (E.isLeft(logKey)) throw new CommandFailure(logKey.left.reason);
  const note = await readFile(join(context.path(dir), BUNDLE_FILES.checkpoint), 'utf8');
  const opened = openWitnessedCheckpoint(note, logKey.right, {
    witnesses,
    quorum,
    now: Math.floor(Date.now() / 1000),
    ...(options.maxCosignatureAge !== undefined ? { maxAgeSeconds: options.maxCosignatureAge } : {}),
  });
  if (E.isLeft(opened)) throw new CommandFailure(`${dir}: ${BUNDLE_FILES.checkpoint}: witness: ${opened.left.map((p) => `${p.path}: ${p.reason}`).join('; ')}`);
  const names = opened.right.cosigners.map((c) => `${c.keyName} at ${new Date(c.timestamp * 1000).toISOString()}`).join(', ');
  return { cosigners: opened.right.cosigners, line: `witnessed by ${opened.right.cosigners.length} of ${witnesses.length} trusted witnesses (quorum ${quorum}): ${names}\n` };
};
