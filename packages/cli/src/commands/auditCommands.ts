import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import {
  checkpoint,
  checkpointOfNote,
  consistencyEvidenceFromJson,
  consistencyEvidenceToJson,
  defaultPolicy,
  history,
  inclusionEvidenceFromJson,
  inclusionEvidenceToJson,
  proveConsistency,
  proveInclusion,
  REDACTION_MARKER,
  recordToJson,
  redact,
  redactionProof,
  signedCheckpoints,
  UNIT_IDS,
  unitAccount,
  verify,
  verifyConsistencyAgainstCheckpoints,
  verifyInclusionAgainstCheckpoint,
} from '@indicator-ledger/core';
import type { AdmissionFailure, Checkpoint, ChainFailure, DistrictCode, EventStore, LedgerFailure, LedgerVerification, StoredRecord, Unit, VerifiedLedger, VerifyOptions } from '@indicator-ledger/core';
import { admissionOnSecondThread } from '@indicator-ledger/store-sqlite';
import { exportBundle, verifyBundle } from '@indicator-ledger/core/bundle';
import { attachVerifyPage } from '@indicator-ledger/verify/node';
import * as E from 'fp-ts/lib/Either.js';
import { bundleReportText, historyCsv, historyTable, unitAccountTable } from '../auditView.js';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { readAllText } from '../io.js';
import { describeStoreLocation } from '../storeLocation.js';
import type { StoreLocation } from '../storeLocation.js';
import { withFileLock } from './fileLock.js';
import { districtOption, wholeNumberOption, yearOption } from '../optionValues.js';
import { DEFAULT_KEY_FILE, DEFAULT_LEDGER_NAME, DEFAULT_VERIFIER_KEY_FILE, newSigningKey, readSigningKey, readVerifierKey, verifierKeyOf } from '../signingKey.js';
import { bomOption, csvPrefixOf, districtRequired, formatOption, langOption } from './queryOptions.js';
import type { Format } from './queryOptions.js';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../planYears.js';
import { witnessOptions, witnessedNote, verifyWitnessQuorum, type WitnessOptions } from './witnessOptions.js';

/** The JSON a `prove` writes and `verify-proof` reads: the proof with everything needed to check it offline. */
type ProofFile =
  | {
      readonly kind: 'inclusion';
      readonly district: string;
      readonly checkpoint: string;
      readonly record: Record<string, unknown>;
      readonly proof: ReturnType<typeof inclusionEvidenceToJson>;
      /** For a redacted record only: its redaction, signed by the ledger's key (docs/spec.md §8.3). */
      readonly redactionLog?: string;
    }
  | {
      readonly kind: 'consistency';
      readonly district: string;
      readonly oldCheckpoint: string;
      readonly checkpoint: string;
      readonly proof: ReturnType<typeof consistencyEvidenceToJson>;
    };

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Signing reads the history of signed notes and saves it with one note more, and the store port has no
 * compare-and-set for that save: two signers at once would each save their own history and lose the
 * other's note. Signers of one SQLite file therefore take turns on a lock file beside it (docs/audit.md §1).
 */
const oneSignerAtATime = <T>(location: StoreLocation, work: () => Promise<T>): Promise<T> =>
  location.kind === 'sqlite' ? withFileLock(`${location.path}.checkpoint-lock`, `${basename(location.path)}.checkpoint-lock`, work) : work();

const keyOption = () => new Option('--key <file>', 'the ledger signing key (Ed25519, PKCS#8 PEM)').default(DEFAULT_KEY_FILE);
const ledgerNameOption = () =>
  new Option('--ledger-name <name>', 'names the ledger in checkpoint origins (<name>/<district>) and its key').default(DEFAULT_LEDGER_NAME);
const verifierKeyOption = () => new Option('--verifier-key <file>', "the ledger's published verifier key (file, or the key line)").default(DEFAULT_VERIFIER_KEY_FILE);

/** `--field` may be repeated: each one adds a field. */
const collectField = (field: string, fields: string[]): string[] => [...fields, field];

const readText = async (context: CommandContext, path: string, what: string): Promise<string> => {
  try {
    return await readFile(context.path(path), 'utf8');
  } catch {
    throw new CommandFailure(`cannot read ${what} ${path}`);
  }
};

