/**
 * The log's side of C2SP tlog-witness: sending a signed checkpoint to witnesses (`add-checkpoint` over
 * HTTP, or a request file for a file exchange) and keeping the cosignatures that verify with the witness
 * keys the operator configured. Lines from any other key are dropped, as the text asks.
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatAddCheckpointRequest, parseCosignatureLine, proveConsistency, splitNote, verifyCosignatureLine } from '@indicator-ledger/core';
import type { Checkpoint, CosignerVerifier, DistrictCode, EventStore } from '@indicator-ledger/core';
import { CommandFailure } from '../commandContext.js';

/** What a log needs to ask for cosignatures: the store (for proofs from any size), the note and its checkpoint. */
export interface CosignatureRequest {
  readonly store: EventStore;
  readonly district: DistrictCode;
  readonly note: string;
  readonly checkpoint: Checkpoint;
  /** The size the log believes a witness cosigned last: the previous signed checkpoint's, or 0. */
  readonly oldSize: number;
}

/** The add-checkpoint body from `oldSize` (the proof built from the store). */
export const requestBody = async ({ store, district, note, checkpoint }: CosignatureRequest, oldSize: number): Promise<string> => {
  const proof = oldSize === 0 || oldSize >= checkpoint.size ? [] : (await proveConsistency(store, district, oldSize, checkpoint.size)).proof;
  return formatAddCheckpointRequest({ oldSize, proof, note });
};

/**
 * The lines of a witness response (or a response file) that are valid cosignatures of `note` by one of
 * `keys`; fails when none is, since then the witness's answer is worth nothing to the auditor.
 */
export const verifiedCosignatures = (note: string, response: string, keys: readonly CosignerVerifier[], from: string): string[] => {
  const body = splitNote(note)?.body ?? '';
  const valid = response
    .split('\n')
    .filter((line) => line !== '')
    .filter((line) => {
      const parsed = parseCosignatureLine(line);
      return E.isRight(parsed) && keys.some((key) => E.isRight(verifyCosignatureLine(body, parsed.right, key)));
    });
  if (valid.length === 0) throw new CommandFailure(`${from}: no cosignature of this checkpoint by a witness key given with --witness-key`);
  return valid;
};

const post = async (url: string, body: string): Promise<{ status: number; text: string }> => {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  } catch (err) {
    throw new CommandFailure(`witness ${url}: cannot connect: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
  }
  return { status: res.status, text: await res.text() };
};

/**
 * Asks each witness at `urls` (the add-checkpoint endpoint) to cosign, as tlog-witness describes: from the
 * size the log believes, and once more from the size a 409 names. Returns the valid cosignature lines.
 * Any other refusal fails the command with the witness's words.
 */
export const collectCosignatures = async (request: CosignatureRequest, urls: readonly string[], keys: readonly CosignerVerifier[]): Promise<string[]> => {
  const lines: string[] = [];
  for (const url of urls) {
    let reply = await post(url, await requestBody(request, request.oldSize));
    if (reply.status === 409 && /^(0|[1-9][0-9]*)\n$/.test(reply.text)) {
      const size = Number(reply.text.trim());
      if (size > request.checkpoint.size) throw new CommandFailure(`witness ${url}: it cosigned ${size} records of ${request.checkpoint.origin}, more than this checkpoint's ${request.checkpoint.size}: the log was cut back`);
      reply = await post(url, await requestBody(request, size));
    }
    if (reply.status === 409 && reply.text === `${request.checkpoint.size}\n`) {
      throw new CommandFailure(`witness ${url}: refused (409): it cosigned another tree of ${request.checkpoint.size} records of ${request.checkpoint.origin}: the log forked`);
    }
    if (reply.status !== 200) throw new CommandFailure(`witness ${url}: refused (${reply.status}): ${reply.text.trim()}`);
    lines.push(...verifiedCosignatures(request.note, reply.text, keys, `witness ${url}`));
  }
  return lines;
};
