import * as E from 'fp-ts/lib/Either.js';
import type { IndicatorId } from '../events/indicatorCatalog.js';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import type { Problem } from '../events/problem.js';
import { parseDistrictCode } from '../ids/districtCode.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Sha256Hex, StoredRecord } from '../record/record.js';
import type { EventStore, FoldFields, PositionRange } from '../store/port.js';
import { endOfYear, isAcceptedYear, parseCivilDate, YEAR_RANGE_TEXT } from '../time/civilDate.js';
import type { CivilDate } from '../time/civilDate.js';
import { parseInstant } from '../time/instant.js';
import type { Instant } from '../time/instant.js';
import { applyRecord, emptyDistrictProjection, foldTailRecord, knowledgeAsOf } from './districtProjection.js';
import type { DistrictProjection } from './districtProjection.js';
import { explainAt } from './explain.js';
import type { Explanation } from './explain.js';
import { rankingAt, rollupAt } from './rollup.js';
import type { RankedDistrict, Rollup } from './rollup.js';
import { indicatorSnapshotsAt, snapshotAt } from './snapshot.js';
import type { IndicatorSnapshot, Snapshot } from './snapshot.js';
import { vintagesOf } from './vintages.js';
import { withQueryScratch } from './queryScratch.js';
import type { Vintage } from './vintages.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import { PROJECTION_NAME, PROJECTION_VERSION } from './checkpointState.js';
import { sealProjectionCheckpoint, unsealProjectionCheckpoint } from './projectionCheckpoint.js';
import { beyondHeadProblem, recordHashAt, unboundProblem } from '../store/sealedCheckpoint.js';
import type { ProjectionCheckpointProblem } from './projectionCheckpoint.js';

/** When a figure is wanted: a civil date, or a year (valued on its December 31), as known at `asOf`. */
export type ValuationQuery = ({ readonly date: string; readonly year?: undefined } | { readonly year: number; readonly date?: undefined }) & {
  readonly asOf?: string;
};

/** A row of the progress table: one year, every indicator with value, target and status. */
export interface ProgressRow {
  readonly year: number;
  readonly date: CivilDate;
  readonly indicators: { readonly [K in IndicatorId]: IndicatorSnapshot };
}

/** Options of {@link IndicatorProjections}. */
export interface ProjectionOptions {
  /** Keep projections current from this ledger's appends as they happen (no store round trip). */
  readonly ledger?: Ledger;
  /** Save a projection checkpoint in the store every this many folded records (default: never). */
  readonly checkpointEvery?: number;
  /** Told of a stored checkpoint that failed its checks on loading and was not used (docs/spec.md §8.4). */
  readonly onCheckpointRejected?: (problem: ProjectionCheckpointProblem) => void;
  /**
   * Told of a checkpoint that could not be saved after a live append from `ledger`, which no query awaits
   * (docs/spec.md §8.4). Without it, that failure is thrown by the district's next query instead.
   */
  readonly onCheckpointNotSaved?: (problem: ProjectionCheckpointProblem) => void;
}

interface ResolvedQuery {
  readonly date: CivilDate;
  readonly asOf: Instant | undefined;
}

/** A problem with a year given at `path`, if it is not a whole year docs/spec.md §3 accepts. */
const yearProblem = (path: string, year: number): Problem | undefined =>
  isAcceptedYear(year) ? undefined : { path, reason: `should be ${YEAR_RANGE_TEXT}, got ${year}` };

/** The normalised `asOf` instant (undefined: everything recorded); a bad one is added to `problems`. */
const parseAsOf = (text: string | undefined, problems: Problem[]): Instant | undefined => {
  if (text === undefined) return undefined;
  const a = parseInstant(text);
  if (E.isLeft(a)) problems.push({ path: 'asOf', reason: a.left });
  return E.isRight(a) ? a.right : undefined;
};

const resolveQuery = (q: ValuationQuery): E.Either<Problem[], ResolvedQuery> => {
  const problems: Problem[] = [];
  let date: CivilDate | undefined;
  if (q.year !== undefined) {
    const bad = yearProblem('year', q.year);
    if (bad !== undefined) problems.push(bad);
    else date = endOfYear(q.year);
  } else if (q.date !== undefined) {
    const d = parseCivilDate(q.date);
    if (E.isRight(d)) date = d.right;
    else problems.push({ path: 'date', reason: d.left });
  } else problems.push({ path: 'date', reason: 'give a date or a year' });
  const asOf = parseAsOf(q.asOf, problems);
  return problems.length > 0 || date === undefined ? E.left(problems) : E.right({ date, asOf });
};

