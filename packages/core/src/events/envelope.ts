import * as t from 'io-ts/lib/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { VERDICT_ONLY, oneOf, parsedString, strictObject, wholeNumberWhere } from './codecs.js';
import { CivilDateCodec, DATA_CODECS, EVENT_TYPES, EventIdCodec, Text200, isEventType } from './catalog.js';
import type { EventData, EventDataJson, EventType } from './catalog.js';
import { UNIT_IDS } from './vocabulary.js';
import type { Unit } from './vocabulary.js';
import { parseDistrictCode } from '../ids/districtCode.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import { parseInstant } from '../time/instant.js';
import type { Instant } from '../time/instant.js';
import type { CivilDate } from '../time/civilDate.js';
import { problemsOfValidation } from './problem.js';
import { readJsonLine } from './jsonLine.js';
import type { Problem } from './problem.js';

/**
 * Who recorded an event (docs/spec.md §3, §5), **as the embedding system asserts it**. The ledger does not
 * authenticate the actor: it checks that `unit` may record the event under the policy (on append, and
 * again on `verify`, `checkpoint` and bundle verification), but whoever calls `append` names the unit and
 * user. Authenticating them is the embedding system's job (docs/audit.md).
 */
export interface Actor {
  readonly unit: Unit;
  readonly user: string;
}

/** The only schema version docs/spec.md §3 defines. */
export const SCHEMA_VERSION = 1;

/**
 * A decoded, well-formed event as given to `append` (docs/spec.md §3), before the ledger gives it a position.
 * `eventId` and `recordedAt` may still be absent; the ledger fills them.
 */
export type EventInput<T extends EventType = EventType> = {
  [K in T]: {
    readonly type: K;
    readonly eventId?: EventId;
    readonly district: DistrictCode;
    readonly effectiveDate: CivilDate;
    readonly recordedAt?: Instant;
    readonly actor: Actor;
    readonly source?: string;
    readonly schemaVersion: typeof SCHEMA_VERSION;
    readonly data: EventData[K];
  };
}[T];

/** The JSON form of an event input: one NDJSON line (docs/spec.md §3). */
export type EventInputJson<T extends EventType = EventType> = {
  [K in T]: {
    type: K;
    eventId?: string;
    district: string;
    effectiveDate: string;
    recordedAt?: string;
    actor: { unit: string; user: string };
    source?: string;
    schemaVersion?: number;
    data: EventDataJson[K];
  };
}[T];

export const DistrictCodeCodec = parsedString('DistrictCode', parseDistrictCode);
export const InstantCodec = parsedString('Instant', parseInstant);
const ActorCodec = strictObject('Actor', { unit: oneOf('Unit', UNIT_IDS), user: Text200 });

const EnvelopeCodec = strictObject(
  'Event',
  { type: oneOf('EventType', EVENT_TYPES), district: DistrictCodeCodec, effectiveDate: CivilDateCodec, actor: ActorCodec, data: t.unknown },
  {
    eventId: EventIdCodec,
    recordedAt: InstantCodec,
    source: Text200,
    schemaVersion: wholeNumberWhere('SchemaVersion', `${SCHEMA_VERSION} (the only schema version so far)`, (n) => n === SCHEMA_VERSION),
  },
);

/**
 * One string per event type and unit, shared by every event that names it. The ledger keeps both for every
 * event of a stream (its `StreamFacts`), and the copy `JSON.parse` makes for each line would cost about 70
 * bytes per event there: a quarter of what a million-event import holds (docs/spec.md §8.1).
 */
const SHARED_NAMES: ReadonlyMap<string, string> = new Map([...EVENT_TYPES, ...UNIT_IDS].map((name) => [name, name] as const));

/** `name` as the one shared string of an event type or unit (see `EVENT_TYPES`, `UNIT_IDS`); any other string as it is. */
export const sharedName = <T extends string>(name: T): T => (SHARED_NAMES.get(name) as T | undefined) ?? name;

/** `e` with its type and unit as the shared strings ({@link sharedName}); the rest is `e`'s. */
export const withSharedNames = <T extends { readonly type: EventType; readonly actor: Actor }>(e: T): T => ({
  ...e,
  type: sharedName(e.type),
  actor: { unit: sharedName(e.actor.unit), user: e.actor.user },
});

/**
 * Decodes one event input (docs/spec.md §3–4 formats), reporting every problem, not only the first.
 * Values are normalised: `ZL` prefixes dropped, UUIDs lower-cased, instants in UTC.
 */
export const decodeEventInput = (u: unknown, at: { index?: number; line?: number } = {}): E.Either<Problem[], EventInput> => {
  const valid = validEventInput(u);
  return valid !== undefined ? E.right(valid) : decodeEventInputWithProblems(u, at);
};

/**
 * The event `u` decodes to when it is valid, else `undefined`: the codecs run under `VERDICT_ONLY`, which
 * builds no io-ts contexts or problem lists — the cost of a valid input, which nearly every input is.
 * The codecs are the same as {@link decodeEventInputWithProblems}'s, so the verdict and the value are too.
 */
const validEventInput = (u: unknown): EventInput | undefined => {
  const envelope = EnvelopeCodec.validate(u, VERDICT_ONLY);
  if (E.isLeft(envelope)) return undefined;
  // A valid envelope has a known type and some data (`data` is required).
  const raw = u as Record<string, unknown>;
  const codec: t.Mixed = DATA_CODECS[envelope.right.type];
  const data = codec.validate(raw.data, VERDICT_ONLY);
  return E.isLeft(data) ? undefined : eventOf(envelope.right, data.right);
};

