/**
 * The platform-heavy, retraction-heavy mix of docs/benchmarks.md: the synthetic history with extra platform
 * certifications, decertifications and retractions woven in, so that per 1,000,000 events about 73,600 are
 * platform events and about 52,000 are retractions (the demo mix has ~15,600 and ~900). Every added event is
 * one the ledger admits (docs/spec.md §4, §5): a decertification names a platform certified earlier in the
 * stream, a retraction names an added event that is not a retraction, not yet retracted and that no later
 * event depends on, and every added event comes from development-reform, which may record platforms and
 * retract anything (§5).
 */
import type { EventInputJson } from '@indicator-ledger/core';
import { integerBetween, seededRandom } from './seededRandom.js';
import type { SeededRandom } from './seededRandom.js';

/**
 * Bumped whenever what this module emits changes: it is part of a stream's description, and so of the cached
 * ledger file's name (see `datasets.ts`), which the core generator's digest does not cover.
 */
export const PLATFORM_RETRACTION_MIX_VERSION = 1;

// Per event of the underlying history. The history already holds ~1.565% platform events and ~0.09%
// retractions; solving for 73,600 and 52,000 per 1,000,000 of the woven stream gives ~889,100 history
// events, 59,700 added platform events and 51,200 added retractions per million.
const ADDED_CERTIFICATIONS_PER_EVENT = 0.0537;
const ADDED_DECERTIFICATIONS_PER_EVENT = 0.01343;
const ADDED_RETRACTIONS_PER_EVENT = 0.05759;
/** One added platform in this many is later decertified (certifications : decertifications = 4 : 1). */
const DECERTIFIED_EVERY = 4;

const PLATFORM_KINDS = ['key-laboratory', 'engineering-research-center', 'enterprise-technology-center', 'incubator', 'maker-space', 'new-rd-institution'] as const;
const LEVELS = ['district', 'municipal', 'provincial', 'national'] as const;
const ACTOR = { unit: 'development-reform', user: 'bench.mix' } as const;
const SOURCE = 'SYNTHETIC bench platform-retraction mix';
const UTC8_MS = 8 * 3_600_000;

/** A version 4 UUID drawn from the seeded generator: added events get ids as reproducible as the history's. */
const seededUuid = (random: SeededRandom): string => {
  const hex = (n: number): string => Array.from({ length: n }, () => integerBetween(random, 0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[integerBetween(random, 0, 3)]}${hex(3)}-${hex(12)}`;
};

/**
 * The civil date (UTC+8, docs/spec.md §1) of an instant: an added event takes effect the day it is recorded,
 * which keeps every added fact in step with the history around it.
 */
const civilDateOf = (recordedAt: string): string => new Date(Date.parse(recordedAt) + UTC8_MS).toISOString().slice(0, 10);

/**
 * Weaves the added events into `history` (the synthetic history, in recording order). Each added event takes
 * the `recordedAt` of the history event before it (the order of docs/spec.md §1 allows equal instants).
 * Deterministic for a given `seed` and history.
 */
export function* withPlatformsAndRetractions(history: Iterable<EventInputJson>, seed: number): Generator<EventInputJson, void, undefined> {
  const random = seededRandom(seed ^ 0x5eed_a11c);
  let certifications = 0;
  let certificationCredit = 0;
  let decertificationCredit = 0;
  let retractionCredit = 0;
  /** Certified platforms chosen for a later decertification, with their certification's event id. */
  const awaitingDecertification: { platformId: string; certification: string }[] = [];
  /** Added events no later event depends on: what a retraction may name. */
  const retractable: string[] = [];
  for (const event of history) {
    yield event;
    const recordedAt = event.recordedAt!;
    const effectiveDate = civilDateOf(recordedAt);
    certificationCredit += ADDED_CERTIFICATIONS_PER_EVENT;
    while (certificationCredit >= 1) {
      certificationCredit -= 1;
      const n = certifications++;
      const platformId = `MIX-${seed}-${n}`;
      const eventId = seededUuid(random);
      yield {
        type: 'PlatformCertified',
        eventId,
        district: event.district,
        effectiveDate,
        recordedAt,
        actor: ACTOR,
        source: SOURCE,
        data: { platformId, name: `SYNTHETIC 平台 ${n}`, kind: PLATFORM_KINDS[n % PLATFORM_KINDS.length]!, level: LEVELS[integerBetween(random, 0, LEVELS.length - 1)]! },
      };
      // A certification a decertification will name must stay live until then (docs/spec.md §4).
      if (n % DECERTIFIED_EVERY === 0) awaitingDecertification.push({ platformId, certification: eventId });
      else retractable.push(eventId);
    }
    decertificationCredit += ADDED_DECERTIFICATIONS_PER_EVENT;
    while (decertificationCredit >= 1 && awaitingDecertification.length > 0) {
      decertificationCredit -= 1;
      const { platformId, certification } = awaitingDecertification.splice(integerBetween(random, 0, awaitingDecertification.length - 1), 1)[0]!;
      const eventId = seededUuid(random);
      yield { type: 'PlatformDecertified', eventId, district: event.district, effectiveDate, recordedAt, actor: ACTOR, source: SOURCE, data: { platformId, reason: 'SYNTHETIC 复核未通过' } };
      retractable.push(certification, eventId);
    }
    retractionCredit += ADDED_RETRACTIONS_PER_EVENT;
    while (retractionCredit >= 1 && retractable.length > 0) {
      retractionCredit -= 1;
      const i = integerBetween(random, 0, retractable.length - 1);
      const target = retractable[i]!;
      retractable[i] = retractable[retractable.length - 1]!;
      retractable.pop();
      yield { type: 'EventRetracted', eventId: seededUuid(random), district: event.district, effectiveDate, recordedAt, actor: ACTOR, source: SOURCE, data: { eventId: target, reason: 'SYNTHETIC 录入有误' } };
    }
  }
}
