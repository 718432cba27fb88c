/**
 * Child process of the crash-safety test: appends batches of `batchSize` fund allocations to one
 * district through the ledger, forever, until it is killed. Every event of a batch carries the batch's
 * tag in its allocation id (`<tag>/<i>`), and the tag is printed on stdout once the append returned.
 * It waits for a line on stdin before it opens the file.
 *
 * Usage: node appendLoop.mjs <ledger file> <batch size> <life number>
 */
import { createLedger } from '@indicator-ledger/core';
import { openSqliteStore } from '../sqliteStore.js';

const [path, batchSizeText, life] = process.argv.slice(2);
if (path === undefined || batchSizeText === undefined || life === undefined) throw new Error('usage: appendLoop <file> <batch size> <life>');
const batchSize = Number(batchSizeText);
const district = '130302';

// Started ahead of time (the test verifies the previous life meanwhile); touches the file only on `go`.
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const store = await openSqliteStore(path);
const ledger = createLedger({ store });
process.stdout.write('ready\n');
for (let batch = 0; ; batch++) {
  const tag = `L${life}B${batch}`;
  const inputs = Array.from({ length: batchSize }, (_, i) => ({
    type: 'FundsAllocated',
    district,
    effectiveDate: '2021-03-01',
    actor: { unit: 'finance', user: 'crash.test' },
    data: { allocationId: `${tag}/${i}`, amountFen: 100 + i, purpose: 'st-project' },
  }));
  const result = await ledger.append(district, inputs);
  if (result._tag === 'Left') {
    process.stderr.write(`append refused: ${JSON.stringify(result.left)}\n`);
    process.exit(1);
  }
  // A pipe write is synchronous on POSIX: once the parent reads this line, the commit had returned.
  process.stdout.write(`committed ${tag}\n`);
}
