/**
 * Stream-facts checkpoints: the facts a ledger keeps per district to judge appends (`StreamFacts`, docs/spec.md
 * §4–5) saved beside the stream, so that a new ledger over a large store — each `ledger import` is one —
 * resumes them from the checkpoint and the records after it instead of reading every record of the stream.
 * Like a projection checkpoint (docs/spec.md §8.4) it is a cache sealed to the chain (store/sealedCheckpoint.ts):
 * bound to the hash of the record at its position, with its state's digest, and decoded structurally before
 * use; one that does not open is ignored and the facts are read from the records. `verifyFactsCheckpoint`
 * also reads them from the records and compares, which no edit of the store can get past.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts/lib/index.js';
import { EVENT_TYPES } from '../events/catalog.js';
import { oneOf, wholeNumberWhere } from '../events/codecs.js';
import { InstantCodec, withSharedNames } from '../events/envelope.js';
import { UNIT_IDS } from '../events/vocabulary.js';
import { RecordedEvents } from '../families/streamFacts.js';
import type { RecordedEventFacts, StreamFacts } from '../families/streamFacts.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { Sha256Hex } from '../record/record.js';
import { addEventFacts, emptyStreamFacts } from '../rules/streamFacts.js';
import type { EventStore, ProjectionCheckpoint } from '../store/port.js';
import { pathOfFirstError, sealState, unboundReason, unsealState } from '../store/sealedCheckpoint.js';
import type { SealedCheckpointProblem } from '../store/sealedCheckpoint.js';
import { parseCivilDate } from '../time/civilDate.js';
import type { CivilDate } from '../time/civilDate.js';


/** The checkpoint name stream facts are saved under, beside the projection's. */
export const FACTS_CHECKPOINT_NAME = 'stream-facts';
/** Changes whenever what the facts hold, or how they are written, does; a checkpoint of another version is not read. */
export const FACTS_CHECKPOINT_VERSION = '1';

const position = wholeNumberWhere('Position', 'a position, 1 or more', (n) => n >= 1);

/**
 * Canonical base64 text (RFC 4648 §4, padded, §3.5 spare bits zero): `Buffer.from` would skip any other
 * character instead of refusing it (white space, `-` and `_` of base64url, a stray `=`), and ignore spare
 * bits, so that two texts would decode to one table. A text is canonical exactly when encoding what it
 * decodes to gives it back, since Node's encoder writes only that form; checked so, in native code, because
 * a pattern over the text took ~150 ms for the table of 900,000 events.
 */
const isCanonicalBase64 = (u: unknown): u is string => typeof u === 'string' && Buffer.from(u, 'base64').toString('base64') === u;
const base64 = new t.Type<string, string, unknown>('Base64', isCanonicalBase64, (u, c) => (isCanonicalBase64(u) ? t.success(u) : t.failure(u, c)), t.identity);

/**
 * An array whose every element meets `holds`, checked in one loop: these arrays hold an entry per recognition,
 * platform, grant… of the stream, and io-ts's array codec would allocate a context per element.
 */
const arrayWhere = <A>(name: string, holds: (u: unknown) => u is A): t.Type<A[], A[], unknown> => {
  const is = (u: unknown): u is A[] => Array.isArray(u) && u.every(holds);
  return new t.Type<A[], A[], unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);
};

const isString = (u: unknown): u is string => typeof u === 'string';
const isGrant = (u: unknown): u is [string, CivilDate] => Array.isArray(u) && u.length === 2 && typeof u[0] === 'string' && typeof u[1] === 'string' && E.isRight(parseCivilDate(u[1]));
const strings = arrayWhere('Strings', isString);

/** The state text of a stream-facts checkpoint, as JSON; the last hash is the header's. */
const factsState = t.type({
  position: t.number,
  lastRecordedAt: t.union([InstantCodec, t.null]),
  events: base64,
  otherEvents: t.array(t.tuple([t.string, position, oneOf('EventType', EVENT_TYPES), oneOf('Unit', UNIT_IDS), t.boolean])),
  recognitions: strings,
  certifiedPlatforms: strings,
  allocationIds: strings,
  patentGrants: arrayWhere('PatentGrants', isGrant),
  projectIds: strings,
  commissionerYears: strings,
});

/**
 * The facts as the text a checkpoint holds. Sets and maps keep their insertion order, which is the order of
 * the records that added them, so facts resumed from a checkpoint and then kept up are the facts read from
 * every record, entry for entry; events are in position order.
 */
export const encodeStreamFacts = (facts: StreamFacts): string => {
  const { table, others } = facts.events.pack();
  return JSON.stringify({
    position: facts.position,
    lastRecordedAt: facts.lastRecordedAt,
    events: Buffer.from(table.buffer, table.byteOffset, table.byteLength).toString('base64'),
    otherEvents: others.map(([id, f]) => [id, f.position, f.type, f.unit, f.retracted]),
    recognitions: [...facts.recognitions],
    certifiedPlatforms: [...facts.certifiedPlatforms],
    allocationIds: [...facts.allocationIds],
    patentGrants: [...facts.patentGrants],
    projectIds: [...facts.projectIds],
    commissionerYears: [...facts.commissionerYears],
  });
};

/** A set of `keys`, or `undefined` when one is there twice (no fold writes a key twice). */
const setOf = (keys: readonly string[]): Set<string> | undefined => {
  const set = new Set(keys);
  return set.size === keys.length ? set : undefined;
};

/**
 * The facts a checkpoint state text holds at `position`, after `hash`, or why the text is not what any
 * stream's facts encode to. Never throws, whatever the text.
 */
