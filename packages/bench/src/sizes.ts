/** How big each workload is. Fixed seeds: every run measures the same events and asks the same questions. */
export interface BenchSizes {
  /** Events appended in the append measurements. */
  readonly appendEvents: number;
  /** Events per `append` call (the append target's batches of 1,000, docs/benchmarks.md). */
  readonly appendBatch: number;
  /** Events of the one large district (rebuild, snapshots, verify). */
  readonly districtEvents: number;
  readonly snapshotQueries: number;
  readonly snapshotWarmUp: number;
  readonly provinceDistricts: number;
  readonly provinceEventsPerDistrict: number;
  /** Events appended in the append measurements of the platform-and-retraction mix. */
  readonly mixAppendEvents: number;
  /** Events of the platform-and-retraction mix's district (rebuild, snapshots). */
  readonly mixDistrictEvents: number;
  /** Events the import-on-top measurement imports, into a fresh file and into one already holding `importExisting`. */
  readonly importEvents: number;
  readonly importExisting: number;
  /**
   * Point-in-time questions the peer answers (`--peers`): each reads its stream from the start, so far fewer
   * than our snapshot queries.
   */
  readonly peerQueries: number;
  /** Events appended into PostgreSQL and then rebuilt from it (the `postgres` workload). */
  readonly postgresEvents: number;
}

/** The sizes the targets are stated for. */
export const FULL_SIZES: BenchSizes = {
  appendEvents: 200_000,
  appendBatch: 1_000,
  districtEvents: 1_000_000,
  snapshotQueries: 1_000,
  snapshotWarmUp: 200,
  provinceDistricts: 100,
  provinceEventsPerDistrict: 10_000,
  mixAppendEvents: 200_000,
  mixDistrictEvents: 1_000_000,
  importEvents: 100_000,
  importExisting: 900_000,
  peerQueries: 5,
  postgresEvents: 200_000,
};

/** `--quick`: every workload, small enough for CI's smoke run; its times are not judged. */
export const QUICK_SIZES: BenchSizes = {
  appendEvents: 5_000,
  appendBatch: 1_000,
  districtEvents: 20_000,
  snapshotQueries: 1_000,
  snapshotWarmUp: 50,
  provinceDistricts: 10,
  provinceEventsPerDistrict: 1_000,
  mixAppendEvents: 5_000,
  mixDistrictEvents: 20_000,
  importEvents: 2_000,
  importExisting: 18_000,
  peerQueries: 20,
  postgresEvents: 2_000,
};

/**
 * The growth rows (full sizes only; `--quick` stays quick): rebuild and snapshots of the demo mix at each of
 * these sizes. The size equal to `districtEvents` is the large district's own measurement.
 */
export const GROWTH_EVENTS: readonly number[] = [10_000, 100_000, 1_000_000];

/** The seeds of every stream and of the snapshot queries. */
export const SEEDS = {
  /** The large district (also the seed of the synthetic history's own default). */
  district: 20190101,
  append: 7,
  /** District i of the province gets `province + i`. */
  province: 1000,
  snapshotQueries: 42,
  /** The platform-and-retraction mix's streams (append and district). */
  mix: 31,
  /** The import-on-top stream. */
  import: 77,
} as const;

/** The large district's code: SPEC's example district. */
export const LARGE_DISTRICT = '130302';
/** The append measurement's district. */
export const APPEND_DISTRICT = '130303';
/** The district of the platform-and-retraction mix's large stream (rebuild, snapshots). */
export const MIX_DISTRICT = '130304';
/** The district of the platform-and-retraction mix's append measurements. */
export const MIX_APPEND_DISTRICT = '130305';
/** The import-on-top measurement's district. */
export const IMPORT_DISTRICT = '130306';
/** The years of the province-wide progress table. */
export const PROGRESS_YEARS = { from: 2019, to: 2025 } as const;