/**
 * The decoded input, in the key order of the envelope codec (its required fields, then the optional ones
 * given), with the shared type and unit strings. Written out field by field: an object rest (`...rest`)
 * copies through a generic slow path and cost a tenth of a valid input's decoding.
 */
const eventOf = (envelope: t.TypeOf<typeof EnvelopeCodec>, data: unknown): EventInput => {
  const event: Record<string, unknown> = {
    type: sharedName(envelope.type),
    district: envelope.district,
    effectiveDate: envelope.effectiveDate,
    actor: { unit: sharedName(envelope.actor.unit), user: envelope.actor.user },
    data,
  };
  if (envelope.eventId !== undefined) event.eventId = envelope.eventId;
  if (envelope.recordedAt !== undefined) event.recordedAt = envelope.recordedAt;
  if (envelope.source !== undefined) event.source = envelope.source;
  event.schemaVersion = envelope.schemaVersion ?? SCHEMA_VERSION;
  return event as EventInput;
};

/**
 * {@link decodeEventInput} by the io-ts path alone, every problem with its path: what `decodeEventInput`
 * answers for an input its fast path finds invalid, and the reference its tests compare the fast path with.
 */
export const decodeEventInputWithProblems = (u: unknown, at: { index?: number; line?: number } = {}): E.Either<Problem[], EventInput> => {
  const envelope = EnvelopeCodec.validate(u, [{ key: '', type: EnvelopeCodec, actual: u }]);
  const problems: Problem[] = E.isLeft(envelope) ? problemsOfValidation(envelope.left, at) : [];
  const raw = typeof u === 'object' && u !== null ? (u as Record<string, unknown>) : {};
  let data: unknown;
  if (isEventType(raw.type) && raw.data !== undefined) {
    const codec: t.Mixed = DATA_CODECS[raw.type];
    const decoded = codec.validate(raw.data, [{ key: 'data', type: codec, actual: raw.data }]);
    if (E.isLeft(decoded)) problems.push(...problemsOfValidation(decoded.left, at));
    else data = decoded.right;
  }
  if (problems.length > 0 || E.isLeft(envelope)) return E.left(problems);
  return E.right(eventOf(envelope.right, data));
};

/** Decodes a batch, collecting the problems of every event with its index. */
export const decodeEventInputs = (inputs: readonly unknown[]): E.Either<Problem[], EventInput[]> => {
  const problems: Problem[] = [];
  const events: EventInput[] = [];
  inputs.forEach((u, index) => {
    const r = decodeEventInput(u, { index });
    if (E.isLeft(r)) problems.push(...r.left);
    else events.push(r.right);
  });
  return problems.length > 0 ? E.left(problems) : E.right(events);
};

/** The JSON form of a decoded input; `decodeEventInput(encodeEventInput(e))` gives `e` back. */
export const encodeEventInput = (e: EventInput): EventInputJson => {
  const codec: t.Mixed = DATA_CODECS[e.type];
  const out: Record<string, unknown> = { type: e.type };
  if (e.eventId !== undefined) out.eventId = e.eventId;
  out.district = e.district;
  out.effectiveDate = e.effectiveDate;
  if (e.recordedAt !== undefined) out.recordedAt = e.recordedAt;
  out.actor = { unit: e.actor.unit, user: e.actor.user };
  if (e.source !== undefined) out.source = e.source;
  out.schemaVersion = e.schemaVersion;
  out.data = codec.encode(e.data);
  return out as EventInputJson;
};

/** Why a repeated key is refused (docs/spec.md §8.2): which of the two values was meant is not known. */
const REPEATED_KEY = 'is given twice in the same object; each key may appear once (which value was meant is not known)';

/**
 * Decodes one NDJSON line (docs/spec.md §3) — without its line feed; a CR before it is dropped — reporting
 * every problem with `line`. A key repeated in an object is refused at its path, and a number written
 * beyond what a JavaScript number holds exactly reaches the codecs as written ({@link readJsonLine}), so
 * problems quote it (docs/spec.md §8.2). A blank line is not an event: the caller skips it
 * ({@link isBlankLine}).
 */
export const decodeNdjsonLine = (text: string, line: number): E.Either<Problem[], EventInput> => {
  const json = readJsonLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  if (!json.ok) {
    return E.left(
      json.kind === 'syntax'
        ? [{ line, path: '', reason: `is not valid JSON (${json.reason})` }]
        : json.repeated.map((k) => ({ line, path: k.path, reason: REPEATED_KEY })),
    );
  }
  return decodeEventInput(json.value, { line });
};

/** Whether an NDJSON line holds nothing but white space (and is skipped, docs/spec.md §3). */
export const isBlankLine = (text: string): boolean => text.trim() === '';

/**
 * Reads NDJSON text (one event per line, docs/spec.md §3), reporting problems by 1-based line number.
 * Blank lines are allowed and skipped. Returns the events with the line each came from; each line is
 * decoded by {@link decodeNdjsonLine}.
 */
export const decodeNdjson = (text: string): E.Either<Problem[], { line: number; event: EventInput }[]> => {
  const problems: Problem[] = [];
  const events: { line: number; event: EventInput }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const body = lines[i]!;
    if (isBlankLine(body)) continue;
    const r = decodeNdjsonLine(body, i + 1);
    if (E.isLeft(r)) problems.push(...r.left);
    else events.push({ line: i + 1, event: r.right });
  }
  return problems.length > 0 ? E.left(problems) : E.right(events);
};
