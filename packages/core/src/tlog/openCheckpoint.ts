/**
 * Opening a signed checkpoint with a verifier key that an auditor holds either as the published
 * verifier-key text (`<name>+<hash>+<key>`, C2SP signed-note) or already parsed.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { openSignedCheckpoint, type CheckpointResult } from './checkpoint.js';
import { parseVerifierKey, type NoteVerifier } from './signedNote.js';
import { rejectionIn, type Rejection } from './verification.js';

/** A verifier key as text (what `verifier.key` of a bundle holds) or as a parsed {@link NoteVerifier}. */
export type VerifierKey = string | NoteVerifier;

/** The {@link NoteVerifier} of a {@link VerifierKey}, or why the text is not a verifier key. */
export const noteVerifierOf = (key: VerifierKey): E.Either<Rejection, NoteVerifier> => {
  if (typeof key !== 'string') return E.right(key);
  // A key file ends in a newline; nothing else around the key is tolerated.
  return rejectionIn('verifier key: ', parseVerifierKey(key.endsWith('\n') ? key.slice(0, -1) : key));
};

/**
 * Opens a signed checkpoint note with `key`: the checkpoint when the key signed it, else why not.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js';
 * import { openCheckpointWith } from '@indicator-ledger/core';
 *
 * const opened = openCheckpointWith(noteText, 'indicator-ledger+1a2b3c4d+AQ…'); // the published verifier key
 * if (E.isRight(opened)) console.log(opened.right.origin, opened.right.size);
 * ```
 */
export const openCheckpointWith = (note: string, key: VerifierKey): CheckpointResult => {
  return pipe(
    noteVerifierOf(key),
    E.flatMap((verifier) => openSignedCheckpoint(note, verifier)),
  );
};

/** True when `origin` is the origin line of a checkpoint of `district`'s stream, `<ledger name>/<district>`. */
export const isOriginOfDistrict = (origin: string, district: string): boolean => origin.endsWith(`/${district}`) && origin.length > district.length + 1;
