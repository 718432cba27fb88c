/** Test-only: a signed note's body signed again by another key (a bad signature under the same name). */
import { signCheckpoint, parseCheckpoint, type NoteSigner } from '@indicator-ledger/core';

/** The note `note` with its signature replaced by `signer`'s. */
export const signNoteBody = (note: string, signer: NoteSigner): string => {
  const body = parseCheckpoint(`${note.split('\n\n')[0]!}\n`);
  if (!body.ok) throw new Error(body.reason);
  return signCheckpoint(body.checkpoint, signer);
};
