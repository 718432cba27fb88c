import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { EVENT_TYPES } from './catalog.js';
import type { EventType } from './catalog.js';
import { decodeEventInput, decodeEventInputs, encodeEventInput } from './envelope.js';
import type { EventInput } from './envelope.js';
import { formatProblem } from './problem.js';
import type { Problem } from './problem.js';
import { arbEventInput, arbEventInputOf } from '../testing/arbitraries.js';
import { EXAMPLE_ENTERPRISE, exampleEvent } from '../testing/exampleEvents.js';

const decoded = (u: unknown): EventInput => {
  const r = decodeEventInput(u);
  if (E.isLeft(r)) throw new Error(r.left.map(formatProblem).join('\n'));
  return r.right;
};

const problemsOf = (u: unknown, at: { index?: number; line?: number } = {}): Problem[] => {
  const r = decodeEventInput(u, at);
  if (E.isRight(r)) throw new Error(`expected ${JSON.stringify(u)} to be refused`);
  return r.left;
};

/** `path: reason` of each problem, which is what a clerk reads. */
const described = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.path}: ${p.reason}`);

describe('decode and encode (docs/spec.md §3–4)', () => {
  it.each(EVENT_TYPES)('every generated %s decodes, and decode(encode(e)) = e', (type: EventType) => {
    fc.assert(
      fc.property(arbEventInputOf(type), (json) => {
        const e = decoded(json);
        expect(e.type).toBe(type);
        const encoded = encodeEventInput(e);
        expect(decoded(encoded)).toEqual(e);
        // The same through JSON text, as an NDJSON line travels.
        expect(decoded(JSON.parse(JSON.stringify(encoded)))).toEqual(e);
        // Encoding a decoded value is a fixed point: nothing is lost or added on the second trip.
        expect(encodeEventInput(decoded(encoded))).toEqual(encoded);
      }),
      { numRuns: 150 },
    );
  });

  it('decodes every type of docs/spec.md §4 from its hand-written example', () => {
    expect(EVENT_TYPES).toHaveLength(12);
    for (const type of EVENT_TYPES) expect(decoded(exampleEvent(type)).type).toBe(type);
  });

  it('keeps what was written, apart from the normalisations it names', () => {
    fc.assert(
      fc.property(arbEventInput(), (json) => {
        const e = decoded(json);
        expect(e.district).toBe(json.district);
        expect(e.effectiveDate).toBe(json.effectiveDate);
        expect(e.actor).toEqual(json.actor);
        expect(e.source).toBe(json.source);
        expect(e.eventId).toBe(json.eventId?.toLowerCase());
        expect(e.schemaVersion).toBe(1);
      }),
    );
  });

  it('normalises: ZL dropped, UUID lower-cased, recordedAt in UTC, schemaVersion 1 by default', () => {
    const e = decoded({
      ...exampleEvent('PatentGranted', { data: { patentNo: 'ZL201710601862.3' } }),
      eventId: '3F2B8C1E-7A4D-4E2F-9B1C-2D3E4F5A6B7C',
      recordedAt: '2021-01-01T00:30+08:00',
    });
    expect(e.eventId).toBe('3f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7c');
    expect(e.recordedAt).toBe('2020-12-31T16:30:00.000Z');
    expect(e.schemaVersion).toBe(1);
    expect(e.type === 'PatentGranted' && e.data.patentNo).toBe('201710601862.3');
  });

  it('reads -0 as 0, as every store will give it back after JSON', () => {
    const e = decoded(exampleEvent('TargetSet', { data: { value: -0 } }));
    expect(e.type === 'TargetSet' && Object.is(e.data.value, 0)).toBe(true);
    const s = decoded(exampleEvent('StatisticReported', { data: { value: -0 } }));
    expect(s.type === 'StatisticReported' && Object.is(s.data.value, 0)).toBe(true);
  });

  it('leaves absent optional fields absent', () => {
    const e = decoded(exampleEvent('EnterpriseRecognized'));
    expect(Object.keys(e).sort()).toEqual(['actor', 'data', 'district', 'effectiveDate', 'schemaVersion', 'type']);
    expect(Object.keys(e.data).sort()).toEqual(['designation', 'enterpriseId', 'name']);
  });
});

describe('strictness (docs/spec.md §3: unknown fields anywhere are rejected)', () => {
  it('rejects an unknown field at the top level, in actor and in data, naming its path', () => {
    expect(described(problemsOf({ ...exampleEvent('FundsAllocated'), colour: 'red' }))).toEqual(['colour: is not a known field']);
    const e = exampleEvent('FundsAllocated');
    expect(described(problemsOf({ ...e, actor: { ...e.actor, role: 'clerk' } }))).toEqual(['actor.role: is not a known field']);
    expect(described(problemsOf({ ...e, data: { ...e.data, note: 'x' } }))).toEqual(['data.note: is not a known field']);
  });

  it.each(EVENT_TYPES)('rejects an unknown data field of %s', (type) => {
    fc.assert(
      fc.property(arbEventInputOf(type), fc.constantFrom('extra', 'validfrom', 'Name', 'amount', '__proto_'), (json, key) => {
        fc.pre(!(key in json.data));
        const problems = problemsOf({ ...json, data: { ...json.data, [key]: 1 } });
        expect(described(problems)).toEqual([`data.${key}: is not a known field`]);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects data that is not an object and an unknown type', () => {
    expect(described(problemsOf({ ...exampleEvent('TargetSet'), data: [1] }))).toEqual(['data: should be an object, got a list']);
    const unknown = problemsOf({ ...exampleEvent('TargetSet'), type: 'TargetMet' });
    expect(unknown.map((p) => p.path)).toEqual(['type']);
    expect(unknown[0]!.reason).toContain('should be one of EnterpriseRecognized');
  });

  it('lists every problem of a bad event, not only the first', () => {
    const bad = {
      type: 'EnterpriseRecognized',
      district: '990302',
      effectiveDate: '2021-02-29',
      recordedAt: '2021-01-15T10:00:00',
      actor: { unit: 'mayor', user: '' },
      source: 'x'.repeat(201),
      schemaVersion: 2,
      data: { enterpriseId: `${EXAMPLE_ENTERPRISE.slice(0, 17)}4`, designation: 'unicorn', validFrom: '2020-13-01', extra: true },
    };
    const problems = problemsOf(bad, { index: 3 });
    expect(problems.every((p) => p.index === 3)).toBe(true);
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'district',
        'effectiveDate',
        'recordedAt',
        'actor.unit',
        'actor.user',
        'source',
        'schemaVersion',
        'data.enterpriseId',
        'data.name',
        'data.designation',
        'data.validFrom',
        'data.extra',
      ].sort(),
    );
    expect(problems.map(formatProblem)).toContain('event 3: data.enterpriseId: check character should be 3, got 4');
    expect(problems.map(formatProblem)).toContain('event 3: data.name: is required');
    expect(problems.map(formatProblem)).toContain('event 3: schemaVersion: should be 1 (the only schema version so far), got 2');
  });

  it('reports every missing required field', () => {
    expect(described(problemsOf({}))).toEqual(['type: is required', 'district: is required', 'effectiveDate: is required', 'actor: is required', 'data: is required']);
    expect(described(problemsOf({ ...exampleEvent('PatentGranted'), data: {} }))).toEqual([
      'data.patentNo: is required',
      'data.kind: is required',
      'data.filingDate: is required',
    ]);
  });

  it('gives every problem of a batch with the index of its event', () => {
    const r = decodeEventInputs([
      exampleEvent('TargetSet'),
      exampleEvent('TargetSet', { data: { year: 1979 } }),
      exampleEvent('TargetSet'),
      exampleEvent('FundsAllocated', { data: { amountFen: 0, purpose: 'lunch' as never } }),
    ]);
    expect(E.isLeft(r) && r.left.map(formatProblem)).toEqual([
      'event 1: data.year: should be a whole year from 1980 to 2100, got 1979',
      'event 3: data.amountFen: should be a whole number of fen greater than 0, got 0',
      'event 3: data.purpose: should be one of st-project, tech-upgrade, entity-cultivation, rd-platform, innovation-service, talent, award; got "lunch"',
    ]);
  });

  it('rejects a project of level district', () => {
    const problems = problemsOf(exampleEvent('ProjectApproved', { data: { level: 'district' as never } }));
    expect(problems.map((p) => p.path)).toEqual(['data.level']);
  });
});

describe('field limits (docs/spec.md §3–4)', () => {
  const accepts = (u: unknown): boolean => E.isRight(decodeEventInput(u));

  it('texts: non-blank, at most 200 characters counted as code points', () => {
    const withName = (name: string) => exampleEvent('CommissionerDispatched', { data: { name } });
    expect(accepts(withName('名'.repeat(200)))).toBe(true);
    expect(accepts(withName('𠀀'.repeat(200)))).toBe(true);
    expect(accepts(withName('名'.repeat(201)))).toBe(false);
    expect(accepts(withName(''))).toBe(false);
    expect(accepts(withName(' \u3000\t'))).toBe(false);
    expect(accepts(exampleEvent('TargetSet', { user: '' }))).toBe(false);
    expect(accepts(exampleEvent('TargetSet', { source: 's'.repeat(200) }))).toBe(true);
    expect(accepts(exampleEvent('TargetSet', { source: 's'.repeat(201) }))).toBe(false);
  });

  it('years: whole numbers in 1980..2100', () => {
    const withYear = (year: number) => exampleEvent('StatisticReported', { data: { year } });
    expect([1980, 2100].map((y) => accepts(withYear(y)))).toEqual([true, true]);
    expect([1979, 2101, 2020.5].map((y) => accepts(withYear(y)))).toEqual([false, false, false]);
    expect(accepts({ ...withYear(2020), data: { ...withYear(2020).data, year: '2020' } })).toBe(false);
  });

  it('amounts: whole fen greater than 0', () => {
    const withAmount = (amountFen: number) => exampleEvent('FundsAllocated', { data: { amountFen } });
    expect([1, Number.MAX_SAFE_INTEGER].map((a) => accepts(withAmount(a)))).toEqual([true, true]);
    expect([0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Infinity, NaN].map((a) => accepts(withAmount(a)))).toEqual([false, false, false, false, false, false]);
  });

  it('statistic values: finite and ≥ 0; target values: any finite number', () => {
    const stat = (value: number) => exampleEvent('StatisticReported', { data: { value } });
    expect([0, 0.5, 1e15].map((v) => accepts(stat(v)))).toEqual([true, true, true]);
    expect([-0.01, Infinity, NaN].map((v) => accepts(stat(v)))).toEqual([false, false, false]);
    const target = (value: number) => exampleEvent('TargetSet', { data: { value } });
    expect([-5, 0, 1.5].map((v) => accepts(target(v)))).toEqual([true, true, true]);
    expect([Infinity, -Infinity, NaN].map((v) => accepts(target(v)))).toEqual([false, false, false]);
  });

  it('vocabularies: only the words docs/spec.md §4 lists', () => {
    expect(accepts(exampleEvent('PlatformCertified', { data: { kind: 'laboratory' as never } }))).toBe(false);
    expect(accepts(exampleEvent('PlatformCertified', { data: { level: 'county' as never } }))).toBe(false);
    expect(accepts(exampleEvent('StatisticReported', { data: { statistic: 'gdp' as never } }))).toBe(false);
    expect(accepts(exampleEvent('TargetSet', { data: { indicator: 'happiness' as never } }))).toBe(false);
    expect(accepts(exampleEvent('TargetSet', { data: { comparator: 'eq' as never } }))).toBe(false);
    expect(accepts(exampleEvent('PatentLapsed', { data: { reason: 'expired' as never } }))).toBe(false);
    expect(accepts(exampleEvent('TargetSet', { unit: 'mayor' as never }))).toBe(false);
  });
});
