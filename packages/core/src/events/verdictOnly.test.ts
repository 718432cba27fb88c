import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeEventInput, decodeEventInputWithProblems } from './envelope.js';
import { arbEventInput } from '../testing/arbitraries.js';

/**
 * `decodeEventInput` first asks the codecs for a verdict alone (`VERDICT_ONLY`, no io-ts contexts) and
 * only on a refusal runs the io-ts path for the problems. Both must say the same of every input: the
 * same event, in the same key order, for a valid one; the same problems for an invalid one.
 */

type Json = Record<string, unknown>;

// Odd values a field may be given instead of its own.
const arbOddValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string({ maxLength: 8 }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.constant(' '),
    fc.constant('x'.repeat(201)),
    fc.constant('\u001b[31m'),
    fc.constant(9007199254740993),
  );

// A field path to change: an envelope key, an actor key, a data key (when data is an object), or a new key.
const mutate = (input: Json, where: number, key: string, value: unknown, remove: boolean): unknown => {
  const copy: Json = structuredClone(input);
  // An earlier change may have made actor or data something other than an object: then only the envelope changes.
  const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
  const targets: [Json, string[]][] = [copy, copy.actor, copy.data].filter(isObject).map((o) => [o, Object.keys(o)]);
  const [target, keys] = targets[where % targets.length]!;
  const name = keys.length > 0 && key.length % 3 !== 0 ? keys[key.length % keys.length]! : key;
  if (remove) delete target[name];
  else target[name] = value;
  return copy;
};

const arbInput = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    arbEventInput() as fc.Arbitrary<unknown>,
    fc
      .tuple(arbEventInput(), fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 6 }), arbOddValue(), fc.boolean()), { minLength: 1, maxLength: 3 }))
      .map(([input, changes]) => changes.reduce<unknown>((u, [where, key, value, remove]) => mutate(u as Json, where, key, value, remove), input)),
    arbOddValue(),
  );

describe('decodeEventInput: the verdict-only fast path', () => {
  it('says what the io-ts path says of every input: the same event (key order too) or the same problems', () => {
    fc.assert(
      fc.property(arbInput(), fc.option(fc.nat(), { nil: undefined }), (u, index) => {
        const at = index === undefined ? {} : { index };
        const fast = decodeEventInput(u, at);
        const reference = decodeEventInputWithProblems(u, at);
        expect(fast).toEqual(reference);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the decoded event its keys in the envelope codec order: required fields, then the optional ones given', () => {
    const full = {
      schemaVersion: 1,
      source: 'doc 1',
      recordedAt: '2021-01-15T10:00:00+08:00',
      eventId: '3F2B8C1E-7A4D-4E2F-9B1C-2D3E4F5A6B7C',
      data: { statistic: 'resident-population', year: 2020, value: 250000, status: 'final' },
      actor: { user: 'li', unit: 'statistics' },
      effectiveDate: '2021-01-15',
      district: '130302',
      type: 'StatisticReported',
    };
    const decoded = decodeEventInput(full);
    expect(decoded._tag).toBe('Right');
    if (decoded._tag !== 'Right') return;
    expect(Object.keys(decoded.right)).toEqual(['type', 'district', 'effectiveDate', 'actor', 'data', 'eventId', 'recordedAt', 'source', 'schemaVersion']);
    expect(Object.keys(decoded.right.actor)).toEqual(['unit', 'user']);
    const { eventId: _e, recordedAt: _r, source: _s, schemaVersion: _v, ...minimal } = full;
    const bare = decodeEventInput(minimal);
    expect(bare._tag === 'Right' && Object.keys(bare.right)).toEqual(['type', 'district', 'effectiveDate', 'actor', 'data', 'schemaVersion']);
  });

  it('is exercised on both sides: some random inputs are valid and some are not', () => {
    const samples = fc.sample(arbInput(), { numRuns: 400, seed: 15 });
    const verdicts = new Set(samples.map((u) => decodeEventInput(u)._tag));
    expect(verdicts).toEqual(new Set(['Left', 'Right']));
  });
});
