import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { decodeEventInput, decodeNdjson } from './envelope.js';
import { formatProblem } from './problem.js';
import { arbEventInput } from '../testing/arbitraries.js';
import { exampleEvent } from '../testing/exampleEvents.js';

describe('decodeNdjson (docs/spec.md §3: one event per line)', () => {
  it('reads every line, with the line it came from, skipping blank lines', () => {
    fc.assert(
      fc.property(fc.array(arbEventInput(), { maxLength: 8 }), fc.array(fc.constantFrom('', '  ', '\r'), { maxLength: 8 }), (events, blanks) => {
        const lines: string[] = [];
        const expectedLines: number[] = [];
        events.forEach((e, i) => {
          if (blanks[i] !== undefined) lines.push(blanks[i]!);
          lines.push(JSON.stringify(e));
          expectedLines.push(lines.length);
        });
        const r = decodeNdjson(lines.join('\n'));
        expect(E.isRight(r)).toBe(true);
        if (E.isRight(r)) {
          expect(r.right.map((x) => x.line)).toEqual(expectedLines);
          expect(r.right.map((x) => E.right(x.event))).toEqual(events.map((e) => decodeEventInput(e)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('accepts CRLF line ends and a final newline', () => {
    const text = `${JSON.stringify(exampleEvent('TargetSet'))}\r\n${JSON.stringify(exampleEvent('FundsAllocated'))}\r\n`;
    const r = decodeNdjson(text);
    expect(E.isRight(r) && r.right.map((x) => [x.line, x.event.type])).toEqual([
      [1, 'TargetSet'],
      [2, 'FundsAllocated'],
    ]);
  });

  it('reports bad JSON and bad events by line number, every one of them', () => {
    const text = [
      JSON.stringify(exampleEvent('TargetSet')),
      '',
      '{"type": "TargetSet", ',
      JSON.stringify(exampleEvent('PatentGranted', { data: { patentNo: '201710601862.4' } })),
      JSON.stringify(exampleEvent('FundsAllocated')),
      JSON.stringify({ ...exampleEvent('FundsAllocated'), extra: 1 }),
    ].join('\n');
    const r = decodeNdjson(text);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left.map((p) => p.line)).toEqual([3, 4, 6]);
      expect(r.left[0]!.path).toBe('');
      expect(r.left[0]!.reason).toMatch(/^is not valid JSON \(/);
      expect(formatProblem(r.left[1]!)).toBe('line 4: data.patentNo: check character should be 3, got 4');
      expect(formatProblem(r.left[2]!)).toBe('line 6: extra: is not a known field');
      expect(r.left.every((p) => p.index === undefined)).toBe(true);
    }
  });

  it('reports a line that is JSON but not an object', () => {
    const r = decodeNdjson('42\n"text"\n[]');
    expect(E.isLeft(r) && r.left.map(formatProblem)).toEqual([
      'line 1: should be an object, got 42',
      'line 2: should be an object, got "text"',
      'line 3: should be an object, got a list',
    ]);
  });
});

describe('decodeNdjson: a key given twice (docs/spec.md §8.2)', () => {
  const line = (e: unknown) => JSON.stringify(e);
  const REPEATED = 'is given twice in the same object; each key may appear once (which value was meant is not known)';

  it('refuses a repeated key at the top, naming the line and the key’s JSON path', () => {
    const text = [line(exampleEvent('TargetSet')), line(exampleEvent('TargetSet')).replace('{"type":"TargetSet"', '{"type":"TargetSet","type":"FundsAllocated"')].join('\n');
    const r = decodeNdjson(text);
    expect(E.isLeft(r) && r.left).toEqual([{ line: 2, path: 'type', reason: REPEATED }]);
  });

  it('refuses one inside data and inside actor, also when an escape spells the same key', () => {
    const event = line(exampleEvent('CommissionerDispatched'));
    const inData = event.replace('"name":', '"name":"王五","\\u006eame":');
    const inActor = event.replace('"user":', '"user":"x","user":');
    const r = decodeNdjson([inData, inActor].join('\n'));
    expect(E.isLeft(r) && r.left.map(formatProblem)).toEqual([`line 1: data.name: ${REPEATED}`, `line 2: actor.user: ${REPEATED}`]);
  });

  it('refuses every generated event with any one of its keys repeated, and accepts it as before without', () => {
    fc.assert(
      fc.property(arbEventInput(), fc.nat(), (event, pick) => {
        const text = JSON.stringify(event);
        expect(decodeNdjson(text)).toEqual(E.right([{ line: 1, event: (decodeEventInput(JSON.parse(text)) as E.Right<never>).right }]));
        // Repeat the pick-th key of the text, whatever object it is in, with its own value.
        const keyAt = [...text.matchAll(/"([A-Za-z]+)":/g)];
        const chosen = keyAt[pick % keyAt.length]!;
        const repeated = `${text.slice(0, chosen.index)}${chosen[0]}0,${text.slice(chosen.index)}`;
        const r = decodeNdjson(repeated);
        expect(E.isLeft(r) && r.left.length === 1 && r.left[0]!.path.split('.').at(-1)).toBe(chosen[1]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps keys of different objects apart, and array items are not keys', () => {
    const e = { ...exampleEvent('TargetSet'), extra: [{ a: 1 }, { a: 2 }, ['a', 'a']] };
    const r = decodeNdjson(JSON.stringify(e));
    expect(E.isLeft(r) && r.left.map(formatProblem)).toEqual(['line 1: extra: is not a known field']);
  });

  it('is safe at any nesting depth: no stack overflow, one clear problem', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const e = JSON.stringify({ ...exampleEvent('TargetSet'), extra: 0 }).replace('"extra":0', `"extra":${deep}`);
    const r = decodeNdjson(e);
    expect(E.isLeft(r) && r.left.map(formatProblem)).toEqual(['line 1: extra: is not a known field']);
  });
});

describe('decodeNdjson: numbers beyond what a JavaScript number holds exactly (docs/spec.md §8.2)', () => {
  const withData = (type: Parameters<typeof exampleEvent>[0], field: string, literal: string): string =>
    JSON.stringify(exampleEvent(type, { data: { [field]: 0 } })).replace(`"${field}":0`, `"${field}":${literal}`);

  it('quotes what was written, not the rounded number, and refuses it where a whole number is expected', () => {
    const r = decodeNdjson(
      [
        withData('FundsAllocated', 'amountFen', '9007199254740993'),
        withData('TargetSet', 'year', '2020.00000000000000001'),
        withData('StatisticReported', 'value', '9007199254740993'),
        withData('StatisticReported', 'year', '1e400'),
        JSON.stringify(exampleEvent('TargetSet')).replace('"type":"TargetSet"', '"type":"TargetSet","schemaVersion":1.0000000000000001'),
      ].join('\n'),
    );
    expect(E.isLeft(r) && r.left.map(formatProblem)).toEqual([
      'line 1: data.amountFen: should be a whole number of fen greater than 0, got 9007199254740993 (beyond ±9007199254740991, the whole numbers held exactly)',
      'line 2: data.year: should be a whole year from 1980 to 2100, got 2020.00000000000000001',
      'line 3: data.value: should be at most 9007199254740991 (persons are whole numbers), got 9007199254740993 (beyond ±9007199254740991, the whole numbers held exactly)',
      'line 4: data.year: should be a whole year from 1980 to 2100, got 1e400 (beyond ±9007199254740991, the whole numbers held exactly)',
      'line 5: schemaVersion: should be 1 (the only schema version so far), got 1.0000000000000001',
    ]);
  });

  it('refuses every whole number of fen beyond 2^53 − 1, quoting its digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 10n ** 30n }), (n) => {
        const r = decodeNdjson(withData('FundsAllocated', 'amountFen', n.toString()));
        expect(E.isLeft(r) && r.left.map((p) => [p.path, p.reason.includes(`got ${n.toString()}`)])).toEqual([['data.amountFen', true]]);
      }),
    );
  });

  it('reads numbers held exactly as before, however they are written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom('', '.0', '.000', 'e0', '0e-1', '.00e+0'), (n, suffix) => {
        const r = decodeNdjson(withData('FundsAllocated', 'amountFen', `${n}${suffix}`));
        expect(E.isRight(r) && (r.right[0]!.event.data as { amountFen: number }).amountFen).toBe(n);
      }),
    );
    const r = decodeNdjson([withData('FundsAllocated', 'amountFen', '5e7'), withData('TargetSet', 'value', '0.75'), withData('TargetSet', 'value', '-0')].join('\n'));
    expect(E.isRight(r) && r.right.map((x) => (x.event.data as { amountFen?: number; value?: number }).amountFen ?? (x.event.data as { value: number }).value)).toEqual([
      50_000_000, 0.75, 0,
    ]);
  });

  it('takes a target value written beyond a double’s precision as the nearest double (a target is not a count)', () => {
    const r = decodeNdjson(withData('TargetSet', 'value', '9007199254740993'));
    expect(E.isRight(r) && (r.right[0]!.event.data as { value: number }).value).toBe(9007199254740992);
  });

  it('says a whole number given through the API beyond 2^53 − 1 cannot be held exactly', () => {
    const r = decodeEventInput(exampleEvent('FundsAllocated', { data: { amountFen: 2 ** 53 } }));
    expect(E.isLeft(r) && r.left.map((p) => p.reason)).toEqual([
      'should be a whole number of fen greater than 0, got 9007199254740992 (beyond ±9007199254740991, the whole numbers held exactly)',
    ]);
  });

  it('quotes a line that is a bare inexact number as written', () => {
    expect(E.isLeft(decodeNdjson('12345678901234567890')) && (decodeNdjson('12345678901234567890') as E.Left<{ reason: string }[]>).left[0]!.reason).toBe(
      'should be an object, got 12345678901234567890 (beyond ±9007199254740991, the whole numbers held exactly)',
    );
  });
});
