/**
 * Verification of a district stream's hash chain, record by record as the records stream past: the first
 * bad position and why (docs/spec.md §2, §8.3). A stream verifies when, for p = 1, 2, …, record p sits at position p of
 * the district's stream, its data hashes to `dataHash` (or a logged redaction accounts for it), its `hash`
 * is the hash of its chained fields, its `prevHash` is record p − 1's `hash` (GENESIS_HASH for p = 1), and
 * its `recordedAt` is not earlier than record p − 1's (docs/spec.md §1–2).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { GENESIS_HASH, dataHashOf, recordHashOf, type Sha256Hex, type StoredRecord } from '../record/record.js';
import type { Instant } from '../time/instant.js';
import { redactedDataProblem, type RedactionEntry } from './redaction.js';
import { recordShapeProblem } from './recordShape.js';

/** Why a record breaks the chain. */
export type ChainProblem =
  /** Not shaped as a stored record: a field missing, unknown or of the wrong type. */
  | 'malformed'
  /** Its position is not the next one: a record deleted, duplicated or moved. */
  | 'position-gap'
  /** It belongs to another district's stream. */
  | 'district-mismatch'
  /** Its data does not hash to `dataHash`, and no logged redaction accounts for it. */
  | 'data-hash'
  /** Its `hash` is not the hash of its chained fields: a field was changed after hashing. */
  | 'chain-hash'
  /** Its `prevHash` is not the previous record's `hash`. */
  | 'broken-link'
  /** It was recorded before the previous record (docs/spec.md §1: `recordedAt` never decreases with position). */
  | 'recorded-at-decreasing';

/** The first bad record: its position in the stream (where it was read, 1-based), the problem, and the detail. */
export interface ChainFailure {
  readonly position: number;
  readonly problem: ChainProblem;
  readonly reason: string;
}

/** A chain that verified: how many records, and the `hash` of the last (GENESIS_HASH when empty). */
export interface ChainHead {
  readonly size: number;
  readonly head: Sha256Hex;
}

/** Outcome of verifying a chain: its size and head hash, or the first failure. */
export type ChainVerification = E.Either<ChainFailure, ChainHead>;

/** Checks records one after another; remembers just enough of the last one (O(1) memory). */
export interface ChainCheck {
  /** Records accepted so far. */
  readonly size: number;
  /** `hash` of the last accepted record (GENESIS_HASH before the first). */
  readonly head: Sha256Hex;
  /**
   * Checks the record read next. Returns `undefined` and moves on when it continues the chain, or the
   * failure, after which the check stays where it was.
   */
  next(record: unknown): ChainFailure | undefined;
}

// Data handed over by a store as objects (not parsed from JSON) could hold values JSON cannot write.
const digestOf = (data: unknown): Sha256Hex | undefined => {
  try {
    return dataHashOf(data);
  } catch {
    return undefined;
  }
};

const fail = (position: number, problem: ChainProblem, reason: string): ChainFailure => ({ position, problem, reason });

/**
 * A {@link ChainCheck} for `district`'s stream from position 1. `redactions` maps a position to its latest
 * logged redaction; a record marked `redacted: true` is accepted only as {@link redactedDataProblem} allows.
 * Checks run cheapest and most specific first, so a deleted record reads as a gap rather than a bad link.
 */
export const createChainCheck = (district: DistrictCode, redactions: ReadonlyMap<number, RedactionEntry> = new Map()): ChainCheck => {
  let size = 0;
  let head: Sha256Hex = GENESIS_HASH;
  let lastRecordedAt: Instant | null = null;
  return {
    get size() {
      return size;
    },
    get head() {
      return head;
    },
    next(u) {
      const position = size + 1;
      const shape = recordShapeProblem(u);
      if (shape !== undefined) return fail(position, 'malformed', `record ${position} ${shape}`);
      const record = u as StoredRecord;
      if (record.position !== position) return fail(position, 'position-gap', `expected position ${position}, found ${record.position}`);
      if (record.district !== district) return fail(position, 'district-mismatch', `record belongs to district ${record.district}, not ${district}`);
      if (record.redacted === true) {
        const problem = redactedDataProblem(record, redactions.get(position));
        if (problem !== undefined) return fail(position, 'data-hash', problem);
      } else {
        const dataHash = digestOf(record.data);
        if (dataHash === undefined) return fail(position, 'malformed', `record ${position} has data with no JSON form`);
        if (dataHash !== record.dataHash) return fail(position, 'data-hash', `data hashes to ${dataHash}, the record says ${record.dataHash}`);
      }
      const hash = recordHashOf(record);
      if (hash !== record.hash) return fail(position, 'chain-hash', `chained fields hash to ${hash}, the record says ${record.hash}`);
      if (record.prevHash !== head) return fail(position, 'broken-link', `prevHash ${record.prevHash} is not the previous record's hash ${head}`);
      if (lastRecordedAt !== null && record.recordedAt < lastRecordedAt) {
        return fail(position, 'recorded-at-decreasing', `recordedAt ${record.recordedAt} is earlier than the previous record's ${lastRecordedAt}`);
      }
      size = position;
      head = record.hash;
      lastRecordedAt = record.recordedAt;
      return undefined;
    },
  };
};

/** Options of {@link verifyChain}. */
export interface ChainVerificationOptions {
  /** The latest logged redaction of each position (default: none). */
  readonly redactions?: ReadonlyMap<number, RedactionEntry>;
  /** Called with each record once it has been accepted, in order: lets a caller build a tree in the same pass. */
  readonly onRecord?: (record: StoredRecord) => void;
}

/**
 * Verifies a district stream read as pages, stopping at the first bad record. Holds one page at a time,
 * so memory does not grow with the stream; O(n) hashing.
 */
export const verifyChain = async (
  pages: AsyncIterable<readonly unknown[]>,
  district: DistrictCode,
  options: ChainVerificationOptions = {},
): Promise<ChainVerification> => {
  const check = createChainCheck(district, options.redactions);
  for await (const page of pages) {
    for (const record of page) {
      const failure = check.next(record);
      if (failure !== undefined) return E.left(failure);
      options.onRecord?.(record as StoredRecord);
    }
  }
  return E.right({ size: check.size, head: check.head });
};
