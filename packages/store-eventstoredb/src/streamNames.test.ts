import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DistrictCode } from '@indicator-ledger/core';
import { arbDistrictCode } from '@indicator-ledger/core/testing';
import {
  DEFAULT_NAMESPACE,
  checkpointStreamName,
  districtIndexStreamName,
  districtOfStreamName,
  districtStreamName,
  districtStreamPrefix,
  parseNamespace,
  watchPositionStreamName,
} from './streamNames.js';

const namespace = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);

describe('district streams', () => {
  it('are named indicator-ledger-<district> by default', () => {
    expect(districtStreamName(DEFAULT_NAMESPACE, '130302' as DistrictCode)).toBe('indicator-ledger-130302');
    expect(districtStreamPrefix(DEFAULT_NAMESPACE)).toBe('indicator-ledger-');
  });

  it('give their district back, in any namespace', () => {
    fc.assert(fc.property(namespace, arbDistrictCode(), (ns, d) => districtOfStreamName(ns, districtStreamName(ns, d)) === d));
  });

  it('all start with the prefix a watch filters $all by', () => {
    fc.assert(fc.property(namespace, arbDistrictCode(), (ns, d) => districtStreamName(ns, d).startsWith(districtStreamPrefix(ns))));
  });

  it('of a namespace that shares the prefix are not taken for districts', () => {
    expect(districtOfStreamName(DEFAULT_NAMESPACE, 'indicator-ledger-test-130302')).toBeUndefined();
    expect(districtOfStreamName(DEFAULT_NAMESPACE, 'indicator-ledger-1303021')).toBeUndefined();
    expect(districtOfStreamName(DEFAULT_NAMESPACE, 'indicator-ledger-990302')).toBeUndefined();
    expect(districtOfStreamName(DEFAULT_NAMESPACE, 'other-130302')).toBeUndefined();
  });
});

describe('auxiliary streams', () => {
  it('never start with the district prefix of their own or any namespace, so a watch never sees them', () => {
    fc.assert(
      fc.property(namespace, namespace, arbDistrictCode(), fc.string(), (ns, other, d, name) => {
        for (const aux of [districtIndexStreamName(ns), checkpointStreamName(ns, d, name), watchPositionStreamName(ns, name)]) {
          expect(aux.startsWith(districtStreamPrefix(ns))).toBe(false);
          expect(districtOfStreamName(other, aux)).toBeUndefined();
        }
      }),
    );
  });

  it('keep projections with awkward names apart', () => {
    const d = '130302' as DistrictCode;
    expect(checkpointStreamName(DEFAULT_NAMESPACE, d, 'indicators')).toBe('indicator-ledger.checkpoint-130302-indicators');
    expect(checkpointStreamName(DEFAULT_NAMESPACE, d, 'a-b')).not.toBe(checkpointStreamName(DEFAULT_NAMESPACE, d, 'a%2Db'));
    expect(checkpointStreamName(DEFAULT_NAMESPACE, d, '指标 / 2025')).toBe('indicator-ledger.checkpoint-130302-%E6%8C%87%E6%A0%87%20%2F%202025');
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => a === b || checkpointStreamName(DEFAULT_NAMESPACE, d, a) !== checkpointStreamName(DEFAULT_NAMESPACE, d, b)),
    );
  });
});

describe('namespaces', () => {
  it('accept letters, digits, - and _', () => {
    expect(parseNamespace('indicator-ledger')).toEqual({ ok: true, value: 'indicator-ledger' });
    expect(parseNamespace('ledger_test-1a2b')).toEqual({ ok: true, value: 'ledger_test-1a2b' });
  });

  it('refuse empty names, system stream names, dots and a leading separator', () => {
    for (const bad of ['', '$all', 'a.b', '-x', '_x', 'a b', 'x'.repeat(101)]) expect(parseNamespace(bad).ok).toBe(false);
  });
});
