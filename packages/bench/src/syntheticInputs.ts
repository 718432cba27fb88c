// The generator's own module, not the testing entry: that entry also loads vitest and fast-check, which
// would sit in every measured process's memory.
import { syntheticHistoryEvents } from '../../core/src/testing/syntheticHistory.js';
import type { EventInputJson } from '@indicator-ledger/core';
import { PLATFORM_RETRACTION_MIX_VERSION, withPlatformsAndRetractions } from './platformRetractionMix.js';

/**
 * Events of the synthetic history per unit of its `scale` (about 10,860 at 2019–2025, measured at scales
 * 1 and 10): how large a history to ask for to get a given number of events.
 */
const EVENTS_PER_SCALE = 10_860;
/** Asks for a little more than needed, so the cut falls late in the last year, not short of the count. */
const HEADROOM = 1.03;

/**
 * The mixes of events a stream can have: the demo history's (`demo`, the default), or the same history with
 * extra platform events and retractions woven in (`platforms-retractions`, see `platformRetractionMix.ts`; the
 * number is that module's version, so a changed mix makes new cache files).
 */
export type StreamMix = 'demo' | `platforms-retractions@${number}`;

/** The platform-heavy, retraction-heavy mix at its current version. */
export const PLATFORM_RETRACTION_MIX: StreamMix = `platforms-retractions@${PLATFORM_RETRACTION_MIX_VERSION}`;

/** What one synthetic district stream of the benchmark is. */
export interface SyntheticStream {
  readonly district: string;
  readonly seed: number;
  /** Exactly this many events, the first of a longer history (docs/spec.md §4 rules only look back, so any prefix is valid). */
  readonly events: number;
  /** The mix of events (default `demo`). */
  readonly mix?: StreamMix;
  /**
   * Generate the history sized for this many events and take the first `events` (default `events`): a stream
   * of N events that is the prefix of the N + K one, so the K events can later be imported on top of it.
   */
  readonly historyEvents?: number;
}

/** The generator's scale for a stream of `events` events. */
export const scaleFor = (events: number, attempt = 0): number => (events / EVENTS_PER_SCALE) * HEADROOM * 1.1 ** attempt;

/**
 * The first `stream.events` events of the synthetic history, in recording order (the realistic mix of the
 * demo history). Throws when the history at this scale is shorter; `attempt` asks for a larger one.
 */
export function* syntheticInputs(stream: SyntheticStream, attempt = 0): Generator<EventInputJson, void, undefined> {
  let count = 0;
  if (stream.events === 0) return;
  const history = syntheticHistoryEvents({ district: stream.district, seed: stream.seed, scale: scaleFor(stream.historyEvents ?? stream.events, attempt) });
  const events = stream.mix === undefined || stream.mix === 'demo' ? history : withPlatformsAndRetractions(history, stream.seed);
  for (const event of events) {
    yield event;
    if (++count === stream.events) return;
  }
  throw new ShortHistory(stream, count);
}

/** The history at the chosen scale had fewer events than asked for. */
export class ShortHistory extends Error {
  constructor(readonly stream: SyntheticStream, readonly got: number) {
    super(`synthetic history of ${stream.district} (seed ${stream.seed}) gave ${got} events, ${stream.events} wanted`);
  }
}

/** Runs `work` with larger histories until one is long enough (at most three tries). */
export const withLongEnoughHistory = async <T>(work: (attempt: number) => Promise<T>): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (!(err instanceof ShortHistory) || attempt >= 2) throw err;
    }
  }
};

/** Cuts a sequence into batches of `size`. */
export function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[], void, undefined> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
