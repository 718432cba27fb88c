import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import * as E from 'fp-ts/lib/Either.js';
import { decodeEventInput } from '../events/envelope.js';
import { arbEventInput } from '../testing/arbitraries.js';
import { canonicalJson, referenceCanonicalJson } from './canonicalJson.js';
import { chainedFieldsOf, chainedFieldsText, chainedRecord, recordToJson } from './record.js';
import type { StoredRecord } from './record.js';

/** What the reference does with a value: its text, or the message it throws. */
const outcomeOf = (f: (v: unknown) => string | undefined, value: unknown): { text: string | undefined } | { error: string } => {
  try {
    return { text: f(value) };
  } catch (err) {
    return { error: err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err) };
  }
};

/** The fast path and the `canonicalize` package agree: the same text, or the same error. */
const expectSameAsReference = (value: unknown): void => {
  const reference = outcomeOf((v) => {
    const text = canonicalize(v);
    if (text === undefined) throw new TypeError('value has no JSON form');
    return text;
  }, value);
  expect(outcomeOf(canonicalJson, value)).toEqual(reference);
};

// Strings that stress key order and escaping: UTF-16 code-unit order (RFC 8785 §3.2.3), surrogate pairs,
// lone surrogates, controls, quotes, backslashes, and characters JSON.stringify escapes or leaves alone.
const trickyString = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'a', 'B', 'é', '\u00e9', 'e\u0301', '\ud83d\ude00', '\ud800', '\udc00', 'x\ud800y', '\u2028', '\u2029', '"', '\\', '\u0000', '\u001f', '\u007f', '﻿', '科', '\uffff'),
);

const trickyNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 0.1 + 0.2, NaN, Infinity, -Infinity),
);

const trickyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    trickyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonicalJson is byte-identical to the canonicalize package (RFC 8785)', () => {
  it('on JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), expectSameAsReference), { numRuns: 2000 });
  });

  it('on tricky strings, keys and numbers, including those the reference refuses', () => {
    fc.assert(fc.property(trickyJson, expectSameAsReference), { numRuns: 3000 });
  });

  it('on anything at all (undefined, symbols, functions, dates, sparse arrays, boxed values)', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withObjectString: true }), expectSameAsReference),
      { numRuns: 2000 },
    );
  });

  it('on values the fast path hands back: toJSON, cycles, deep nesting, undefined members', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cyclicArray: unknown[] = [1];
    cyclicArray.push(cyclicArray);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? [deep] : { k: deep };
    const cases: unknown[] = [
      undefined,
      Symbol('s'),
      () => 1,
      10n,
      new Date(0),
      { toJSON: () => ({ b: 2, a: [1, 'x'] }) },
      { a: undefined, b: Symbol('s'), c: 1 },
      { a: () => 1 },
      [undefined, 1],
      [Symbol('s')],
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3],
      cyclic,
      cyclicArray,
      deep,
      { '\ud800': undefined, b: 1 },
      { '\ud800': 1 },
      { a: NaN },
      [Infinity],
    ];
    for (const value of cases) expectSameAsReference(value);
  });

  it('keeps the reference available as referenceCanonicalJson', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(referenceCanonicalJson(v)).toBe(canonicalize(v));
      }),
    );
  });
});
const arbRecord = (): fc.Arbitrary<StoredRecord> =>
  fc
    .tuple(
      arbEventInput(),
      fc.integer({ min: 1, max: 2 ** 40 }),
      fc.stringMatching(/^[0-9a-f]{64}$/),
      fc.stringMatching(/^[0-9a-f]{64}$/),
      fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    )
    .map(([input, position, dataHash, prevHash, eventId]) => {
      const decoded = decodeEventInput(input);
      if (E.isLeft(decoded)) throw new Error(`arbitrary input does not decode: ${JSON.stringify(decoded.left)}`);
      const e = decoded.right;
      return {
        position,
        eventId,
        type: e.type,
        district: e.district,
        effectiveDate: e.effectiveDate,
        recordedAt: e.recordedAt ?? '2021-01-01T00:00:00.000Z',
        actor: e.actor,
        ...(e.source !== undefined ? { source: e.source } : {}),
        schemaVersion: e.schemaVersion,
        data: e.data,
        dataHash,
        prevHash,
        hash: dataHash,
      } as StoredRecord;
    });

describe('record texts are byte-identical to the reference', () => {
  it('canonical data and chained fields of random valid records', () => {
    fc.assert(
      fc.property(arbRecord(), (record) => {
        expect(canonicalJson(record.data)).toBe(canonicalize(record.data));
        expect(chainedFieldsText(record)).toBe(canonicalize(chainedFieldsOf(record)));
        expect(canonicalJson(recordToJson(record))).toBe(canonicalize(recordToJson(record)));
      }),
      { numRuns: 1000 },
    );
  });

  it('the chained text of a record chainedRecord made, kept from its hashing, is written anew once any chained field changes', () => {
    const chained = ['position', 'eventId', 'type', 'district', 'effectiveDate', 'recordedAt', 'unit', 'user', 'source', 'schemaVersion', 'dataHash', 'prevHash'] as const;
    fc.assert(
      fc.property(arbRecord(), fc.constantFrom(...chained), fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(undefined)), (content, field, value) => {
        const record = chainedRecord({ ...content, redacted: false } as never, content.position, content.prevHash);
        expect(chainedFieldsText(record)).toBe(canonicalize(chainedFieldsOf(record)));
        expect(record.hash).toBe(createHash('sha256').update(chainedFieldsText(record)).digest('hex'));
        const changed = record as unknown as Record<string, unknown>;
        if (field === 'unit' || field === 'user') (changed.actor as Record<string, unknown>)[field] = value;
        else changed[field] = value;
        const expected = outcomeOf((v) => canonicalize(chainedFieldsOf(v as StoredRecord)), record);
        expect(outcomeOf((v) => chainedFieldsText(v as StoredRecord), record)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('chained fields of records with arbitrary field values (what a verifier may be handed)', () => {
    const field = fc.oneof(trickyString, trickyNumber, fc.constant(undefined), fc.constant(null), fc.boolean(), fc.constant({}));
    fc.assert(
      fc.property(fc.record({ position: field, eventId: field, type: field, district: field, effectiveDate: field, recordedAt: field, unit: field, user: field, source: field, schemaVersion: field, dataHash: field, prevHash: field }), (f) => {
        const record = { ...f, actor: { unit: f.unit, user: f.user } } as unknown as StoredRecord;
        const expected = outcomeOf((v) => canonicalize(chainedFieldsOf(v as StoredRecord)), record);
        expect(outcomeOf((v) => chainedFieldsText(v as StoredRecord), record)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
