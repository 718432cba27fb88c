import * as E from 'fp-ts/lib/Either.js';
/** Test-only: a signed note's body signed again by another key (a bad signature under the same name). */
import { signCheckpoint, parseCheckpoint, type NoteSigner } from '@indicator-ledger/core';

/** The note `note` with its signature replaced by `signer`'s. */
export const signNoteBody = (note: string, signer: NoteSigner): string => {
  const body = parseCheckpoint(`${note.split('\n\n')[0]!}\n`);
  if (E.isLeft(body)) throw new Error(body.left.reason);
  return signCheckpoint(body.right, signer);
};
