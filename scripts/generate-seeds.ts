/**
 * Writes the generated seed files — run `node_modules/.bin/tsx scripts/generate-seeds.ts` and commit the
 * result:
 *
 * - `seeds/plan-targets.ndjson`: the plan's targets (docs/spec.md §6) as `TargetSet` events for district 130302.
 * - `seeds/synthetic-130302.ndjson`: the SYNTHETIC history with default options (district 130302, seed
 *   20190101, scale 1, 2019–2025).
 *
 * A test compares the committed files with what the generator produces, so they cannot drift.
 * `seeds/units.json` is written by hand and checked against the code by the same test file.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventsToNdjson, planTargetEvents, syntheticHistoryEvents } from '../packages/core/src/testing/syntheticHistory.js';

const seedFile = (name: string): string => fileURLToPath(new URL(`../seeds/${name}`, import.meta.url));

const files: readonly [string, string][] = [
  ['plan-targets.ndjson', eventsToNdjson(planTargetEvents())],
  ['synthetic-130302.ndjson', eventsToNdjson(syntheticHistoryEvents())],
];
for (const [name, text] of files) {
  writeFileSync(seedFile(name), text);
  console.log(`seeds/${name}: ${text.split('\n').length - 1} events, ${text.length} characters`);
}
