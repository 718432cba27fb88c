/**
 * Moved to `tlog/bytes.ts` (the pure transparency-log folder). Kept only so the test helpers that still import
 * it from here (auditFixtures.ts, testSupport.ts, which are moving to testing/) keep working; not part of
 * the public API. Delete once nothing imports `audit/bytes.js`.
 */
export * from '../tlog/bytes.js';
