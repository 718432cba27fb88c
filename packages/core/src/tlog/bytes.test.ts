import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from './bytes.js';

// The encodings are written without Buffer (tlog/ runs wherever a verifier does); Node's Buffer is the reference.
describe('byte encodings', () => {
  it('agree with Buffer on any bytes, and read back what they wrote', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const base64 = Buffer.from(bytes).toString('base64');
        const hex = Buffer.from(bytes).toString('hex');
        expect(toBase64(bytes)).toBe(base64);
        expect(toHex(bytes)).toBe(hex);
        expect(fromBase64(base64)).toEqual(bytes);
        expect(fromHex(hex)).toEqual(bytes);
      }),
    );
  });

  it('refuse base64 that is not the one canonical encoding of its bytes', () => {
    for (const text of ['AAE', 'AAF=', 'AA E=', 'AA-_', 'AAE=\n', '====', '@@@@']) expect(fromBase64(text)).toBeUndefined();
    expect(fromBase64('')).toEqual(new Uint8Array());
  });
});
