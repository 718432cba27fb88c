import type { DateKey } from './dateKey.js';
import { yearOfKey } from './dateKey.js';
import { isLive } from './knowledge.js';
import type { ContributionSink, Knowledge } from './knowledge.js';

/**
 * Recognitions and revocations of one designation (`high-tech` or `tech-sme`), docs/spec.md §6 rows 1–2.
 * Rows are kept in columns and bucketed by the year of `validFrom`; a query scans only the buckets a
 * validity period can reach from the query year back (`maxSpanYears`), so its cost is
 * O(recognitions starting in [Y − span, Y]) plus O(revocations of the matching enterprises).
 */
export interface RecognitionTable {
  readonly entityIndex: Map<string, number>;
  readonly entityIds: string[];
  readonly rowEntity: number[];
  readonly rowFrom: DateKey[];
  readonly rowUntil: DateKey[];
  readonly rowPosition: number[];
  readonly bucketsByFromYear: Map<number, number[]>;
  maxSpanYears: number;
  /** Per enterprise, the first of its revocation rows (−1: none); rows chain through `revocationNext`. */
  readonly revocationHead: number[];
  readonly revocationNext: number[];
  readonly revocationDecided: DateKey[];
  readonly revokedFrom: DateKey[];
  readonly revocationPosition: number[];
  /** Per enterprise, the last query that counted it: counts distinct enterprises without a set. */
  readonly countedInQuery: number[];
  queryCounter: number;
}

/** An empty table. */
export const emptyRecognitionTable = (): RecognitionTable => ({
  entityIndex: new Map(),
  entityIds: [],
  rowEntity: [],
  rowFrom: [],
  rowUntil: [],
  rowPosition: [],
  bucketsByFromYear: new Map(),
  maxSpanYears: 0,
  revocationHead: [],
  revocationNext: [],
  revocationDecided: [],
  revokedFrom: [],
  revocationPosition: [],
  countedInQuery: [],
  queryCounter: 0,
});

const entityOf = (t: RecognitionTable, enterpriseId: string): number => {
  let e = t.entityIndex.get(enterpriseId);
  if (e === undefined) {
    e = t.entityIds.length;
    t.entityIndex.set(enterpriseId, e);
    t.entityIds.push(enterpriseId);
    t.revocationHead.push(-1);
    t.countedInQuery.push(0);
  }
  return e;
};

/** Adds a recognition valid from `from` to `until` (defaults already applied, docs/spec.md §4). */
export const addRecognition = (t: RecognitionTable, enterpriseId: string, from: DateKey, until: DateKey, position: number): void => {
  const row = t.rowEntity.length;
  t.rowEntity.push(entityOf(t, enterpriseId));
  t.rowFrom.push(from);
  t.rowUntil.push(until);
  t.rowPosition.push(position);
  const year = yearOfKey(from);
  const bucket = t.bucketsByFromYear.get(year);
  if (bucket === undefined) t.bucketsByFromYear.set(year, [row]);
  else bucket.push(row);
  t.maxSpanYears = Math.max(t.maxSpanYears, yearOfKey(until) - year);
};

/** Adds a revocation decided on `decided`, void from `revokedFrom` (docs/spec.md §4). */
export const addRevocation = (t: RecognitionTable, enterpriseId: string, decided: DateKey, revokedFrom: DateKey, position: number): void => {
  const e = entityOf(t, enterpriseId);
  const row = t.revocationDecided.length;
  t.revocationDecided.push(decided);
  t.revokedFrom.push(revokedFrom);
  t.revocationPosition.push(position);
  t.revocationNext.push(t.revocationHead[e]!);
  t.revocationHead[e] = row;
};

// docs/spec.md §6: a live revocation v voids recognition r at D when r.validFrom ≤ v.effectiveDate and v.revokedFrom ≤ D.
const isRevokedAt = (t: RecognitionTable, k: Knowledge, entity: number, validFrom: DateKey, date: DateKey): boolean => {
  for (let v = t.revocationHead[entity]!; v !== -1; v = t.revocationNext[v]!) {
    if (t.revocationDecided[v]! >= validFrom && t.revokedFrom[v]! <= date && isLive(k, t.revocationPosition[v]!)) return true;
  }
  return false;
};

/**
 * docs/spec.md §6 `high-tech-enterprises` / `tech-smes`: distinct enterprises with a live recognition r,
 * r.validFrom ≤ D ≤ r.validUntil, not voided by a live revocation. `sink` receives each counted
 * enterprise with the recognition that counted it.
 */
export const recognizedEnterprisesAt = (t: RecognitionTable, k: Knowledge, date: DateKey, sink?: ContributionSink): number => {
  const query = ++t.queryCounter;
  const year = yearOfKey(date);
  // The columns in locals: the inner loop is loads and compares.
  const { rowFrom, rowUntil, rowEntity, rowPosition, countedInQuery, revocationHead } = t;
  let count = 0;
  for (let y = year - t.maxSpanYears; y <= year; y++) {
    const rows = t.bucketsByFromYear.get(y);
    if (rows === undefined) continue;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const position = rowPosition[row]!;
      // A bucket's rows are in position order: past the knowledge position nothing more is known.
      if (position > k.position) break;
      const from = rowFrom[row]!;
      if (from > date || rowUntil[row]! < date) continue;
      const entity = rowEntity[row]!;
      if (countedInQuery[entity] === query) continue;
      if (!isLive(k, position) || (revocationHead[entity] !== -1 && isRevokedAt(t, k, entity, from, date))) continue;
      countedInQuery[entity] = query;
      count++;
      sink?.(t.entityIds[entity]!, position);
    }
  }
  return count;
};
