/**
 * The shape of a {@link DistrictProjection} read back from a checkpoint, as io-ts codecs, and the projection
 * built from a decoded state: what a state must be before a query may use it (docs/spec.md §8.4). A saved
 * state can be edited by anyone with write access to the store, and a forger can recompute its digest; so
 * the codecs check more than JSON types — every number is finite, every index, position and date a whole
 * number, and {@link structuralProblem} checks that every index points inside its column and every chain of
 * revocations or lapses runs backwards to its end — so that a query over a decoded state cannot throw or
 * loop, whatever the bytes. Whether the state is what the records fold to is for
 * `verifyProjectionCheckpoints` to tell.
 */
import * as t from 'io-ts/lib/index.js';
import { EVENT_TYPES } from '../events/catalog.js';
import type { EventType } from '../events/catalog.js';
import { COMPARATORS, LEVELS, PLATFORM_KINDS } from '../events/vocabulary.js';
import type { PlatformKind } from '../events/vocabulary.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { DistrictProjection } from './districtProjection.js';
import { EventIdColumn } from './eventIdColumn.js';

/** A `Map` whose keys and values have the given codecs (checkpoint JSON revives maps before decoding). */
const mapOf = <K extends t.Mixed, V extends t.Mixed>(keys: K, values: V): t.Type<Map<t.TypeOf<K>, t.TypeOf<V>>, Map<t.TypeOf<K>, t.TypeOf<V>>, unknown> => {
  const is = (u: unknown): u is Map<t.TypeOf<K>, t.TypeOf<V>> => u instanceof Map && [...u].every(([k, v]) => keys.is(k) && values.is(v));
  return new t.Type(`Map<${keys.name}, ${values.name}>`, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);
};

const oneOf = <T extends string>(name: string, values: readonly T[]): t.Type<T, T, unknown> =>
  new t.Type<T, T, unknown>(name, (u): u is T => typeof u === 'string' && (values as readonly string[]).includes(u), (u, c) => ((values as readonly unknown[]).includes(u) ? t.success(u as T) : t.failure(u, c)), t.identity);

