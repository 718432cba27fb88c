/**
 * Witnessed checkpoints: a log's signed checkpoint note with cosignature lines appended (C2SP
 * tlog-cosignature, tlog-witness "the client MAY concatenate it to the checkpoint"), and the auditor's
 * check that a quorum of witnesses it trusts cosigned it (docs/audit.md, "Witnessed checkpoints").
 *
 * The ledger writes one form only: the body, a blank line, the log's signature line, then the cosignature
 * lines in order of key name and text, each once. A reader accepts exactly that form, so no reordering,
 * duplication or removal of a line leaves the note accepted as it was written.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as RA from 'fp-ts/lib/ReadonlyArray.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Problem } from '../events/problem.js';
import { openSignedCheckpoint, type Checkpoint } from '../tlog/checkpoint.js';
import type { NoteVerifier } from '../tlog/signedNote.js';
import { claimsCosigner, parseCosignatureLine, splitSignatureLine, verifyCosignatureLine, type CosignerVerifier } from './cosignature.js';

/** How an auditor judges the cosignatures of a witnessed checkpoint. */
export interface QuorumPolicy {
  /** The witnesses the auditor trusts; lines from any other key are ignored, as tlog-witness asks. */
  readonly witnesses: readonly CosignerVerifier[];
  /** How many distinct trusted witnesses must have cosigned. */
  readonly quorum: number;
  /** The auditor's clock, POSIX seconds. */
  readonly now: number;
  /** Refuse a cosignature older than this many seconds: a witness's word about a stale view (default: no limit). */
  readonly maxAgeSeconds?: number;
  /** Refuse a cosignature dated more than this many seconds after `now` (default 300). */
  readonly maxFutureSeconds?: number;
}

/** A trusted witness's valid cosignature. */
export interface Cosigner {
  readonly keyName: string;
  readonly timestamp: number;
}

/** A witnessed checkpoint accepted by {@link openWitnessedCheckpoint}. */
export interface WitnessedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The log-signed note without cosignatures, as the ledger's history keeps it. */
  readonly logNote: string;
  /** One entry per trusted witness with a valid cosignature, in the note's order. */
  readonly cosigners: readonly Cosigner[];
}

const Validation = E.getApplicativeValidation(RA.getSemigroup<Problem>());

const problem = (path: string, reason: string): Problem => ({ path, reason });

/** The body (text up to and including the newline before the blank line) and the signature lines of a note. */
export const splitNote = (note: string): { readonly body: string; readonly lines: readonly string[] } | undefined => {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return undefined;
  return { body: note.slice(0, split + 1), lines: note.slice(split + 2, -1).split('\n') };
};

/**
 * The witnessed form of `logNote` with `cosignatures` (lines, each with or without its newline): the log's
 * own lines first, then every distinct cosignature line in order of key name and text. Cosignatures already
 * on `logNote` are kept. Lines are not verified here; {@link openWitnessedCheckpoint} does that.
 */
export const attachCosignatures = (logNote: string, cosignatures: readonly string[]): string => {
  const parts = splitNote(logNote);
  if (parts === undefined) throw new RangeError('the note has no blank line between its text and its signatures');
  const [own, ...earlier] = parts.lines;
  const added = [...earlier, ...cosignatures.map((l) => (l.endsWith('\n') ? l.slice(0, -1) : l))].filter((l) => l !== '');
  const sorted = [...new Set(added)].sort((a, b) => {
    const [na, nb] = [splitSignatureLine(a)?.keyName ?? a, splitSignatureLine(b)?.keyName ?? b];
    return na < nb ? -1 : na > nb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  return `${parts.body}\n${[own, ...sorted].join('\n')}\n`;
};

/** The note as the log signed it: its body and its first signature line only. */
export const logNoteOf = (note: string): string => {
  const parts = splitNote(note);
  if (parts === undefined) throw new RangeError('the note has no blank line between its text and its signatures');
  return `${parts.body}\n${parts.lines[0] ?? ''}\n`;
};

type LineVerdict = { readonly keyName: string; readonly timestamp: number } | null;

// One signature line after the log's: a valid trusted cosignature, null for an unknown key, or its problems.
const judgeLine = (body: string, policy: QuorumPolicy) => (line: string, i: number): E.Either<readonly Problem[], LineVerdict> => {
  const path = `signature line ${i + 2}`;
  if (splitSignatureLine(line) === undefined) return E.left([problem(path, 'is not "— <key name> <base64 signature>"')]);
  const trusted = policy.witnesses.filter((w) => splitSignatureLine(line)?.keyName === w.keyName);
  if (trusted.length === 0) return E.right(null);
  const parsed = parseCosignatureLine(line);
  if (E.isLeft(parsed)) return E.left([problem(path, `claims witness ${trusted[0]!.keyName} but ${parsed.left}`)]);
  const key = trusted.find((w) => claimsCosigner(parsed.right, w));
  if (key === undefined) return E.right(null);
  return pipe(
    verifyCosignatureLine(body, parsed.right, key),
    E.mapLeft((reason) => [problem(path, `${reason}: the line was not made for this checkpoint, or was altered`)]),
    E.chain((timestamp) => {
      const future = policy.maxFutureSeconds ?? 300;
      if (timestamp > policy.now + future) return E.left([problem(path, `cosignature by ${key.keyName} is dated ${timestamp}, more than ${future} s after now (${policy.now})`)]);
      if (policy.maxAgeSeconds !== undefined && timestamp < policy.now - policy.maxAgeSeconds) {
        return E.left([problem(path, `cosignature by ${key.keyName} is dated ${timestamp}, older than ${policy.maxAgeSeconds} s: a stale view of the log`)]);
      }
      return E.right({ keyName: key.keyName, timestamp });
    }),
  );
};

/**
 * Opens a witnessed checkpoint: the log's key signed it, it is in the one form the ledger writes, every line
 * that names a trusted witness is a valid cosignature/v1 of this very checkpoint within the time bounds, and at
 * least `policy.quorum` distinct trusted witnesses cosigned. Every problem found is returned, not the first.
 */
export const openWitnessedCheckpoint = (note: string, logKey: NoteVerifier, policy: QuorumPolicy): E.Either<readonly Problem[], WitnessedCheckpoint> => {
  const opened = openSignedCheckpoint(note, logKey);
  if (E.isLeft(opened)) return E.left([problem('checkpoint', opened.left.reason)]);
  const parts = splitNote(note);
  if (parts === undefined) return E.left([problem('checkpoint', 'the note has no signatures')]);
  const [own, ...rest] = parts.lines;
  if (splitSignatureLine(own ?? '')?.keyName !== logKey.keyName) return E.left([problem('signature line 1', `is not the log's (${logKey.keyName}): the log signs first`)]);
  const logNote = `${parts.body}\n${own}\n`;
  if (attachCosignatures(logNote, rest) !== note) {
    return E.left([problem('signature lines', 'are not in the order the ledger writes them (the log first, then cosignatures by key name, each once)')]);
  }
  return pipe(
    rest,
    RA.traverseWithIndex(Validation)((i, line) => judgeLine(parts.body, policy)(line, i)),
    E.chain((verdicts) => {
      const cosigners: Cosigner[] = [];
      for (const v of verdicts) if (v !== null && !cosigners.some((c) => c.keyName === v.keyName)) cosigners.push(v);
      return cosigners.length >= policy.quorum
        ? E.right({ checkpoint: opened.right, logNote, cosigners })
        : E.left([problem('cosignatures', `${cosigners.length} of the trusted witnesses cosigned, the quorum is ${policy.quorum}`)] as readonly Problem[]);
    }),
  );
};
