import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { parseEventId, parsePlatformId } from './identifiers.js';
import { arbPlatformId } from '../testing/arbitraries.js';

describe('platform id (docs/spec.md §4)', () => {
  it('accepts 1 to 64 of A-Z a-z 0-9 . _ -', () => {
    for (const id of ['P', 'KJPT-2020-017', 'a.b_c-D9', 'x'.repeat(64)]) expect(parsePlatformId(id)).toEqual(E.right(id));
    fc.assert(
      fc.property(arbPlatformId(), (id) => {
        expect(parsePlatformId(id)).toEqual(E.right(id));
      }),
    );
  });

  it('rejects the empty id, 65 characters and any other character', () => {
    for (const id of ['', 'x'.repeat(65), 'KJ PT', 'KJ/PT', '平台1', 'a+b', 'é']) {
      const r = parsePlatformId(id);
      expect(E.isRight(r), id).toBe(false);
      if (E.isLeft(r)) expect(r.left).toContain('should be 1 to 64 of the characters');
    }
  });
});

describe('event id (docs/spec.md §2)', () => {
  it('accepts a UUID and lower-cases it, so one id written twice is one id', () => {
    expect(parseEventId('3F2B8C1E-7A4D-4E2F-9B1C-2D3E4F5A6B7C')).toEqual(E.right('3f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7c'));
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(parseEventId(id.toUpperCase())).toEqual(E.right(id.toLowerCase()));
      }),
    );
  });

  it('rejects what is not a UUID', () => {
    for (const id of ['', '3f2b8c1e7a4d4e2f9b1c2d3e4f5a6b7c', '3f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7', '{3f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7c}', 'g f2b8c1e-7a4d-4e2f-9b1c-2d3e4f5a6b7c']) {
      expect(E.isRight(parseEventId(id)), id).toBe(false);
    }
  });
});
