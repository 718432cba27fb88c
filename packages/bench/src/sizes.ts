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
};

/** The seeds of every stream and of the snapshot queries. */
export const SEEDS = {
  /** The large district (also the seed of the synthetic history's own default). */
  district: 20190101,
  append: 7,
  /** District i of the province gets `province + i`. */
  province: 1000,
  snapshotQueries: 42,
} as const;

/** The large district's code: SPEC's example district. */
export const LARGE_DISTRICT = '130302';
/** The append measurement's district. */
export const APPEND_DISTRICT = '130303';
/** The years of the province-wide progress table. */
export const PROGRESS_YEARS = { from: 2019, to: 2025 } as const;
