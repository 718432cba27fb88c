import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createLedger } from '../ledger/ledger.js';
import type { LedgerOptions } from '../ledger/ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { EVENT_TYPES } from '../events/catalog.js';
import type { EventType } from '../events/catalog.js';
import { STATISTICS, UNITS, UNIT_IDS } from '../events/vocabulary.js';
import type { Statistic, Unit } from '../events/vocabulary.js';
import type { AuthorizationPolicy } from './authorization.js';
import { EXAMPLE_DISTRICT, exampleEvent, examplePrerequisites } from '../testing/exampleEvents.js';

/** docs/spec.md §5's default policy, written out again from the table so the test does not read the code's own. */
const SPEC_TABLE: Readonly<Record<Exclude<EventType, 'EventRetracted'>, readonly Unit[]>> = {
  EnterpriseRecognized: ['development-reform', 'administrative-approval'],
  EnterpriseRecognitionRevoked: ['development-reform', 'administrative-approval'],
  PlatformCertified: ['development-reform', 'administrative-approval', 'agriculture-rural'],
  PlatformDecertified: ['development-reform', 'administrative-approval', 'agriculture-rural'],
  FundsAllocated: ['finance'],
  PatentGranted: ['market-regulation'],
  PatentLapsed: ['market-regulation'],
  StatisticReported: ['statistics'],
  ProjectApproved: ['development-reform'],
  TargetSet: ['development-reform'],
  CommissionerDispatched: ['development-reform', 'human-resources', 'agriculture-rural'],
};
const FISCAL: readonly Statistic[] = ['general-public-budget-expenditure', 'fiscal-st-expenditure'];

const clock = () => new Date('2021-01-01T00:00:00Z');

/** Appends `setup` (which must be accepted), then `event`; returns the outcome of the second append. */
const appendAfter = async (setup: readonly unknown[], event: unknown, options: Partial<LedgerOptions> = {}) => {
  const ledger = createLedger({ store: createMemoryStore(), clock, ...options });
  if (setup.length > 0) {
    const r = await ledger.append(EXAMPLE_DISTRICT, [...setup]);
    if (E.isLeft(r)) throw new Error(`setup refused: ${JSON.stringify(r.left)}`);
  }
  return ledger.append(EXAMPLE_DISTRICT, [event]);
};

const outcome = (r: Awaited<ReturnType<typeof appendAfter>>): 'accepted' | string =>
  E.isRight(r) ? 'accepted' : r.left.kind === 'invalid' ? r.left.problems.map((p) => `${p.path}: ${p.reason}`).join('; ') : r.left.kind;

