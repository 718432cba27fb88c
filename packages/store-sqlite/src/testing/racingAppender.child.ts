/**
 * Child process of the concurrency test: waits for `go` on stdin, then appends its `count` intended
 * events (ids fixed by writer and index) to one district in small batches, each with the expected
 * position it just read, retrying on a position conflict. Prints `done <conflicts>` at the end.
 *
 * Usage: node racingAppender.mjs <ledger file> <writer number> <count>
 */
import { createLedger } from '@indicator-ledger/core';
import { openSqliteStore } from '../sqliteStore.js';
import { intendedEventId } from './racingEvents.js';

const [path, writerText, countText] = process.argv.slice(2);
if (path === undefined || writerText === undefined || countText === undefined) throw new Error('usage: racingAppender <file> <writer> <count>');
const writer = Number(writerText);
const count = Number(countText);
const district = '130302';

const store = await openSqliteStore(path);
const ledger = createLedger({ store });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

let conflicts = 0;
for (let first = 0; first < count; ) {
  const size = Math.min(count - first, 1 + ((writer + first) % 4));
  const inputs = Array.from({ length: size }, (_, i) => ({
    type: 'FundsAllocated',
    eventId: intendedEventId(writer, first + i),
    district,
    effectiveDate: '2022-05-01',
    actor: { unit: 'finance', user: `writer.${writer}` },
    data: { allocationId: `w${writer}-${first + i}`, amountFen: 1000 + first + i, purpose: 'talent' },
  }));
  for (;;) {
    const head = await store.head(district as never);
    const result = await ledger.append(district, inputs, { expectedPosition: head.position });
    if (result._tag === 'Right') break;
    if (result.left.kind !== 'conflict') {
      process.stderr.write(`append refused: ${JSON.stringify(result.left)}\n`);
      process.exit(1);
    }
    conflicts++;
  }
  first += size;
}
await store.close();
process.stdout.write(`done ${conflicts}\n`);
process.stdin.destroy();
