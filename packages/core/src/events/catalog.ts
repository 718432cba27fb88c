import type * as t from 'io-ts/lib/index.js';
import { ENTERPRISE_DATA_CODECS } from './data/enterprises.js';
import { FLOW_DATA_CODECS } from './data/flows.js';
import { PATENT_DATA_CODECS } from './data/patents.js';
import { PLATFORM_DATA_CODECS } from './data/platforms.js';
import { RETRACTION_DATA_CODECS } from './data/retractions.js';
import { STATISTIC_DATA_CODECS } from './data/statistics.js';
import { TARGET_DATA_CODECS } from './data/targets.js';

export { CivilDateCodec, EnterpriseIdCodec, EventIdCodec, LocalId, PatentNumberCodec, PlatformIdCodec, Text200, YearCodec } from './fieldCodecs.js';

/**
 * One data codec per event type (docs/spec.md §4 table), gathered from each family's codec file under
 * `events/data/`. Each is strict: unknown fields are rejected. Rules that need the stream, or defaults, live
 * in the family modules (`families/`).
 */
export const DATA_CODECS = {
  ...ENTERPRISE_DATA_CODECS,
  ...PLATFORM_DATA_CODECS,
  ...FLOW_DATA_CODECS,
  ...PATENT_DATA_CODECS,
  ...STATISTIC_DATA_CODECS,
  ...TARGET_DATA_CODECS,
  ...RETRACTION_DATA_CODECS,
} as const;

export type EventType = keyof typeof DATA_CODECS;

/**
 * Every event type of docs/spec.md §4, in the order of its table — the order messages list them in ("should
 * be one of …"), which is not the order of the families (the flows sit apart in the table). A type missing
 * here, or named twice, fails to compile ({@link EveryTypeOnce}).
 */
const CATALOG_ORDER = [
  'EnterpriseRecognized',
  'EnterpriseRecognitionRevoked',
  'PlatformCertified',
  'PlatformDecertified',
  'FundsAllocated',
  'PatentGranted',
  'PatentLapsed',
  'StatisticReported',
  'ProjectApproved',
  'CommissionerDispatched',
  'TargetSet',
  'EventRetracted',
] as const satisfies readonly EventType[];

/** `true` when the list names each event type exactly once (its length is the number of types, none left out). */
type EveryTypeOnce<L extends readonly EventType[]> = [Exclude<EventType, L[number]>] extends [never]
  ? L['length'] extends UnionLength<EventType>
    ? true
    : false
  : false;
type UnionToIntersection<U> = (U extends unknown ? (x: () => U) => void : never) extends (x: infer I) => void ? I : never;
type LastOf<U> = UnionToIntersection<U> extends () => infer R ? R : never;
type UnionLength<U, N extends unknown[] = []> = [U] extends [never] ? N['length'] : UnionLength<Exclude<U, LastOf<U>>, [...N, unknown]>;
const catalogOrderIsComplete: EveryTypeOnce<typeof CATALOG_ORDER> = true;
void catalogOrderIsComplete;

/** Every event type of docs/spec.md §4, in catalog order. */
export const EVENT_TYPES: readonly EventType[] = CATALOG_ORDER;
/** The decoded `data` of each event type. */
export type EventData = { readonly [K in EventType]: Readonly<t.TypeOf<(typeof DATA_CODECS)[K]>> };
/** The `data` of each event type as written in JSON. */
export type EventDataJson = { readonly [K in EventType]: t.OutputOf<(typeof DATA_CODECS)[K]> };

/** Is `s` a known event type? */
export const isEventType = (s: unknown): s is EventType => typeof s === 'string' && Object.prototype.hasOwnProperty.call(DATA_CODECS, s);
