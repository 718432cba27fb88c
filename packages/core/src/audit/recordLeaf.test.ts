import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { recordLeafHash } from './recordLeaf.js';
import { leafHash } from '../tlog/merkle.js';

describe('recordLeafHash', () => {
  it('is SHA-256(0x00 ‖ the 32 bytes of the hash) (RFC 6962 §2.1), a plain Uint8Array like leafHash gives', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), (hex) => {
        const expected = createHash('sha256').update(Buffer.concat([Buffer.of(0), Buffer.from(hex, 'hex')])).digest();
        expect(Buffer.from(recordLeafHash(hex)).equals(expected)).toBe(true);
        expect(recordLeafHash(hex)).toEqual(leafHash(Uint8Array.from(Buffer.from(hex, 'hex'))));
      }),
    );
  });
  it('refuses anything but 64 lower-case hex digits', () => {
    for (const bad of ['A'.repeat(64), 'g'.repeat(64), '0'.repeat(63), `${'0'.repeat(64)}\n`, '']) expect(() => recordLeafHash(bad)).toThrow(RangeError);
  });
});
