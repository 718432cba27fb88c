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
