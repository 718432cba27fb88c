import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { Option } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { addCheckpoint, checkForkEvidence, formatCosignerKey, noteVerifierOf, recordEvidence } from '@indicator-ledger/core';
import type { ForkEvidence, NoteVerifier, WitnessRefusal, WitnessState } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';
import type { CommandContext } from '../commandContext.js';
import { readAllText } from '../io.js';
import { wholeNumberOption } from '../optionValues.js';
import { readVerifierKey } from '../signingKey.js';
import { DEFAULT_WITNESS_KEY, DEFAULT_WITNESS_STATE, DEFAULT_WITNESS_VERIFIER_KEY, readWitnessSigner, readWitnessState, withStateLock, writeWitnessState } from './witnessFiles.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** A request body beyond this is no add-checkpoint request: 63 proof lines and a note with a few signatures. */
const MAX_REQUEST_BYTES = 64 * 1024;
const STATUS_TEXT: Readonly<Record<number, string>> = { 200: 'OK', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity' };

const stateOption = () => new Option('--state <file>', "the witness's state: the logs it serves and what it cosigned").default(DEFAULT_WITNESS_STATE);
const witnessKeyFileOption = () => new Option('--key <file>', "the witness's signing key (Ed25519, PKCS#8 PEM)").default(DEFAULT_WITNESS_KEY);

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** One add-checkpoint exchange under the state lock: the answer, with the state persisted before it is given. */
const handle = async (statePath: string, shown: string, keyPath: string, body: string): Promise<E.Either<WitnessRefusal, string>> =>
  withStateLock(statePath, shown, async () => {
    const state = await readWitnessState(statePath, shown);
    const signer = readWitnessSigner(keyPath, keyPath, state);
    const outcome = addCheckpoint(state, signer, body, nowSeconds());
    if (E.isRight(outcome)) {
      await writeWitnessState(statePath, outcome.right.state);
      return E.right(outcome.right.cosignature);
    }
    if (outcome.left.evidence !== undefined) await writeWitnessState(statePath, recordEvidence(state, outcome.left.evidence));
    return E.left(outcome.left);
  });

/** The first line of a refusal as the command prints it, and as the HTTP body says it. */
const refusalLine = (refusal: WitnessRefusal): string =>
  `${refusal.status} ${STATUS_TEXT[refusal.status]}: ${refusal.reason}${refusal.evidence !== undefined ? ' (evidence of the fork kept)' : ''}`;

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === '::1' || host === 'localhost';

const readBody = async (req: IncomingMessage): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const answer = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};

const evidenceLine = (evidence: ForkEvidence, logKeys: readonly NoteVerifier[]): string => {
  const checked = logKeys.map((key) => checkForkEvidence(evidence, key));
  const proven = checked.find(E.isRight);
  if (proven !== undefined && E.isRight(proven)) {
    const { kind, cosigned, conflicting } = proven.right;
    const root = (r: Uint8Array) => Buffer.from(r).toString('base64');
    return `${evidence.origin}: fork proven (${kind}): cosigned ${cosigned.size} records, root ${root(cosigned.root)}; the log also signed ${conflicting.size} records, root ${root(conflicting.root)}\n`;
  }
  const first = checked.find(E.isLeft);
  const why = first !== undefined && E.isLeft(first) ? first.left.map((p) => `${p.path}: ${p.reason}`).join('; ') : 'no log key to check it with';
  return `${evidence.origin}: not a proof of a fork: ${why}\n`;
};

/**
 * `ledger witness init|add-checkpoint|serve|evidence`: a C2SP tlog-witness over a state file. The witness
 * logic is the core's `addCheckpoint`; these commands hold the key, the file and the HTTP endpoint.
 */