/** The latest checkpoint the ledger signed for the district, or the one in `file`. */
const checkpointNote = async (context: CommandContext, store: EventStore, district: DistrictCode, file: string | undefined): Promise<string> => {
  if (file !== undefined) return readText(context, file, 'checkpoint');
  const notes = await signedCheckpoints(store, district);
  const latest = notes[notes.length - 1];
  if (latest === undefined) throw new CommandFailure(`the ledger has signed no checkpoint of ${district}; run \`ledger checkpoint --district ${district}\` first`);
  return latest;
};

const sizeOfNote = (note: string, what: string): number => {
  try {
    return checkpointOfNote(note).size;
  } catch (err) {
    throw new CommandFailure(`${what} is not a checkpoint note: ${(err as Error).message}`);
  }
};

const recordAt = async (store: EventStore, district: DistrictCode, position: number): Promise<StoredRecord> => {
  for await (const r of store.read(district, { from: position, to: position })) return r;
  throw new CommandFailure(`district ${district} has no record at position ${position}`);
};

// The data fields a proven redacted record shows as the marker: what the signed redaction replaced.
const redactedFields = (record: Record<string, unknown>): string =>
  Object.entries(record.data as Record<string, unknown>)
    .filter(([, value]) => value === REDACTION_MARKER)
    .map(([field]) => `data.${field}`)
    .join(', ');

// The root as the checkpoint note writes it, for comparing by eye.
const rootBase64 = (root: Uint8Array): string => Buffer.from(root).toString('base64');

/** A verification as JSON: hashes as lowercase hex (docs/spec.md §8.3), never a byte-indexed object. */
const verificationJson = (result: LedgerVerification): Record<string, unknown> =>
  E.match(
    // `ok` first, then the failure's fields: the JSON shape of `verify` that scripts read.
    (failure: StreamProblem): Record<string, unknown> => ({ ok: false, ...failure }),
    (verified: VerifiedLedger): Record<string, unknown> => ({ ok: true, size: verified.size, head: verified.head, root: Buffer.from(verified.root).toString('hex') }),
  )(result);

/**
 * `verify` of one district as the CLI runs it: for a ledger file, the admission check (docs/spec.md §8.3) on a
 * second thread reading the same file, the chain on this one; same verdict, sooner on two cores.
 */
const verifyAt = (store: EventStore, location: StoreLocation, district: DistrictCode, options: VerifyOptions = {}): Promise<LedgerVerification> =>
  verify(store, district, location.kind === 'sqlite' ? { ...options, admission: admissionOnSecondThread(location.path) } : options);

/** The first problem of a district's stream, as `verify` reports it. */
type StreamProblem = LedgerFailure | ChainFailure | AdmissionFailure;

/** The one line naming a district's first problem. */
const verificationFailureLine = (district: DistrictCode, failure: StreamProblem): string =>
  `${district}: position ${failure.position}: ${failure.problem}: ${failure.reason}`;

/**
 * `verify` with no `--district`: every district in the store, one line each (verified ones on standard
 * output, failures on standard error), then a summary; exit 1 when any fails. An auditor's first command.
 */
const verifyEveryDistrict = async (context: CommandContext, command: Command, format: 'table' | 'json'): Promise<void> => {
  const results = await context.withStore(command, async (store, location) => {
    const districts = await store.streams();
    if (districts.length === 0) throw new CommandFailure(`no records in ${describeStoreLocation(location)}`);
    const each: { readonly district: DistrictCode; readonly result: LedgerVerification }[] = [];
    for (const district of [...districts].sort()) each.push({ district, result: await verifyAt(store, location, district) });
    return each;
  });
  const failed = results.filter(({ result }) => E.isLeft(result)).length;
  if (format === 'json') {
    context.out(json({ ok: failed === 0, districts: results.map(({ district, result }) => ({ district, ...verificationJson(result) })) }));
  } else {
    const palette = context.palette(context.io.stdout);
    for (const { district, result } of results) {
      if (E.isRight(result)) context.out(`${palette.green(`${district}: verified`)} ${result.right.size} records, root ${rootBase64(result.right.root)}\n`);
      else context.err(`ledger: ${verificationFailureLine(district, result.left)}\n`);
    }
    context.out(`${results.length} district${results.length === 1 ? '' : 's'}: ${results.length - failed} verified, ${failed} failed\n`);
  }
  if (failed > 0) throw new CommandFailure(`${failed} of ${results.length} district${results.length === 1 ? '' : 's'} failed verification`);
};

/**
 * The audit commands over the library's functions: `keygen`, `verify`, `checkpoint`, `prove`,
 * `verify-proof`, `redact`, `history`, `export-bundle`, `verify-bundle`. The CLI adds only key files and formats.
 */
