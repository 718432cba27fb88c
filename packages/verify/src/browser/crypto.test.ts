import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nodeCrypto from '../../../core/src/tlog/crypto.js';
import * as browserCrypto from './crypto.js';

// The page's build puts this module in place of core's tlog/crypto.ts: it must answer exactly as that one does.
describe('the browser crypto module stands in for core’s tlog/crypto.ts', () => {
  it('exports the same names', () => {
    expect(Object.keys(browserCrypto).sort()).toEqual(Object.keys(nodeCrypto).sort());
  });

  it('hashes as node:crypto does, in one piece, in parts and streamed (property)', () => {
    const part = fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 200 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), fc.string({ unit: 'grapheme' }), (parts, text) => {
        expect(browserCrypto.sha256(...parts)).toEqual(nodeCrypto.sha256(...parts));
        expect(browserCrypto.sha256Hex(text)).toBe(nodeCrypto.sha256Hex(text));
        const [b, n] = [browserCrypto.createSha256(), nodeCrypto.createSha256()];
        for (const p of parts) {
          b.update(p);
          n.update(p);
        }
        expect(b.hex()).toBe(n.hex());
      }),
    );
  });

  it('verifies what node:crypto signs, refuses what it refuses, and signs the same bytes', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = nodeCrypto.rawEd25519PublicKey(publicKey);
    const key = browserCrypto.ed25519PublicKeyFromRaw(raw);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(63), (message, flip) => {
        const signature = nodeCrypto.ed25519Sign(message, privateKey);
        expect(browserCrypto.ed25519Verify(message, key, signature)).toBe(true);
        const bad = Uint8Array.from(signature);
        bad[flip] = (bad[flip] as number) ^ 1;
        expect(browserCrypto.ed25519Verify(message, key, bad)).toBe(nodeCrypto.ed25519Verify(message, publicKey, bad));
        expect(browserCrypto.ed25519Verify(message, key, signature.subarray(1))).toBe(false);
      }),
      { numRuns: 50 },
    );
    // Ed25519 is deterministic: the same seed signs the same bytes.
    const seed = Uint8Array.from(Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url'));
    const browserPrivate = { type: 'private', asymmetricKeyType: 'ed25519', raw: seed } as const;
    expect(browserCrypto.ed25519Sign(Uint8Array.of(1, 2, 3), browserPrivate)).toEqual(nodeCrypto.ed25519Sign(Uint8Array.of(1, 2, 3), privateKey));
    expect(browserCrypto.rawEd25519PublicKey(browserCrypto.publicKeyOf(browserPrivate))).toEqual(raw);
    expect(() => browserCrypto.ed25519PublicKeyFromRaw(raw.subarray(1))).toThrow(TypeError);
  });
});
