import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InexactNumber, readJsonLine } from './jsonLine.js';

/** The value with every InexactNumber replaced by what JSON.parse made of it. */
const unboxed = (u: unknown): unknown => {
  if (u instanceof InexactNumber) return u.value;
  if (Array.isArray(u)) return u.map(unboxed);
  if (typeof u === 'object' && u !== null) return Object.fromEntries(Object.entries(u).map(([k, v]) => [k, unboxed(v)]));
  return u;
};

describe('readJsonLine (docs/spec.md §8.2)', () => {
  it('reads what JSON.parse reads, marking only numbers it rounded to a whole number', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        const r = readJsonLine(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(unboxed(r.value)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what JSON.parse refuses, with its message', () => {
    for (const text of ['{', '{"a":1,}', 'nul', '"\\x"']) {
      const r = readJsonLine(text);
      expect(r.ok === false && r.kind).toBe('syntax');
    }
  });

  it('finds every repeated key at any depth, with its path, whatever lies between', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), fc.jsonValue(), fc.string(), (outer, between, key) => {
        // Nest { outer[0]: { outer[1]: … { key: 1, between…, key: 2 } } }.
        let inner = `{${JSON.stringify(key)}:1,${JSON.stringify(`${key}\u0000`)}:${JSON.stringify(between)},${JSON.stringify(key)}:2}`;
        for (const k of [...outer].reverse()) inner = `{${JSON.stringify(k)}:${inner}}`;
        const r = readJsonLine(inner);
        expect(r).toEqual({ ok: false, kind: 'repeated-keys', repeated: [{ path: [...outer, key].join('.'), key }] });
      }),
      { numRuns: 200 },
    );
  });

  it('marks whole numbers beyond 2^53 and literals JSON.parse rounds to a whole number, at their place', () => {
    const r = readJsonLine('{"a":[1,{"b":9007199254740993}],"c":1.00000000000000001,"d":1e400,"e":9007199254740992,"f":0.1,"g":1.5e1}');
    expect(r.ok && r.value).toEqual({
      a: [1, { b: new InexactNumber('9007199254740993', 9007199254740992) }],
      c: new InexactNumber('1.00000000000000001', 1),
      d: new InexactNumber('1e400', Infinity),
      e: 9007199254740992,
      f: 0.1,
      g: 15,
    });
  });

  it('stays linear on a long line: 200,000 keys in one object, one repeated at the end', () => {
    const members = Array.from({ length: 200_000 }, (_, i) => `"k${i}":"v\\"${i}"`);
    const text = `{${members.join(',')},"k7":1}`;
    const started = performance.now();
    expect(readJsonLine(text)).toEqual({ ok: false, kind: 'repeated-keys', repeated: [{ path: 'k7', key: 'k7' }] });
    // Quadratic work would take minutes; linear work takes well under a second even on a busy machine.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