/** A number meeting `holds`. JSON reads `1e400` as Infinity, which `t.number` would let through. */
const numberWhere = (name: string, holds: (n: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(name, (u): u is number => typeof u === 'number' && holds(u), (u, c) => (typeof u === 'number' && holds(u) ? t.success(u) : t.failure(u, c)), t.identity);

/** Statistic and target values: any finite number. */
const finite = numberWhere('FiniteNumber', Number.isFinite);
/** Dates (DateKey YYYYMMDD), amounts in fen, category bits, year spans: whole numbers held exactly. */
const whole = numberWhere('SafeInteger', Number.isSafeInteger);
/** Indexes into a column and stream positions: whole numbers ≥ 0. */
const index = numberWhere('Index', (n) => Number.isSafeInteger(n) && n >= 0);
/** A chain link or a "first row": an index, or −1 for none. */
const link = numberWhere('IndexOrNone', (n) => Number.isSafeInteger(n) && n >= -1);

const wholes = t.array(whole);
const indexes = t.array(index);
const links = t.array(link);

const recognitionTable = t.type({
  entityIndex: mapOf(t.string, index),
  entityIds: t.array(t.string),
  rowEntity: indexes,
  rowFrom: wholes,
  rowUntil: wholes,
  rowPosition: indexes,
  bucketsByFromYear: mapOf(whole, indexes),
  maxSpanYears: index,
  revocationHead: links,
  revocationNext: links,
  revocationDecided: wholes,
  revokedFrom: wholes,
  revocationPosition: indexes,
});

const flowTable = t.type({
  byYear: mapOf(whole, t.type({ date: wholes, position: indexes, amount: wholes, key: t.array(t.string) })),
});

const patentTable = t.type({
  index: mapOf(t.string, index),
  patentNos: t.array(t.string),
  rowPatent: indexes,
  rowGranted: wholes,
  rowTermEnd: wholes,
  rowPosition: indexes,
  lapseHead: links,
  lapseNext: links,
  lapseDate: wholes,
  lapsePosition: indexes,
  blockSize: numberWhere('BlockSize', (n) => Number.isSafeInteger(n) && n >= 1),
  blockGranted: t.array(wholes),
  blockTermEnd: t.array(wholes),
  blockDirty: t.array(t.boolean),
  blockLapsedRows: t.array(indexes),
  patentFirstRow: links,
});

const certification = t.type({ kind: oneOf<PlatformKind>('PlatformKind', Object.keys(PLATFORM_KINDS) as PlatformKind[]), level: oneOf('Level', LEVELS) });

const platformTable = t.type({
  index: mapOf(t.string, index),
  histories: t.array(t.type({ platformId: t.string, date: wholes, position: indexes, certification: t.array(t.union([certification, t.null])), category: wholes })),
});

const reportTable = <V extends t.Mixed>(value: V) => t.type({ byKey: mapOf(t.string, t.type({ position: indexes, value: t.array(value) })) });

const eventType = oneOf<EventType>('EventType', EVENT_TYPES);

/**
 * A district projection's folded state as JSON gives it back: position 0's recordedAt (−∞) and type (none)
 * read as `null`. The queries' marks (`countedInQuery`, `queryCounter`) are not in it: they are scratch, not
 * what the records fold to (docs/spec.md §8.4), and {@link projectionOfCheckpoint} gives them as a fresh fold has them.
 */
export const checkpointedProjection = t.type({
  district: t.string,
  position: index,
  recordedAtMs: t.array(t.union([finite, t.null])),
  retractedAt: indexes,
  eventIds: t.array(t.string),
  types: t.array(t.union([eventType, t.null])),
  positionsByType: mapOf(eventType, indexes),
  highTech: recognitionTable,
  techSme: recognitionTable,
  platforms: platformTable,
  funds: flowTable,
  projects: flowTable,
  commissioners: flowTable,
  patents: patentTable,
  statistics: reportTable(finite),
  targets: reportTable(t.type({ comparator: oneOf('Comparator', COMPARATORS), value: finite })),
});

/** A decoded checkpoint state. */
export type CheckpointedProjection = t.TypeOf<typeof checkpointedProjection>;

export { pathOfFirstError } from '../store/sealedCheckpoint.js';

// ---- structure: what the types cannot say ---------------------------------------------------------------

/** The name of the first column of `columns` whose length is not `length`. */
const unequal = (length: number, columns: Readonly<Record<string, readonly unknown[]>>): string | undefined =>
  Object.entries(columns).find(([, column]) => column.length !== length)?.[0];

const allBelow = (values: Iterable<number>, bound: number): boolean => {
  for (const v of values) if (v >= bound) return false;
  return true;
};

/** Every link is −1 or an earlier row than its own, so a chain walked from any head ends. */
const chainRunsBack = (next: readonly number[]): boolean => next.every((n, row) => n < row);

const recognitionProblem = (name: string, r: CheckpointedProjection['highTech'], position: number): string | undefined => {
  const entities = r.entityIds.length;
  const rows = r.rowEntity.length;
  const revocations = r.revocationDecided.length;
  const column =
    unequal(entities, { revocationHead: r.revocationHead }) ??
    unequal(rows, { rowFrom: r.rowFrom, rowUntil: r.rowUntil, rowPosition: r.rowPosition }) ??
    unequal(revocations, { revocationNext: r.revocationNext, revokedFrom: r.revokedFrom, revocationPosition: r.revocationPosition });
  if (column !== undefined) return `${name}.${column} does not have one entry per row`;
  if (!allBelow(r.entityIndex.values(), entities) || [...r.entityIndex].some(([id, e]) => r.entityIds[e] !== id)) return `${name}.entityIndex does not match entityIds`;
  if (!allBelow(r.rowEntity, entities)) return `${name}.rowEntity names an enterprise it does not have`;
  if (![...r.bucketsByFromYear.values()].every((bucket) => allBelow(bucket, rows))) return `${name}.bucketsByFromYear names a row it does not have`;
  if (!allBelow(r.revocationHead, revocations) || !chainRunsBack(r.revocationNext)) return `${name}'s revocation chains do not end`;
  if (!allBelow(r.rowPosition, position + 1) || !allBelow(r.revocationPosition, position + 1)) return `${name} has a row past position ${position}`;
  return undefined;
};

const patentProblem = (p: CheckpointedProjection['patents'], position: number): string | undefined => {
  const patents = p.patentNos.length;
  const rows = p.rowPatent.length;
  const lapses = p.lapseDate.length;
  const { blockSize } = p;
  const column =
    unequal(patents, { lapseHead: p.lapseHead, patentFirstRow: p.patentFirstRow }) ??
    unequal(rows, { rowGranted: p.rowGranted, rowTermEnd: p.rowTermEnd, rowPosition: p.rowPosition }) ??
    unequal(lapses, { lapseNext: p.lapseNext, lapsePosition: p.lapsePosition }) ??
    unequal(Math.floor(rows / blockSize), { blockGranted: p.blockGranted, blockTermEnd: p.blockTermEnd }) ??
    unequal(Math.ceil(rows / blockSize), { blockDirty: p.blockDirty, blockLapsedRows: p.blockLapsedRows });
  if (column !== undefined) return `patents.${column} does not have one entry per row`;
  if (![...p.blockGranted, ...p.blockTermEnd].every((block) => block.length === blockSize)) return `patents has a full block of other than ${blockSize} rows`;
  if (!allBelow(p.index.values(), patents) || [...p.index].some(([no, i]) => p.patentNos[i] !== no)) return 'patents.index does not match patentNos';
  if (!allBelow(p.rowPatent, patents)) return 'patents.rowPatent names a patent it does not have';
  if (!allBelow(p.patentFirstRow, rows) || !p.blockLapsedRows.every((block) => allBelow(block, rows))) return 'patents names a grant row it does not have';
  if (!allBelow(p.lapseHead, lapses) || !chainRunsBack(p.lapseNext)) return "patents' lapse chains do not end";
  if (!allBelow(p.rowPosition, position + 1) || !allBelow(p.lapsePosition, position + 1)) return `patents has a row past position ${position}`;
  return undefined;
};

/**
 * What is wrong with the structure of a decoded state, if anything: a column of the wrong length, an index
 * outside its column, a chain that does not run back to its end, a row past the state's position. Such a
 * state would make a query read `undefined`, throw or loop. O(size of the state).
 */
export const structuralProblem = (p: CheckpointedProjection): string | undefined => {
  const { position } = p;
  const perPosition = unequal(position + 1, { recordedAtMs: p.recordedAtMs, retractedAt: p.retractedAt, eventIds: p.eventIds, types: p.types });
  if (perPosition !== undefined) return `its state's ${perPosition} does not have one entry for each of positions 0..${position}`;
  if (p.recordedAtMs.some((ms, i) => i > 0 && ms === null) || p.types.some((type, i) => i > 0 && type === null)) return "its state's recordedAtMs or types lacks an entry";
  if (!allBelow(p.retractedAt, position + 1) || ![...p.positionsByType.values()].every((ps) => allBelow(ps, position + 1))) {
    return `its state names a position past ${position}`;
  }
  const tables =
    recognitionProblem('highTech', p.highTech, position) ??
    recognitionProblem('techSme', p.techSme, position) ??
    patentProblem(p.patents, position) ??
    (p.platforms.histories.some((h) => unequal(h.date.length, { position: h.position, certification: h.certification, category: h.category }) !== undefined || !allBelow(h.position, position + 1)) ||
    !allBelow(p.platforms.index.values(), p.platforms.histories.length)
      ? 'platforms has a history whose columns do not match'
      : undefined) ??
    ([p.funds, p.projects, p.commissioners].some((f) => [...f.byYear.values()].some((rows) => unequal(rows.date.length, rows) !== undefined || !allBelow(rows.position, position + 1)))
      ? 'a flow table has a year whose columns do not match'
      : undefined) ??
    ([p.statistics, p.targets].some((r) => [...r.byKey.values()].some((reports) => reports.value.length !== reports.position.length || !allBelow(reports.position, position + 1)))
      ? 'a report table has a key whose columns do not match'
      : undefined);
  return tables === undefined ? undefined : `its state's ${tables}`;
};

/**
 * The projection a decoded, structurally sound state stands for, as `district`'s: position 0's −∞ and no-type
 * restored, and the queries' marks as a fresh fold has them (one 0 per enterprise or patent, no flow key, counter 0).
 */
export const projectionOfCheckpoint = (district: DistrictCode, p: CheckpointedProjection): DistrictProjection => ({
  // In the order of a fresh fold (`emptyDistrictProjection`): the state's text is compared as written.
  highTech: { ...p.highTech, countedInQuery: p.highTech.entityIds.map(() => 0), queryCounter: 0 },
  techSme: { ...p.techSme, countedInQuery: p.techSme.entityIds.map(() => 0), queryCounter: 0 },
  platforms: p.platforms,
  funds: { ...p.funds, countedInQuery: new Map(), queryCounter: 0 },
  projects: { ...p.projects, countedInQuery: new Map(), queryCounter: 0 },
  commissioners: { ...p.commissioners, countedInQuery: new Map(), queryCounter: 0 },
  patents: { ...p.patents, countedInQuery: p.patents.patentNos.map(() => 0), queryCounter: 0 },
  statistics: p.statistics,
  targets: p.targets,
  district,
  position: p.position,
  recordedAtMs: p.recordedAtMs.map((ms, i) => (i === 0 || ms === null ? Number.NEGATIVE_INFINITY : ms)),
  retractedAt: p.retractedAt,
  eventIds: EventIdColumn.of(p.eventIds),
  types: p.types.map((type, i) => (i === 0 || type === null ? undefined : type)),
  positionsByType: p.positionsByType,
});