const checkIndicator = (id: string): E.Either<Problem[], IndicatorId> =>
  (INDICATOR_IDS as readonly string[]).includes(id)
    ? E.right(id as IndicatorId)
    : E.left([{ path: 'indicator', reason: `unknown indicator ${JSON.stringify(id)}; one of ${INDICATOR_IDS.join(', ')}` }]);

const checkDistrict = (district: string): E.Either<Problem[], DistrictCode> => {
  const r = parseDistrictCode(district);
  return E.mapLeft((reason: string) => [{ path: 'district', reason }])(r);
};

/**
 * The districts of a roll-up or ranking (docs/spec.md §8.5): each a valid code, at least one, none twice — a
 * district named twice would be counted twice, and an empty list would answer zeros for nothing.
 */
const checkDistricts = (districts: readonly string[]): E.Either<Problem[], DistrictCode[]> => {
  if (districts.length === 0) return E.left([{ path: 'districts', reason: 'give at least one district' }]);
  const problems: Problem[] = [];
  const codes: DistrictCode[] = [];
  const seenAt = new Map<string, number>();
  districts.forEach((district, i) => {
    const d = checkDistrict(district);
    if (E.isLeft(d)) problems.push(...d.left);
    else codes.push(d.right);
    const first = seenAt.get(district);
    if (first !== undefined) problems.push({ path: `districts[${i}]`, reason: `${district} is already at districts[${first}]; a district named twice would be counted twice` });
    else seenAt.set(district, i);
  });
  return problems.length > 0 ? E.left(problems) : E.right(codes);
};

/**
 * The read side: one {@link DistrictProjection} per district, folded from the store on first use
 * (resuming from a saved checkpoint of the current version once it passes its checks, docs/spec.md §8.4), then kept current —
 * incrementally from the ledger's appends, and by folding the store's tail when another writer appended.
 * Queries validate their input and return `Either`s; they never rescan a stream.
 */
export class IndicatorProjections {
  readonly store: EventStore;
  readonly #projections = new Map<DistrictCode, DistrictProjection>();
  readonly #loading = new Map<DistrictCode, Promise<DistrictProjection>>();
  readonly #checkpointEvery: number | undefined;
  readonly #unsubscribe: (() => void) | undefined;
  readonly #lastCheckpoint = new Map<DistrictCode, number>();
  readonly #onCheckpointRejected: ((problem: ProjectionCheckpointProblem) => void) | undefined;
  readonly #onCheckpointNotSaved: ((problem: ProjectionCheckpointProblem) => void) | undefined;
  /** A live append's checkpoint save that failed with no `onCheckpointNotSaved` to tell: the next query throws it. */
  readonly #unreportedSaveFailure = new Map<DistrictCode, unknown>();

  constructor(store: EventStore, options: ProjectionOptions = {}) {
    this.store = store;
    this.#checkpointEvery = options.checkpointEvery;
    this.#onCheckpointRejected = options.onCheckpointRejected;
    this.#onCheckpointNotSaved = options.onCheckpointNotSaved;
    this.#unsubscribe = options.ledger?.onAppend((district, records) => this.#applyLive(district, records));
  }

  /** Stops following the ledger. */
  dispose(): void {
    this.#unsubscribe?.();
  }

  /**
   * The current projection of a district (folded on first use, then caught up with the store). Throws a
   * live append's checkpoint save failure that no `onCheckpointNotSaved` was given to hear, once.
   */
  async projection(district: DistrictCode): Promise<DistrictProjection> {
    if (this.#unreportedSaveFailure.has(district)) {
      const failure = this.#unreportedSaveFailure.get(district);
      this.#unreportedSaveFailure.delete(district);
      throw failure;
    }
    let p = this.#projections.get(district);
    if (p === undefined) {
      let loading = this.#loading.get(district);
      if (loading === undefined) {
        loading = this.#load(district);
        this.#loading.set(district, loading);
      }
      p = await loading;
      this.#loading.delete(district);
      this.#projections.set(district, p);
    }
    await this.#catchUp(p);
    return p;
  }

  /** Folds a district from position 1, ignoring checkpoints and memory. */
  async rebuild(district: DistrictCode): Promise<DistrictProjection> {
    const p = emptyDistrictProjection(district);
    await this.#catchUp(p);
    this.#projections.set(district, p);
    return p;
  }

  /** The docs/spec.md §7 snapshot of a district. */
  async snapshot(district: string, query: ValuationQuery): Promise<E.Either<Problem[], Snapshot>> {
    const d = checkDistrict(district);
    const q = resolveQuery(query);
    if (E.isLeft(d) || E.isLeft(q)) return E.left([...(E.isLeft(d) ? d.left : []), ...(E.isLeft(q) ? q.left : [])]);
    const p = await this.projection(d.right);
    return E.right(snapshotAt(p, knowledgeAsOf(p, q.right.asOf), q.right.date, q.right.asOf ?? null));
  }

