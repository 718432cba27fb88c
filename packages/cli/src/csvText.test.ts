import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvText } from './csvText.js';

/** RFC 4180 fields of one CSV text (quoted fields may hold commas, quotes and line breaks). */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
};

/** What a spreadsheet reads as a formula: a cell starting with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

describe('CSV cells cannot become formulas (docs/spec.md §8.5)', () => {
  it('escapes = + - @ tab and CR at the start of a text cell with a single quote, quoted; numbers stay numbers', () => {
    const text = csvText(['cell'], [
      ['=HYPERLINK("http://evil.example","点击")'],
      ['=cmd|\' /C calc\'!A0'],
      ['+SUM(A1:A9)'],
      ['-2+3'],
      ['@SUM(1)'],
      ['\t=1'],
      ['\r=1'],
      [-5],
      [-0.25],
      [12.5],
      ['plain'],
      [null],
    ]);
    expect(text.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""点击"")"`,
      `"'=cmd|' /C calc'!A0"`,
      `"'+SUM(A1:A9)"`,
      `"'-2+3"`,
      `"'@SUM(1)"`,
      `"'\t=1"`,
      `"'\r=1"`,
      '-5',
      '-0.25',
      '12.5',
      'plain',
      '',
    ]);
  });

  it('a number that is not finite is text, not a number', () => {
    expect(csvText(['v'], [[-Infinity], [NaN]]).split('\r\n').slice(1, -1)).toEqual([`"'-Infinity"`, 'NaN']);
  });

  it('every text cell reads back as written (less the escaping quote) and none starts a formula', () => {
    const cell = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('=1+1', '+1', '-1', '@a', '\t', '\r\n=x', "'=x", '"=x"'));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const square = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const parsed = parseCsv(csvText(square[0]!.map((_, i) => `c${i}`), square)).slice(1);
        expect(parsed).toHaveLength(square.length);
        parsed.forEach((row, r) =>
          row.forEach((field, c) => {
            expect(FORMULA_START.test(field)).toBe(false);
            const written = square[r]![c]!;
            expect(FORMULA_START.test(written) ? field === `'${written}` : field === written).toBe(true);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
