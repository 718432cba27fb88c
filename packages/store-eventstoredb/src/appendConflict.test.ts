import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conflictOfRefusal, positionConflict } from './appendConflict.js';
import { expectedRevisionOf } from './revision.js';
import type { CurrentRevision } from './streamClient.js';

const refusal = (actual: CurrentRevision) => ({ kind: 'wrong-expected-revision' as const, actual });

describe('a refused append as a conflict', () => {
  it('reports no stream as head 0', () => {
    expect(conflictOfRefusal(3, refusal('no-stream'))).toEqual({ kind: 'position-conflict', expectedPosition: 3, actualPosition: 0 });
  });

  it('reports last revision r as head r + 1', () => {
    expect(conflictOfRefusal(0, refusal(6n))).toEqual({ kind: 'position-conflict', expectedPosition: 0, actualPosition: 7 });
    expect(conflictOfRefusal(12, refusal(2n))).toEqual({ kind: 'position-conflict', expectedPosition: 12, actualPosition: 3 });
  });

  it('names the expected position as given and the actual head as the server saw it, for any pair', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 }), (expected, actual) => {
        // The server reports the stream as an append expecting its real head would have expected it.
        const current = expectedRevisionOf(actual);
        const conflict = conflictOfRefusal(expected, refusal(current === 'any' ? 'no-stream' : current));
        expect(conflict).toEqual(positionConflict(expected, actual));
      }),
    );
  });
});
