/**
 * Moved to `tlog/checkpoint.ts` (the pure transparency-log folder). Kept only so the test helpers that still import
 * it from here (auditFixtures.ts, testSupport.ts, which are moving to testing/) keep working; not part of
 * the public API. Delete once nothing imports `audit/checkpoint.js`.
 */
export * from '../tlog/checkpoint.js';