export const addAuditCommands = (program: Command, context: CommandContext): void => {
  program
    .command('keygen')
    .description('create the Ed25519 key the ledger signs checkpoints with, and its verifier key to publish')
    .addOption(keyOption())
    .addOption(verifierKeyOption())
    .addOption(ledgerNameOption())
    .action(async (options: { key: string; verifierKey: string; ledgerName: string }) => {
      const keyPath = context.path(options.key);
      if (existsSync(keyPath)) throw new CommandFailure(`${options.key} exists; keygen never overwrites a key`);
      const { privateKeyPem, verifierKey } = newSigningKey(options.ledgerName);
      await writeFile(keyPath, privateKeyPem, { mode: 0o600, flag: 'wx' });
      await writeFile(context.path(options.verifierKey), `${verifierKey}\n`, 'utf8');
      context.out(`signing key: ${options.key} (keep it secret)\nverifier key: ${options.verifierKey} (publish it)\n${verifierKey}\n`);
    });

  program
    .command('verify')
    .description(
      "walk a district's hash chain and re-check each record against the rules and the policy, reporting the first bad position (every district when --district is not given); with --against, check it still holds what a signed checkpoint covered",
    )
    .addOption(new Option('--district <code>', 'district code (GB/T 2260), e.g. 130302 (default: every district in the store)').argParser(districtOption))
    .option('--against <note>', 'a signed checkpoint saved earlier (with --district)')
    .addOption(verifierKeyOption())
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { district?: DistrictCode; against?: string; verifierKey: string; format: 'table' | 'json' }, command: Command) => {
      if (options.district === undefined) {
        if (options.against !== undefined) command.error('error: --against checks one district; give --district <code>', { exitCode: 2, code: 'ledger.usage' });
        await verifyEveryDistrict(context, command, options.format);
        return;
      }
      const district = options.district;
      const against =
        options.against !== undefined ? { note: await readText(context, options.against, 'checkpoint'), verifierKey: readVerifierKey(options.verifierKey, context.path) } : undefined;
      const result = await context.withStore(command, (store, location) => verifyAt(store, location, district, against !== undefined ? { against } : {}));
      if (options.format === 'json') {
        context.out(json(verificationJson(result)));
      } else if (E.isRight(result)) {
        const palette = context.palette(context.io.stdout);
        context.out(`${palette.green(`${district}: verified`)} ${result.right.size} records${against !== undefined ? ', consistent with the checkpoint' : ''}\nhead ${result.right.head}\nroot ${rootBase64(result.right.root)}\n`);
      }
      if (E.isLeft(result)) throw new CommandFailure(verificationFailureLine(district, result.left));
    });

  const checkpointCommand = program
    .command('checkpoint')
    .description("sign a checkpoint of a district's stream (refused if history was rewritten since the last one) and print the signed note")
    .addOption(districtRequired())
    .addOption(keyOption())
    .addOption(ledgerNameOption())
    .option('--out <file>', 'write the note to this file instead of standard output');
  witnessOptions(checkpointCommand)
    .action(async (options: { district: DistrictCode; key: string; ledgerName: string; out?: string } & WitnessOptions, command: Command) => {
      const signer = readSigningKey(context.path(options.key), options.ledgerName);
      const outcome = await context.withStore(command, async (store, location) => {
        // A checkpoint of nothing commits to nothing: most likely a mistyped district or store.
        if ((await store.head(options.district)).position === 0) throw new CommandFailure(`no records for district ${options.district} in ${describeStoreLocation(location)}`);
        const signed = await oneSignerAtATime(location, () => checkpoint(store, options.district, signer, { ledgerName: options.ledgerName }));
        return E.isRight(signed) ? E.right({ ...signed.right, note: await witnessedNote(context, options, { store, district: options.district, ...signed.right }) }) : signed;
      }, { access: 'write' });
      if (E.isLeft(outcome)) throw new CommandFailure(`${options.district}: refused to sign (${outcome.left.kind}): ${outcome.left.reason}`);
      const signed = outcome.right;
      if (options.out !== undefined) {
        await writeFile(context.path(options.out), signed.note, 'utf8');
        context.out(`${signed.checkpoint.origin}: ${signed.checkpoint.size} records; signed note in ${options.out}\n`);
      } else context.out(signed.note);
    });

  program
    .command('prove')
    .description('a proof to check offline: that the record at --position is in a signed checkpoint, or (--old-checkpoint) that a checkpoint extends an earlier one')
    .addOption(districtRequired())
    .addOption(new Option('--position <n>', 'the record to prove included').argParser(wholeNumberOption(1)).conflicts('oldCheckpoint'))
    .option('--old-checkpoint <note>', 'prove the checkpoint extends this earlier one')
    .option('--checkpoint <note>', 'the signed checkpoint to prove against (default: the latest the ledger signed)')
    .option('--out <file>', 'write the proof to this file instead of standard output')
    .addOption(new Option('--key <file>', 'the ledger signing key; read only to sign the redaction of a redacted record').default(DEFAULT_KEY_FILE))
    .addOption(ledgerNameOption())
    .action(async (options: { district: DistrictCode; position?: number; oldCheckpoint?: string; checkpoint?: string; out?: string; key: string; ledgerName: string }, command: Command) => {
      if (options.position === undefined && options.oldCheckpoint === undefined) {
        command.error('error: give --position <n> (inclusion) or --old-checkpoint <note> (consistency)', { exitCode: 2, code: 'ledger.usage' });
      }
      const proof = await context.withStore(command, async (store): Promise<ProofFile> => {
        const note = await checkpointNote(context, store, options.district, options.checkpoint);
        const size = sizeOfNote(note, 'the checkpoint');
        if (options.position !== undefined) {
          if (options.position > size) throw new CommandFailure(`position ${options.position} is not in the checkpoint of ${size} records`);
          const evidence = await proveInclusion(store, options.district, options.position, size);
          const record = await recordAt(store, options.district, options.position);
          const inclusion = { kind: 'inclusion', district: options.district, checkpoint: note, record: recordToJson(record), proof: inclusionEvidenceToJson(evidence) } as const;
          if (record.redacted !== true) return inclusion;
          // The chain no longer vouches for a redacted record's data: the proof carries the redaction, signed.
          const signer = readSigningKey(context.path(options.key), options.ledgerName);
          const redactionLog = await redactionProof(store, options.district, record.position, checkpointOfNote(note).origin, signer);
          if (redactionLog === undefined) throw new CommandFailure(`position ${record.position} is marked redacted, but the store logs no redaction of it`);
          return { ...inclusion, redactionLog };
        }
        const oldNote = await readText(context, options.oldCheckpoint!, 'checkpoint');
        const size1 = sizeOfNote(oldNote, options.oldCheckpoint!);
        if (size1 > size) throw new CommandFailure(`the old checkpoint has ${size1} records, more than the ${size} of the new one`);
        const evidence = await proveConsistency(store, options.district, size1, size);
        return { kind: 'consistency', district: options.district, oldCheckpoint: oldNote, checkpoint: note, proof: consistencyEvidenceToJson(evidence) };
      });
      if (options.out !== undefined) {
        await writeFile(context.path(options.out), json(proof), 'utf8');
        context.out(`${proof.kind} proof in ${options.out}\n`);
      } else context.out(json(proof));
    });

  program
    .command('verify-proof')
    .description('check a proof written by `prove`, offline: only the proof file and the verifier key are read')
    .argument('<proof>', 'the proof file (JSON); - reads standard input')
    .addOption(verifierKeyOption())
    .action(async (file: string, options: { verifierKey: string }) => {
      const text = file === '-' && context.io.stdin !== undefined ? await readAllText(context.io.stdin) : await readText(context, file, 'proof');
      let proof: ProofFile;
      try {
        proof = JSON.parse(text) as ProofFile;
      } catch {
        throw new CommandFailure(`${file} is not JSON`);
      }
      const key = readVerifierKey(options.verifierKey, context.path);
      const palette = context.palette(context.io.stdout);
      if (proof?.kind === 'inclusion') {
        const read = inclusionEvidenceFromJson(proof.proof);
        if (E.isLeft(read)) throw new CommandFailure(`${file}: ${read.left.reason}`);
        const evidence = read.right;
        const redactionLog = typeof proof.redactionLog === 'string' ? { redactionLog: proof.redactionLog } : {};
        const result = verifyInclusionAgainstCheckpoint(proof.checkpoint, key, proof.record as unknown as StoredRecord, evidence, redactionLog);
        if (E.isLeft(result)) throw new CommandFailure(`${file}: not proven: ${result.left.reason}`);
        const checkpointProven = result.right;
        const redacted = proof.record.redacted === true ? `; redacted: ${redactedFields(proof.record)} (signed redaction log)` : '';
        context.out(`${palette.green('proven')}: the record at position ${evidence.index + 1} (${String(proof.record.type)} ${String(proof.record.eventId)}) is in ${checkpointProven.origin} of ${checkpointProven.size} records${redacted}\n`);
      } else if (proof?.kind === 'consistency') {
        const read = consistencyEvidenceFromJson(proof.proof);
        if (E.isLeft(read)) throw new CommandFailure(`${file}: ${read.left.reason}`);
        const result = verifyConsistencyAgainstCheckpoints(proof.oldCheckpoint, proof.checkpoint, key, read.right);
        if (E.isLeft(result)) throw new CommandFailure(`${file}: not proven: ${result.left.reason}`);
        context.out(`${palette.green('proven')}: ${result.right.new.origin} of ${result.right.new.size} records extends the checkpoint of ${result.right.old.size} records\n`);
      } else throw new CommandFailure(`${file} is not a proof written by \`ledger prove\` (kind inclusion or consistency)`);
    });

  program
    .command('redact')
    .description("replace a person's name in one record by [redacted], keeping every hash, and log who did it and why")
    .addOption(districtRequired())
    .addOption(new Option('--position <n>', 'the record to redact').argParser(wholeNumberOption(1)).makeOptionMandatory())
    .addOption(new Option('--reason <text>', 'why, in words an auditor reads').makeOptionMandatory())
    .addOption(new Option('--unit <unit>', 'the unit redacting: the one that recorded the event, or development-reform').choices(UNIT_IDS).makeOptionMandatory())
    .addOption(new Option('--user <name>', 'who, within the unit').makeOptionMandatory())
    .option('--field <name>', 'a data field to redact (repeat for several; default: the name of a CommissionerDispatched)', collectField, [])
    .action(async (options: { district: DistrictCode; position: number; reason: string; unit: Unit; user: string; field: string[] }, command: Command) => {
      const outcome = await context.withStore(command, (store) =>
        redact(store, options.district, {
          position: options.position,
          reason: options.reason,
          actor: { unit: options.unit, user: options.user },
          ...(options.field.length > 0 ? { fields: options.field } : {}),
        }),
        { access: 'write' },
      );
      if (E.isLeft(outcome)) throw new CommandFailure(`${options.district}: position ${options.position}: refused (${outcome.left.kind}): ${outcome.left.reason}`);
      const { entry } = outcome.right;
      context.out(`${options.district}: position ${options.position} redacted (${entry.fields.join(', ')}); logged for ${entry.actor.unit}/${entry.actor.user}\n`);
    });

  program
    .command('history')
    .description('every event about one enterprise, platform, patent, allocation, project or commissioner; or (--by-unit) who recorded what')
    .argument('[subject]', 'credit code, platform id, patent number, allocation, project or commissioner id')
    .addOption(districtRequired())
    .option('--by-unit', 'the account of each unit: events by type and by user')
    .addOption(formatOption())
    .addOption(bomOption())
    .addOption(langOption())
    .action(async (subject: string | undefined, options: { district: DistrictCode; byUnit?: boolean; format: Format; lang?: string; bom?: boolean }, command: Command) => {
      if ((subject === undefined) === (options.byUnit !== true)) command.error('error: give a subject id, or --by-unit', { exitCode: 2, code: 'ledger.usage' });
      const bom = csvPrefixOf(command, options);
      const palette = context.palette(context.io.stdout);
      if (options.byUnit === true) {
        const account = await context.withStore(command, (store) => unitAccount(store, options.district), { district: options.district });
        if (options.format === 'json') context.out(json(account));
        else if (options.format === 'csv') command.error('error: --by-unit prints table or json', { exitCode: 2, code: 'ledger.usage' });
        else context.out(unitAccountTable(options.district, account, context.langOf(options), palette));
        return;
      }
      const entries = await context.withStore(command, (store) => history(store, options.district, subject!), { district: options.district });
      if (options.format === 'json') context.out(json(entries));
      else if (options.format === 'csv') context.out(bom + historyCsv(entries));
      else context.out(historyTable(options.district, subject!, entries, palette));
    });

  const exportCommand = program
    .command('export-bundle')
    .description('sign a checkpoint and write an audit bundle (records, checkpoint, proofs, verifier key, manifest) into an empty folder')
    .addOption(districtRequired())
    .requiredOption('--out <dir>', 'the folder to write (created; must be empty)')
    .addOption(keyOption())
    .addOption(ledgerNameOption());
  witnessOptions(exportCommand)
    .action(async (options: { district: DistrictCode; out: string; key: string; ledgerName: string } & WitnessOptions, command: Command) => {
      const signer = readSigningKey(context.path(options.key), options.ledgerName);
      const outcome = await context.withStore(command, async (store, location) => {
        const cosign = (signed: { note: string; checkpoint: Checkpoint; previous: Checkpoint | null }) => witnessedNote(context, options, { store, district: options.district, ...signed });
        try {
          return await oneSignerAtATime(location, () => exportBundle(store, options.district, { signer, ledgerName: options.ledgerName, dir: context.path(options.out), cosign }));
        } catch (err) {
          if (err instanceof CommandFailure) throw err;
          throw new CommandFailure((err as Error).message);
        }
      }, { access: 'write' });
      if (E.isLeft(outcome)) throw new CommandFailure(`${options.district}: refused to sign (${outcome.left.kind}): ${outcome.left.reason}`);
      const { manifest } = outcome.right;
      // The offline page travels with every bundle, listed in its manifest (docs/audit.md, "Verifying in a browser").
      const attached = await attachVerifyPage(context.path(options.out));
      if (E.isLeft(attached)) throw new CommandFailure(`${options.out}: ${attached.left}`);
      context.out(`${manifest.origin}: ${manifest.size} records bundled in ${options.out} (${Object.keys(manifest.files).length + 2} files)\nverifier key: ${verifierKeyOf(signer)}\n`);
    });

  program
    .command('verify-bundle')
    .description('check an audit bundle offline against the verifier key you trust, replay it, and print the progress it rebuilds')
    .argument('<dir>', 'the bundle folder')
    .addOption(verifierKeyOption())
    .option('--saved-checkpoint <note...>', 'checkpoints you kept earlier: the bundle must extend each')
    .option('--from <year>', 'first year of the replayed progress table', yearOption, PLAN_FIRST_YEAR)
    .option('--to <year>', 'last year of the replayed progress table', yearOption, PLAN_LAST_YEAR)
    .addOption(new Option('--format <format>', 'output format (json: the whole report, every year)').choices(['table', 'json']).default('table'))
    .addOption(langOption())
    .option('--witness-key <file...>', 'a witness key you trust (file or key line); with --quorum, the bundle needs that many of them to have cosigned')
    .addOption(new Option('--quorum <n>', 'how many of the --witness-key witnesses must have cosigned (default: 1 when --witness-key is given)').argParser(wholeNumberOption(1)))
    .addOption(new Option('--max-cosignature-age <seconds>', 'refuse cosignatures older than this: a stale view of the log').argParser(wholeNumberOption(1)))
    .action(async (dir: string, options: { verifierKey: string; savedCheckpoint?: string[]; from: number; to: number; format: 'table' | 'json'; lang?: string; witnessKey?: string[]; quorum?: number; maxCosignatureAge?: number }) => {
      const verifierKey = readVerifierKey(options.verifierKey, context.path);
      const savedCheckpoints: string[] = [];
      for (const f of options.savedCheckpoint ?? []) savedCheckpoints.push(await readText(context, f, 'checkpoint'));
      // The command line's ledger appends under docs/spec.md §5's default policy, so its bundles are checked against it.
      const result = await verifyBundle(context.path(dir), { verifierKey, savedCheckpoints, policy: defaultPolicy });
      if (E.isLeft(result)) {
        const failure = result.left;
        const where = failure.position !== undefined ? `position ${failure.position}: ` : failure.file !== undefined ? `${failure.file}: ` : '';
        // The JSON shape auditors' scripts read since before results were Eithers: `ok` first, then the failure.
        if (options.format === 'json') context.out(json({ ok: false, ...failure }));
        throw new CommandFailure(`${dir}: ${where}${failure.problem}: ${failure.reason}`);
      }
      const { report, store } = result.right;
      await store.close();
      const witnessed = await verifyWitnessQuorum(context, dir, verifierKey, options);
      if (options.format === 'json') context.out(json(witnessed === undefined ? report : { ...report, cosigners: witnessed.cosigners }));
      else {
        const years = report.progress.filter((row) => row.year >= options.from && row.year <= options.to);
        context.out(bundleReportText({ ...report, progress: years }, context.langOf(options), context.palette(context.io.stdout)));
        if (witnessed !== undefined) context.out(witnessed.line);
      }
    });
};