  /** Years × indicators with value, target and status (each year valued on December 31). */
  async progress(district: string, range: { readonly from: number; readonly to: number; readonly asOf?: string }): Promise<E.Either<Problem[], ProgressRow[]>> {
    const d = checkDistrict(district);
    const problems: Problem[] = E.isLeft(d) ? [...d.left] : [];
    for (const [path, year] of [['from', range.from], ['to', range.to]] as const) {
      const bad = yearProblem(path, year);
      if (bad !== undefined) problems.push(bad);
    }
    if (problems.length === 0 && range.from > range.to) problems.push({ path: 'from', reason: `${range.from} is after to ${range.to}` });
    const asOf = parseAsOf(range.asOf, problems);
    if (problems.length > 0 || E.isLeft(d)) return E.left(problems);
    const p = await this.projection(d.right);
    const k = knowledgeAsOf(p, asOf);
    const rows: ProgressRow[] = [];
    for (let year = range.from; year <= range.to; year++) {
      const date = endOfYear(year);
      rows.push({ year, date, indicators: indicatorSnapshotsAt(p, k, dateKeyOf(date)) });
    }
    return E.right(rows);
  }

  /** The entities and event ids behind one figure. */
  async explain(district: string, indicator: string, query: ValuationQuery): Promise<E.Either<Problem[], Explanation>> {
    const d = checkDistrict(district);
    const i = checkIndicator(indicator);
    const q = resolveQuery(query);
    if (E.isLeft(d) || E.isLeft(i) || E.isLeft(q)) return E.left([d, i, q].flatMap((x) => (E.isLeft(x) ? x.left : [])));
    const p = await this.projection(d.right);
    return E.right(explainAt(p, i.right, q.right.date, q.right.asOf));
  }

  /** How a yearly figure was revised over knowledge time. */
  async vintages(district: string, indicator: string, year: number): Promise<E.Either<Problem[], Vintage[]>> {
    const d = checkDistrict(district);
    const i = checkIndicator(indicator);
    const q = resolveQuery({ year });
    if (E.isLeft(d) || E.isLeft(i) || E.isLeft(q)) return E.left([d, i, q].flatMap((x) => (E.isLeft(x) ? x.left : [])));
    const p = await this.projection(d.right);
    // Vintages value the figure once per revision; their counting marks stay off the state (docs/spec.md §8.4).
    return E.right(withQueryScratch(p, (view) => vintagesOf(view, i.right, year)));
  }

  /**
   * Several districts combined: counts and money summed, ratios recomputed from summed parts. An empty list
   * or a district named twice is refused (docs/spec.md §8.5).
   */
  async rollup(districts: readonly string[], query: ValuationQuery): Promise<E.Either<Problem[], Rollup>> {
    const ds = checkDistricts(districts);
    const q = resolveQuery(query);
    if (E.isLeft(ds) || E.isLeft(q)) return E.left([...(E.isLeft(ds) ? ds.left : []), ...(E.isLeft(q) ? q.left : [])]);
    const projections = await Promise.all(ds.right.map((d) => this.projection(d)));
    return E.right(rollupAt(projections, q.right.date, q.right.asOf));
  }

  /** Districts ranked on one indicator; as for {@link rollup}, at least one district and none twice. */
  async ranking(districts: readonly string[], indicator: string, query: ValuationQuery & { readonly order?: 'desc' | 'asc' }): Promise<E.Either<Problem[], RankedDistrict[]>> {
    const ds = checkDistricts(districts);
    const i = checkIndicator(indicator);
    const q = resolveQuery(query);
    if (E.isLeft(ds) || E.isLeft(i) || E.isLeft(q)) return E.left([ds, i, q].flatMap((x) => (E.isLeft(x) ? x.left : [])));
    const projections = await Promise.all(ds.right.map((d) => this.projection(d)));
    return E.right(rankingAt(projections, i.right, q.right.date, q.right.asOf, query.order ?? 'desc'));
  }

  /**
   * Saves the district's projection as a checkpoint in the store (when the store keeps checkpoints), sealed
   * to the hash of the record at its position (docs/spec.md §8.4).
   */
  async saveCheckpoint(district: DistrictCode): Promise<boolean> {
    const checkpoints = this.store.checkpoints;
    const p = this.#projections.get(district);
    if (checkpoints === undefined || p === undefined) return false;
    const hash = await recordHashAt(this.store, district, p.position);
    if (hash === undefined) return false;
    await checkpoints.saveCheckpoint(sealProjectionCheckpoint(p, hash));
    this.#lastCheckpoint.set(district, p.position);
    return true;
  }

