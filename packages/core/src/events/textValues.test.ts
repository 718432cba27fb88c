import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { decodeEventInput } from './envelope.js';
import { formatProblem } from './problem.js';
import { escapeControlCharacters, findControlCharacter } from './controlCharacters.js';
import { createLedger } from '../ledger/ledger.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { EXAMPLE_DISTRICT, exampleEvent } from '../testing/exampleEvents.js';

/** Characters that steer a terminal or reorder what it shows (docs/spec.md §8.2). */
const CONTROLS = ['\u0000', '\u0007', '\u001b', '\u001b]8;;https://x\u0007', '\u007f', '\u0085', '\u009b', '\u202a', '\u202e', '\u2066', '\u2069', '\n', '\t', '\u2028', '\ud800'];

const problems = (u: unknown): string[] => {
  const r = decodeEventInput(u);
  return E.isLeft(r) ? r.left.map(formatProblem) : [];
};

describe('control characters in text (docs/spec.md §8.2)', () => {
  it('are refused in every text field of every event: names, titles, reasons, source, actor.user, local ids', () => {
    const cases: [string, (text: string) => unknown][] = [
      ['actor.user', (x) => exampleEvent('TargetSet', { user: `zhang${x}san` })],
      ['source', (x) => exampleEvent('TargetSet', { source: `冀科${x}〔2020〕5号` })],
      ['data.name', (x) => exampleEvent('EnterpriseRecognized', { data: { name: `唐山${x}科技` } })],
      ['data.certificateNo', (x) => exampleEvent('EnterpriseRecognized', { data: { certificateNo: `GR${x}2020` } })],
      ['data.reason', (x) => exampleEvent('PlatformDecertified', { data: { reason: `考核${x}不合格` } })],
      ['data.recipient', (x) => exampleEvent('FundsAllocated', { data: { recipient: `某${x}公司` } })],
      ['data.allocationId', (x) => exampleEvent('FundsAllocated', { data: { allocationId: `CZ${x}1` } })],
      ['data.title', (x) => exampleEvent('ProjectApproved', { data: { title: `研发${x}` } })],
      ['data.projectId', (x) => exampleEvent('ProjectApproved', { data: { projectId: `XM${x}1` } })],
      ['data.commissionerId', (x) => exampleEvent('CommissionerDispatched', { data: { commissionerId: `TPY${x}1` } })],
      ['data.holder', (x) => exampleEvent('PatentGranted', { data: { holder: `某${x}人` } })],
    ];
    for (const [path, make] of cases) {
      for (const c of CONTROLS) {
        const found = problems(make(c));
        expect(found, `${path} ${JSON.stringify(c)}`).toHaveLength(1);
        expect(found[0]).toMatch(new RegExp(`^${path.replace('.', '\\.')}: should not contain control characters`));
      }
    }
  });

  it('names the first one by its code point and place', () => {
    expect(problems(exampleEvent('TargetSet', { user: 'ab\u001b[31mc' }))).toEqual([
      'actor.user: should not contain control characters (terminal escapes, bidirectional overrides, line breaks); found U+001B at character 3',
    ]);
  });

  it('leaves every printable text as it was, in every script', () => {
    for (const name of ['唐山精密陶瓷科技有限公司', 'café', 'cafe\u0301', '🔬 Lab ❤️', 'a\u200db', 'עברית', 'العربية']) {
      expect(problems(exampleEvent('EnterpriseRecognized', { data: { name } }))).toEqual([]);
    }
  });

  it('findControlCharacter and escapeControlCharacters agree: the escaped text has none, and unescaped text is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const escaped = escapeControlCharacters(s);
        expect(findControlCharacter(escaped)).toBeUndefined();
        if (findControlCharacter(s) === undefined) expect(escaped).toBe(s);
        else expect(escaped).not.toBe(s);
      }),
      { numRuns: 200 },
    );
    expect(escapeControlCharacters('a\u001b[2Jb\u202ec\ud800')).toBe('a\\u001b[2Jb\\u202ec\\ud800');
  });
});

describe('local ids in normal form (docs/spec.md §8.2)', () => {
  const allocation = (allocationId: string, amountFen = 1_000_000) => exampleEvent('FundsAllocated', { data: { allocationId, amountFen } });

  it('refuses an id that differs from its normal form, saying what the normal form is', () => {
    const cases: [string, string][] = [
      ['CZ-2020-0001\u200b', 'CZ-2020-0001'],
      ['CZ-2020-0001 ', 'CZ-2020-0001'],
      [' CZ-2020-0001', 'CZ-2020-0001'],
      ['CZ-2020-0001\u00a0', 'CZ-2020-0001'],
      ['ＣＺ－２０２０－０００１', 'CZ-2020-0001'],
      ['CZ\u00a02020', 'CZ 2020'],
      ['\ufeffCZ-1', 'CZ-1'],
      ['CZ\u00ad1', 'CZ1'],
    ];
    for (const [id, normal] of cases) {
      expect(problems(allocation(id)), JSON.stringify(id)).toEqual([
        `data.allocationId: should be written in its normal form ${JSON.stringify(normal)} (Unicode NFKC, no white space at either end, no invisible characters such as U+200B), so that one id always names one allocation, project or commissioner`,
      ]);
    }
    expect(problems(exampleEvent('ProjectApproved', { data: { projectId: 'XM-1\u3000' } })).map((p) => p.split(':')[0])).toEqual(['data.projectId']);
    expect(problems(exampleEvent('CommissionerDispatched', { data: { commissionerId: 'TPY-００１' } })).map((p) => p.split(':')[0])).toEqual(['data.commissionerId']);
  });

  it('refuses an id made only of invisible characters', () => {
    expect(problems(allocation('\u200b\u200c'))).toEqual(['data.allocationId: should not be empty once invisible characters are removed']);
  });

  it('so look-alike ids cannot count one allocation four times or one commissioner three times', async () => {
    const ledger = createLedger({ store: createMemoryStore() });
    const r = await ledger.append(EXAMPLE_DISTRICT, [allocation('CZ-1'), allocation('CZ-1\u200b'), allocation('CZ-1 '), allocation('ＣＺ-1')]);
    expect(E.isLeft(r) && r.left.kind === 'invalid' && r.left.problems.map((p) => [p.index, p.path])).toEqual([
      [1, 'data.allocationId'],
      [2, 'data.allocationId'],
      [3, 'data.allocationId'],
    ]);
    expect((await ledger.head(EXAMPLE_DISTRICT as never)).position).toBe(0);
    // Written in normal form, the same id is the same allocation, which docs/spec.md §4 allows once.
    const again = await ledger.append(EXAMPLE_DISTRICT, [allocation('CZ-1'), allocation('CZ-1')]);
    expect(E.isLeft(again) && again.left.kind === 'invalid' && again.left.problems.map((p) => [p.index, p.path])).toEqual([[1, 'data.allocationId']]);
  });

  it('accepts every id already in normal form exactly as before', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (s) => {
        const id = s.replace(/\p{Cf}/gu, '').normalize('NFKC').trim();
        fc.pre(id !== '' && findControlCharacter(id) === undefined && id.normalize('NFKC') === id && [...id].length <= 200);
        const r = decodeEventInput(allocation(id));
        expect(E.isRight(r) && r.right.type === 'FundsAllocated' && r.right.data.allocationId).toBe(id);
      }),
      { numRuns: 300 },
    );
  });
});
