/**
 * The witness role (C2SP tlog-witness `add-checkpoint`), as a pure function of the witness's state: for
 * each log origin it trusts, the log's verifier keys and the last checkpoint it cosigned. Given a request
 * it checks, in the order the text gives, the request's form (400), the origin (404), the log's signature
 * (403), the old size against the new (400) and against its own (409, with its size), equal roots at equal
 * sizes (409) and the consistency proof (422); then it cosigns and returns the new state. The caller must
 * persist that state before answering, and check-and-persist atomically (tlog-witness: the rollback race).
 *
 * A refusal that proves a fork carries {@link ForkEvidence}, which the caller keeps.
 */
import * as E from 'fp-ts/lib/Either.js';
import { bytesEqual } from '../tlog/bytes.js';
import { openSignedCheckpoint, parseCheckpoint, type Checkpoint } from '../tlog/checkpoint.js';
import { verifyConsistency } from '../tlog/consistencyProof.js';
import { formatVerifierKey, parseVerifierKey, type NoteVerifier } from '../tlog/signedNote.js';
import { parseAddCheckpointRequest } from './addCheckpoint.js';
import { cosignCheckpoint, parseCosignerKey, type CosignerSigner } from './cosignature.js';
import { forkEvidenceOf, type ForkEvidence } from './forkEvidence.js';
import { splitNote } from './witnessedCheckpoint.js';

/** One log a witness serves: the keys it trusts for the origin, and the last checkpoint note it cosigned. */
export interface WitnessedLog {
  readonly logKeys: readonly NoteVerifier[];
  /** The log-signed note of the latest checkpoint cosigned, or null before the first. */
  readonly latest: string | null;
}

/** Everything a witness remembers: its logs by origin, and the evidence of forks it has refused. */
export interface WitnessState {
  /** The witness's own verifier key line (`formatCosignerKey`), so a state file names the key it goes with. */
  readonly cosigner?: string;
  readonly logs: Readonly<Record<string, WitnessedLog>>;
  readonly evidence: readonly ForkEvidence[];
}

/** HTTP statuses of tlog-witness refusals. */
export type WitnessStatus = 400 | 403 | 404 | 409 | 422;

/** Why a witness refused to cosign, with the HTTP status tlog-witness prescribes. */
export interface WitnessRefusal {
  readonly status: WitnessStatus;
  readonly reason: string;
  /** With 409: the size of the latest checkpoint the witness cosigned, the response body. */
  readonly size?: number;
  /** When the refusal proves the log forked. */
  readonly evidence?: ForkEvidence;
}

/** A cosigned checkpoint: the response body (one cosignature line) and the state to persist first. */
export interface WitnessAcceptance {
  readonly cosignature: string;
  readonly checkpoint: Checkpoint;
  readonly state: WitnessState;
}

const refuse = (status: WitnessStatus, reason: string, extra: { size?: number; evidence?: ForkEvidence } = {}): E.Either<WitnessRefusal, never> => E.left({ status, reason, ...extra });

const checkpointOf = (note: string): Checkpoint | undefined => {
  const parts = splitNote(note);
  const parsed = parts === undefined ? undefined : parseCheckpoint(parts.body);
  return parsed !== undefined && E.isRight(parsed) ? parsed.right : undefined;
};

/**
 * Handles one add-checkpoint request body against `state`, cosigning with `signer` at `now` (POSIX
 * seconds). Pure: the new state is returned, never stored.
 */
export const addCheckpoint = (state: WitnessState, signer: CosignerSigner, body: string, now: number): E.Either<WitnessRefusal, WitnessAcceptance> => {
  const request = parseAddCheckpointRequest(body);
  if (E.isLeft(request)) return refuse(400, `request line ${request.left.line}: ${request.left.reason}`);
  const { oldSize, proof, note } = request.right;
  const claimed = checkpointOf(note);
  if (claimed === undefined) return refuse(400, 'the request does not end in a checkpoint note');
  const log = state.logs[claimed.origin];
  if (log === undefined) return refuse(404, `this witness serves no log ${claimed.origin}`);
  const verified = log.logKeys.map((key) => openSignedCheckpoint(note, key)).find(E.isRight);
  if (verified === undefined || E.isLeft(verified)) return refuse(403, `no signature on the checkpoint verifies with a key this witness trusts for ${claimed.origin}`);
  const current = verified.right;
  if (oldSize > current.size) return refuse(400, `old size ${oldSize} is larger than the checkpoint's size ${current.size}`);
  const latestCheckpoint = log.latest === null ? undefined : checkpointOf(log.latest);
  const latestSize = latestCheckpoint?.size ?? 0;
  if (oldSize !== latestSize) return refuse(409, `the latest checkpoint cosigned for ${claimed.origin} has size ${latestSize}, not ${oldSize}`, { size: latestSize });
  if (latestCheckpoint !== undefined && log.latest !== null) {
    const previous = { note: log.latest, checkpoint: latestCheckpoint };
    if (latestCheckpoint.size === current.size) {
      if (!bytesEqual(latestCheckpoint.root, current.root)) {
        const evidence = forkEvidenceOf(previous, { note, checkpoint: current }, []);
        return refuse(409, `a checkpoint of size ${current.size} with another root was cosigned before: the log forked`, { size: latestSize, ...(evidence !== undefined ? { evidence } : {}) });
      }
    } else {
      const consistent = verifyConsistency({ size1: latestCheckpoint.size, size2: current.size, root1: latestCheckpoint.root, root2: current.root, proof });
      if (E.isLeft(consistent)) {
        const evidence = forkEvidenceOf(previous, { note, checkpoint: current }, proof);
        const why = evidence !== undefined ? 'the log forked: its own proof rebuilds another tree of the first records' : consistent.left.reason;
        return refuse(422, `the consistency proof from ${latestCheckpoint.size} to ${current.size} does not verify: ${why}`, evidence !== undefined ? { evidence } : {});
      }
    }
  }
  const parts = splitNote(note)!;
  const cosignature = cosignCheckpoint(parts.body, signer, now);
  return E.right({ cosignature, checkpoint: current, state: { ...state, logs: { ...state.logs, [current.origin]: { ...log, latest: note } } } });
};