export const addWitnessCommands = (program: Command, context: CommandContext): void => {
  const witness = program.command('witness').description('run a witness: cosign checkpoints of logs it trusts only when they extend what it cosigned before (C2SP tlog-witness)');

  witness
    .command('init')
    .description("create the witness's key and its state, trusting one log key for the given origins")
    .requiredOption('--name <name>', "the witness's name on its cosignatures, e.g. witness.example/w1")
    .requiredOption('--log-key <file>', "the log's verifier key (the ledger's ledger-key.pub)")
    .requiredOption('--origin <origin...>', 'the checkpoint origins to witness, e.g. indicator-ledger/130302')
    .addOption(stateOption())
    .addOption(witnessKeyFileOption())
    .addOption(new Option('--verifier-key <file>', "where to write the witness's verifier key to publish").default(DEFAULT_WITNESS_VERIFIER_KEY))
    .action(async (options: { name: string; logKey: string; origin: string[]; state: string; key: string; verifierKey: string }) => {
      for (const path of [options.key, options.state]) if (existsSync(context.path(path))) throw new CommandFailure(`${path} exists; witness init never overwrites a key or a state`);
      const logKey = noteVerifierOf(readVerifierKey(options.logKey, context.path));
      if (E.isLeft(logKey)) throw new CommandFailure(`--log-key ${options.logKey}: ${logKey.left.reason}`);
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      let cosigner: string;
      try {
        cosigner = formatCosignerKey({ keyName: options.name, publicKey });
      } catch {
        throw new CommandFailure(`--name ${JSON.stringify(options.name)} is not a key name (no spaces, no "+")`);
      }
      const state: WitnessState = { cosigner, logs: Object.fromEntries(options.origin.map((o) => [o, { logKeys: [logKey.right], latest: null }])), evidence: [] };
      await writeFile(context.path(options.key), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' });
      await writeWitnessState(context.path(options.state), state);
      await writeFile(context.path(options.verifierKey), `${cosigner}\n`, 'utf8');
      context.out(`witness key: ${options.key} (keep it secret)\nwitness verifier key: ${options.verifierKey} (give it to auditors)\n${cosigner}\nstate: ${options.state}, witnessing ${options.origin.join(', ')}\n`);
    });

  witness
    .command('add-checkpoint')
    .description('answer one add-checkpoint request from a file (a file exchange): print the cosignature, or the refusal and its HTTP status')
    .argument('<request>', 'the request body (old size, proof lines, empty line, signed checkpoint); - reads standard input')
    .addOption(stateOption())
    .addOption(witnessKeyFileOption())
    .option('--out <file>', 'write the cosignature line to this file instead of standard output')
    .action(async (file: string, options: { state: string; key: string; out?: string }) => {
      let body: string;
      try {
        body = file === '-' && context.io.stdin !== undefined ? await readAllText(context.io.stdin) : await readFile(context.path(file), 'utf8');
      } catch {
        throw new CommandFailure(`cannot read request ${file}`);
      }
      const outcome = await handle(context.path(options.state), options.state, context.path(options.key), body);
      if (E.isLeft(outcome)) throw new CommandFailure(refusalLine(outcome.left));
      if (options.out !== undefined) {
        await writeFile(context.path(options.out), outcome.right, 'utf8');
        context.out(`cosigned; the cosignature is in ${options.out}\n`);
      } else context.out(outcome.right);
    });

  witness
    .command('serve')
    .description('serve POST /add-checkpoint (C2SP tlog-witness) on a loopback address until interrupted')
    .addOption(stateOption())
    .addOption(witnessKeyFileOption())
    .addOption(new Option('--port <port>', 'TCP port (0: any free port)').argParser(wholeNumberOption(0)).default(8081))
    .option('--host <host>', 'loopback address to listen on (127.0.0.1, ::1 or localhost)', '127.0.0.1')
    .action(async (options: { state: string; key: string; port: number; host: string }, command: Command) => {
      if (!isLoopback(options.host)) command.error(`error: --host ${options.host} is not a loopback address; put a reverse proxy in front of the witness to expose it`, { exitCode: 2, code: 'ledger.usage' });
      if (options.port > 65_535) command.error(`error: option '--port <port>' argument '${options.port}' is invalid. should be a whole number ≤ 65535`, { exitCode: 2, code: 'ledger.usage' });
      const statePath = context.path(options.state);
      const keyPath = context.path(options.key);
      // Fail at start, not at the first request, when the key or state is wrong.
      readWitnessSigner(keyPath, options.key, await readWitnessState(statePath, options.state));
      // One request at a time in this process; the state lock orders it with other processes.
      let queue: Promise<unknown> = Promise.resolve();
      const server = createServer((req, res) => {
        if (req.url !== '/add-checkpoint') return answer(res, 404, 'not found: POST /add-checkpoint\n');
        if (req.method !== 'POST') return answer(res, 405, 'add-checkpoint takes POST\n');
        const turn = queue.then(async () => {
          const body = await readBody(req);
          if (body === undefined) return answer(res, 400, `request body over ${MAX_REQUEST_BYTES} bytes\n`);
          const outcome = await handle(statePath, options.state, keyPath, body);
          if (E.isRight(outcome)) return answer(res, 200, outcome.right);
          if (outcome.left.status === 409 && outcome.left.size !== undefined) return answer(res, 409, `${outcome.left.size}\n`, 'text/x.tlog.size');
          return answer(res, outcome.left.status, `${refusalLine(outcome.left)}\n`);
        });
        queue = turn.catch((err: unknown) => answer(res, 500, `${(err as Error).message}\n`));
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(options.port, options.host, resolve);
        });
      } catch (err) {
        throw new CommandFailure(`cannot listen on ${options.host}:${options.port}: ${(err as Error).message}`);
      }
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      context.out(`witness serving http://${host}:${port}/add-checkpoint (Ctrl-C stops)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          for (const signal of STOP_SIGNALS) process.off(signal, stop);
          resolve();
        };
        for (const signal of STOP_SIGNALS) process.on(signal, stop);
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
    });

  witness
    .command('evidence')
    .description('list the evidence of forks the witness kept, or check an evidence file offline against a log key')
    .argument('[file]', 'an evidence file (JSON: one evidence object or a list) to check instead of the state')
    .addOption(stateOption())
    .option('--log-key <file>', "the log's verifier key to check with (default: the keys in the state)")
    .addOption(new Option('--format <format>', 'output format (json: the evidence itself, to hand on)').choices(['table', 'json']).default('table'))
    .action(async (file: string | undefined, options: { state: string; logKey?: string; format: 'table' | 'json' }) => {
      let evidence: readonly ForkEvidence[];
      let logKeys: NoteVerifier[] = [];
      if (file !== undefined) {
        let u: unknown;
        try {
          u = JSON.parse(await readFile(context.path(file), 'utf8'));
        } catch {
          throw new CommandFailure(`${file} is not a JSON evidence file`);
        }
        evidence = (Array.isArray(u) ? u : [u]) as ForkEvidence[];
      } else {
        const state = await readWitnessState(context.path(options.state), options.state);
        evidence = state.evidence;
        logKeys = Object.values(state.logs).flatMap((log) => [...log.logKeys]);
      }
      if (options.logKey !== undefined) {
        const key = noteVerifierOf(readVerifierKey(options.logKey, context.path));
        if (E.isLeft(key)) throw new CommandFailure(`--log-key ${options.logKey}: ${key.left.reason}`);
        logKeys = [key.right];
      }
      if (options.format === 'json') {
        context.out(`${JSON.stringify(evidence, null, 2)}\n`);
        return;
      }
      if (evidence.length === 0) context.out('no evidence of a fork\n');
      const lines = evidence.map((e) => evidenceLine(e, logKeys));
      for (const line of lines) context.out(line);
      const unproven = lines.filter((l) => l.includes(': not a proof of a fork')).length;
      if (unproven > 0) throw new CommandFailure(`${unproven} of ${evidence.length} evidence entries prove no fork`);
    });
};