export const decodeStreamFacts = (text: string, position: number, hash: Sha256Hex): E.Either<string, StreamFacts> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return E.left('its state is not JSON');
  }
  const decoded = factsState.decode(json);
  if (E.isLeft(decoded)) return E.left(`its state is not stream facts: ${pathOfFirstError(decoded.left) || 'the top level'} has the wrong shape`);
  const s = decoded.right;
  if (s.position !== position) return E.left(`its state is at position ${s.position}, not at the checkpoint's ${position}`);
  if ((position === 0) !== (s.lastRecordedAt === null)) return E.left('its last recordedAt does not fit its position');
  const others = s.otherEvents.map(([id, p, type, unit, retracted]) => [id, { position: p, type, unit, retracted }] as const satisfies readonly [string, RecordedEventFacts]);
  const events = RecordedEvents.unpack(Buffer.from(s.events, 'base64'), others, position);
  if (typeof events === 'string') return E.left(events);
  const recognitions = setOf(s.recognitions);
  const certifiedPlatforms = setOf(s.certifiedPlatforms);
  const allocationIds = setOf(s.allocationIds);
  const projectIds = setOf(s.projectIds);
  const commissionerYears = setOf(s.commissionerYears);
  const patentGrants = new Map(s.patentGrants);
  if (recognitions === undefined || certifiedPlatforms === undefined || allocationIds === undefined || projectIds === undefined || commissionerYears === undefined || patentGrants.size !== s.patentGrants.length) {
    return E.left('its state lists a key twice');
  }
  return E.right({ position, lastHash: hash, lastRecordedAt: s.lastRecordedAt, events, recognitions, certifiedPlatforms, allocationIds, patentGrants, projectIds, commissionerYears });
};

/** `facts` of `district` as the checkpoint to save: bound to their last hash, the hash of the record at their position. */
export const sealFactsCheckpoint = (district: DistrictCode, facts: StreamFacts): ProjectionCheckpoint =>
  sealState({ stream: district, projection: FACTS_CHECKPOINT_NAME, version: FACTS_CHECKPOINT_VERSION, position: facts.position, hash: facts.lastHash, state: encodeStreamFacts(facts) });

/**
 * The facts of a saved checkpoint and the record hash they are bound to, once the state is shown intact and
 * of the facts' shape at its position — pure; whether the stream has that hash there is the caller's check
 * (the ledger makes it on the first record it reads after them, so resuming reads nothing twice).
 */
export const unsealFactsCheckpoint = (district: DistrictCode, saved: ProjectionCheckpoint): E.Either<string, StreamFacts> => {
  const sealed = unsealState(district, FACTS_CHECKPOINT_NAME, saved);
  if (E.isLeft(sealed)) return sealed;
  return decodeStreamFacts(sealed.right.state, sealed.right.position, sealed.right.hash);
};

/**
 * The facts of a saved checkpoint of the current version, once they are shown to belong to this stream and to
 * be intact: unsealed ({@link unsealFactsCheckpoint}) and bound to the chain — the stream has their last hash
 * at their position. Cost: one pass over the state text, one head read and at most one record read.
 */
export const openFactsCheckpoint = async (store: EventStore, district: DistrictCode, saved: ProjectionCheckpoint): Promise<E.Either<string, StreamFacts>> => {
  const opened = unsealFactsCheckpoint(district, saved);
  if (E.isLeft(opened)) return opened;
  const unbound = await unboundReason(store, district, opened.right.position, opened.right.lastHash);
  return unbound === undefined ? opened : E.left(unbound);
};

/** Adds the records of `range` of the stream to `facts`, as an append would have (each record once, in order). */
export const addStoredFacts = async (store: EventStore, district: DistrictCode, facts: StreamFacts, to?: number): Promise<void> => {
  const ignored: (() => void)[] = [];
  for await (const page of store.readPages(district, { from: facts.position + 1, ...(to === undefined ? {} : { to }) })) {
    for (const r of page) {
      // With the shared type and unit strings, as a decoded event has them: the facts keep both for good.
      addEventFacts(facts, withSharedNames(r), r.position, r.hash, ignored);
      ignored.length = 0;
    }
  }
};

/**
 * Checks the district's saved stream-facts checkpoint: that it opens (bound to this stream, intact, of the
 * facts' shape) and that it holds exactly the facts records 1..position give — so that a state forged with a
 * recomputed digest is found too. A checkpoint of another version is never read and is not checked.
 * O(position) time. Returns the problems, none when the checkpoint is sound or there is none.
 */
export const verifyFactsCheckpoint = async (store: EventStore, district: DistrictCode): Promise<SealedCheckpointProblem[]> => {
  const saved = await store.checkpoints?.loadCheckpoint(district, FACTS_CHECKPOINT_NAME);
  if (saved === undefined || saved.version !== FACTS_CHECKPOINT_VERSION) return [];
  const problem = (reason: string): SealedCheckpointProblem[] => [{ district, projection: FACTS_CHECKPOINT_NAME, position: saved.position, reason }];
  const opened = await openFactsCheckpoint(store, district, saved);
  if (E.isLeft(opened)) return problem(opened.left);
  const read = emptyStreamFacts();
  await addStoredFacts(store, district, read, saved.position);
  if (encodeStreamFacts(read) !== encodeStreamFacts(opened.right)) {
    return problem(`its facts are not what positions 1..${saved.position} give: it was forged or saved by a faulty ledger`);
  }
  return [];
};