describe('default policy (docs/spec.md §5): one row at a time, every unit', () => {
  it('covers the twelve event types', () => {
    expect([...Object.keys(SPEC_TABLE), 'EventRetracted'].sort()).toEqual([...EVENT_TYPES].sort());
    expect(UNIT_IDS).toHaveLength(19);
  });

  it.each(Object.entries(SPEC_TABLE) as [Exclude<EventType, 'EventRetracted'>, readonly Unit[]][])('%s: accepted from %j, rejected from every other unit', async (type, allowed) => {
    for (const unit of UNIT_IDS) {
      const r = await appendAfter(examplePrerequisites(type), exampleEvent(type, { unit }));
      if (allowed.includes(unit)) {
        expect(outcome(r), unit).toBe('accepted');
      } else {
        expect(outcome(r), unit).toBe(`actor.unit: ${unit} (${UNITS[unit]}) may not record ${type}; allowed: ${allowed.join(', ')}`);
      }
    }
  });

  it('StatisticReported: finance may report the two fiscal statistics, and no other', async () => {
    for (const statistic of Object.keys(STATISTICS) as Statistic[]) {
      const r = await appendAfter([], exampleEvent('StatisticReported', { unit: 'finance', data: { statistic } }));
      expect(outcome(r) === 'accepted', statistic).toBe(FISCAL.includes(statistic));
      // statistics reports every one of them.
      expect(outcome(await appendAfter([], exampleEvent('StatisticReported', { data: { statistic } })))).toBe('accepted');
    }
  });

  it('EventRetracted: the unit that recorded the event, or development-reform; no third unit', async () => {
    const TARGET = '44444444-4444-4444-8444-444444444444';
    const target = exampleEvent('FundsAllocated', { eventId: TARGET });
    const retraction = (unit: Unit) => exampleEvent('EventRetracted', { unit, data: { eventId: TARGET } });
    expect(outcome(await appendAfter([target], retraction('finance')))).toBe('accepted');
    expect(outcome(await appendAfter([target], retraction('development-reform')))).toBe('accepted');
    expect(outcome(await appendAfter([target], retraction('statistics')))).toBe(
      'actor.unit: statistics (区统计局) may not retract an event recorded by finance (区财政局)',
    );
    for (const unit of UNIT_IDS) {
      const r = await appendAfter([target], retraction(unit));
      expect(E.isRight(r), unit).toBe(unit === 'finance' || unit === 'development-reform');
    }
  });

  it('EventRetracted: the recording unit of an event in the same batch counts', async () => {
    const TARGET = '55555555-5555-4555-8555-555555555555';
    const ledger = createLedger({ store: createMemoryStore(), clock });
    const r = await ledger.append(EXAMPLE_DISTRICT, [
      exampleEvent('PatentGranted', { eventId: TARGET }),
      exampleEvent('EventRetracted', { unit: 'market-regulation', data: { eventId: TARGET } }),
    ]);
    expect(outcome(r)).toBe('accepted');
  });
});

describe('a custom policy replaces the default', () => {
  // Only the statistics bureau may record anything; it may retract only its own events.
  const statisticsOnly: AuthorizationPolicy = (event, context) => {
    if (event.actor.unit !== 'statistics') return 'only the statistics bureau records in this pilot';
    if (event.type === 'EventRetracted' && context.recordedUnitOf(event.data.eventId) !== 'statistics') return 'not ours';
    return undefined;
  };

  it('accepts what the default would refuse and refuses what the default would accept', async () => {
    const byStatistics = exampleEvent('EnterpriseRecognized', { unit: 'statistics' });
    const byDevelopmentReform = exampleEvent('EnterpriseRecognized');
    expect(outcome(await appendAfter([], byStatistics))).not.toBe('accepted');
    expect(outcome(await appendAfter([], byStatistics, { policy: statisticsOnly }))).toBe('accepted');
    expect(outcome(await appendAfter([], byDevelopmentReform))).toBe('accepted');
    expect(outcome(await appendAfter([], byDevelopmentReform, { policy: statisticsOnly }))).toBe('actor.unit: only the statistics bureau records in this pilot');
  });

  it('is asked with the recording unit of the retracted event', async () => {
    const TARGET = '66666666-6666-4666-8666-666666666666';
    const ours = exampleEvent('FundsAllocated', { eventId: TARGET, unit: 'statistics' });
    const retraction = exampleEvent('EventRetracted', { unit: 'statistics', data: { eventId: TARGET } });
    expect(outcome(await appendAfter([ours], retraction, { policy: statisticsOnly }))).toBe('accepted');
    const theirs = exampleEvent('FundsAllocated', { eventId: TARGET });
    expect(outcome(await appendAfter([theirs], retraction, { policy: () => undefined }))).toBe('accepted');
    const ledger = createLedger({ store: createMemoryStore(), clock, policy: () => undefined });
    await ledger.append(EXAMPLE_DISTRICT, [theirs]);
    const strict = createLedger({ store: ledger.store, clock, policy: statisticsOnly });
    expect(outcome(await strict.append(EXAMPLE_DISTRICT, [retraction]))).toBe('actor.unit: not ours');
  });
});