/** The state with `evidence` kept, once. */
export const recordEvidence = (state: WitnessState, evidence: ForkEvidence): WitnessState =>
  state.evidence.some((e) => e.cosigned === evidence.cosigned && e.conflicting === evidence.conflicting) ? state : { ...state, evidence: [...state.evidence, evidence] };

/** Names the state file format, so a later one can be told apart. */
export const WITNESS_STATE_FORMAT = 'indicator-ledger-witness-state/1';

/** The state as JSON text (two-space indent, final newline), keys as verifier-key lines. */
export const formatWitnessState = (state: WitnessState): string => {
  const logs = Object.fromEntries(
    Object.entries(state.logs)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([origin, log]) => [origin, { logKeys: log.logKeys.map(formatVerifierKey), latest: log.latest }]),
  );
  const cosigner = state.cosigner !== undefined ? { cosigner: state.cosigner } : {};
  return `${JSON.stringify({ format: WITNESS_STATE_FORMAT, ...cosigner, logs, evidence: state.evidence }, null, 2)}\n`;
};

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** Reads a state file written by {@link formatWitnessState}; Left with every problem, by field path. */
export const parseWitnessState = (text: string): E.Either<readonly { path: string; reason: string }[], WitnessState> => {
  let u: unknown;
  try {
    u = JSON.parse(text);
  } catch {
    return E.left([{ path: '', reason: 'is not JSON' }]);
  }
  if (!isObject(u) || u.format !== WITNESS_STATE_FORMAT) return E.left([{ path: 'format', reason: `should be ${WITNESS_STATE_FORMAT}` }]);
  if (!isObject(u.logs)) return E.left([{ path: 'logs', reason: 'should be an object by origin' }]);
  const problems: { path: string; reason: string }[] = [];
  const logs: Record<string, WitnessedLog> = {};
  for (const [origin, entry] of Object.entries(u.logs)) {
    if (!isObject(entry) || !Array.isArray(entry.logKeys) || !(entry.latest === null || typeof entry.latest === 'string')) {
      problems.push({ path: `logs.${origin}`, reason: 'should be {logKeys: [...], latest: note or null}' });
      continue;
    }
    const keys: NoteVerifier[] = [];
    for (const [i, k] of entry.logKeys.entries()) {
      const parsed = typeof k === 'string' ? parseVerifierKey(k) : undefined;
      if (parsed !== undefined && E.isRight(parsed)) keys.push(parsed.right);
      else problems.push({ path: `logs.${origin}.logKeys.${i}`, reason: parsed !== undefined && E.isLeft(parsed) ? parsed.left.reason : 'should be a verifier key line' });
    }
    if (typeof entry.latest === 'string' && checkpointOf(entry.latest)?.origin !== origin) problems.push({ path: `logs.${origin}.latest`, reason: `is not a checkpoint note of ${origin}` });
    logs[origin] = { logKeys: keys, latest: entry.latest };
  }
  if (!Array.isArray(u.evidence)) problems.push({ path: 'evidence', reason: 'should be a list' });
  if (u.cosigner !== undefined && (typeof u.cosigner !== 'string' || E.isLeft(parseCosignerKey(u.cosigner)))) problems.push({ path: 'cosigner', reason: 'should be a witness verifier key line' });
  const cosigner = typeof u.cosigner === 'string' ? { cosigner: u.cosigner } : {};
  return problems.length > 0 ? E.left(problems) : E.right({ ...cosigner, logs, evidence: u.evidence as ForkEvidence[] });
};
