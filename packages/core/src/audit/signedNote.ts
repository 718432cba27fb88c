/**
 * Moved to `tlog/signedNote.ts` (the pure transparency-log folder). Kept only so the test helpers that still import
 * it from here (auditFixtures.ts, testSupport.ts, which are moving to testing/) keep working; not part of
 * the public API. Delete once nothing imports `audit/signedNote.js`.
 */
export * from '../tlog/signedNote.js';