  async #load(district: DistrictCode): Promise<DistrictProjection> {
    const saved = await this.store.checkpoints?.loadCheckpoint(district, PROJECTION_NAME);
    // A checkpoint of another projection version is ignored: the fold is redone from position 1.
    if (saved === undefined || saved.version !== PROJECTION_VERSION) return emptyDistrictProjection(district);
    const opened = unsealProjectionCheckpoint(district, saved);
    const resumed = E.isLeft(opened) ? opened : await this.#resumeBound(opened.right.projection, opened.right.hash);
    if (E.isLeft(resumed)) {
      // Never served: the records are folded again, and whoever runs the query is told (docs/spec.md §8.4).
      this.#onCheckpointRejected?.({ district, projection: PROJECTION_NAME, position: saved.position, reason: resumed.left });
      return emptyDistrictProjection(district);
    }
    this.#lastCheckpoint.set(district, saved.position);
    await this.#maybeCheckpoint(resumed.right);
    return resumed.right;
  }

  /**
   * Folds the tail after a checkpoint sealed to `hash`, checking first that the stream has that hash at the
   * checkpoint's position: the head's hash, or the `prevHash` of the first record folded — so resuming reads
   * exactly the tail, each record once (docs/spec.md §8.4).
   */
  async #resumeBound(p: DistrictProjection, hash: Sha256Hex): Promise<E.Either<string, DistrictProjection>> {
    const from = p.position;
    const head = await this.store.head(p.district);
    if (head.position < from) return E.left(beyondHeadProblem(from));
    if (head.position === from) return head.hash === hash ? E.right(p) : E.left(unboundProblem(hash, head.hash, from));
    for await (const page of this.store.readPages(p.district, { from: from + 1 })) {
      for (const r of page) {
        // The first record after the checkpoint must link to the hash it was sealed to, before it is folded.
        if (r.position === from + 1 && p.position === from && r.prevHash !== hash) return E.left(unboundProblem(hash, r.prevHash, from));
        foldTailRecord(p, r);
      }
    }
    return E.right(p);
  }

  async #catchUp(p: DistrictProjection): Promise<void> {
    const head = await this.store.head(p.district);
    if (head.position <= p.position) return;
    for await (const page of this.#foldPages(p.district, { from: p.position + 1 })) {
      for (const r of page) foldTailRecord(p, r);
    }
    await this.#maybeCheckpoint(p);
  }

  /**
   * The records of a range as the fold reads them: the store's `readFoldPages` where it offers one (which
   * parses each record's data and nothing else), its `readPages` otherwise — the same fields either way.
   */
  #foldPages(district: DistrictCode, range: PositionRange): AsyncIterable<readonly FoldFields[]> {
    return this.store.readFoldPages?.(district, range) ?? this.store.readPages(district, range);
  }

  #applyLive(district: DistrictCode, records: readonly StoredRecord[]): void {
    const p = this.#projections.get(district);
    // A projection not loaded yet, or behind (another writer), is brought up to date by its next query.
    if (p === undefined || records[0]?.position !== p.position + 1) return;
    for (const r of records) applyRecord(p, r);
    // Nobody awaits this save, so its failure is reported rather than lost: the figures stand (a checkpoint is
    // a cache, docs/spec.md §8.4) and the save is tried again after the next append.
    const position = p.position;
    void this.#maybeCheckpoint(p).catch((error: unknown) => this.#checkpointNotSaved(district, position, error));
  }

  /** Reports a live append's failed checkpoint save (at `position`) to the hook, or keeps it for the next query. */
  #checkpointNotSaved(district: DistrictCode, position: number, error: unknown): void {
    if (this.#onCheckpointNotSaved === undefined) {
      this.#unreportedSaveFailure.set(district, error);
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    this.#onCheckpointNotSaved({ district, projection: PROJECTION_NAME, position, reason });
  }

  async #maybeCheckpoint(p: DistrictProjection): Promise<void> {
    if (this.#checkpointEvery === undefined) return;
    const last = this.#lastCheckpoint.get(p.district) ?? 0;
    if (p.position - last >= this.#checkpointEvery) await this.saveCheckpoint(p.district);
  }
}

/** Creates the read side over a store, optionally following a ledger's appends. */
export const createIndicatorProjections = (store: EventStore, options?: ProjectionOptions): IndicatorProjections =>
  new IndicatorProjections(store, options);
