/**
 * Opening a signed checkpoint with a verifier key that an auditor holds either as the published
 * verifier-key text (`<name>+<hash>+<key>`, C2SP signed-note) or already parsed.
 */
import { openSignedCheckpoint, type CheckpointResult } from './checkpoint.js';
import { parseVerifierKey, type NoteVerifier } from './signedNote.js';
import { reject, type Rejection } from './verification.js';

/** A verifier key as text (what `verifier.key` of a bundle holds) or as a parsed {@link NoteVerifier}. */
export type VerifierKey = string | NoteVerifier;

/** The {@link NoteVerifier} of a {@link VerifierKey}, or why the text is not a verifier key. */
export const noteVerifierOf = (key: VerifierKey): { readonly ok: true; readonly verifier: NoteVerifier } | Rejection => {
  if (typeof key !== 'string') return { ok: true, verifier: key };
  // A key file ends in a newline; nothing else around the key is tolerated.
  const parsed = parseVerifierKey(key.endsWith('\n') ? key.slice(0, -1) : key);
  return parsed.ok ? parsed : reject(`verifier key: ${parsed.reason}`);
};

/** Opens a signed checkpoint note with `key`: the checkpoint when the key signed it, else why not. */
export const openCheckpointWith = (note: string, key: VerifierKey): CheckpointResult => {
  const verifier = noteVerifierOf(key);
  return verifier.ok ? openSignedCheckpoint(note, verifier.verifier) : verifier;
};

/** True when `origin` is the origin line of a checkpoint of `district`'s stream, `<ledger name>/<district>`. */
export const isOriginOfDistrict = (origin: string, district: string): boolean => origin.endsWith(`/${district}`) && origin.length > district.length + 1;
