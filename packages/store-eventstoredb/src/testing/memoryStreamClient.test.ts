import { describe, expect, it } from 'vitest';
import { MemoryStreamClient } from './memoryStreamClient.js';
import { AppendTooLargeError } from '../streamClient.js';
import type { AllEvent, AllPosition, EventToAppend } from '../streamClient.js';

// The stand-in must keep the server rules the store relies on, or the contract run on it proves nothing.

const event = (n: number): EventToAppend => ({
  id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
  type: 'Thing',
  data: { n, text: '高新🔬' },
  metadata: { m: n },
});
const events = (from: number, count: number): EventToAppend[] => Array.from({ length: count }, (_, i) => event(from + i));
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('appends with an expected revision', () => {
  it('create a stream only when no stream is expected, and number events from revision 0', async () => {
    const client = new MemoryStreamClient();
    expect(await client.append('s', events(1, 2), 'no-stream')).toEqual({ kind: 'appended', nextRevision: 1n });
    expect(await client.append('s', events(3, 1), 'no-stream')).toEqual({ kind: 'wrong-expected-revision', actual: 1n });
    expect((await client.read('s', { direction: 'forwards', from: 'start', maxCount: 10 })).map((e) => e.revision)).toEqual([0n, 1n]);
  });

  it('continue a stream only at its last revision, reporting the actual one otherwise', async () => {
    const client = new MemoryStreamClient();
    await client.append('s', events(1, 3), 'no-stream');
    expect(await client.append('s', events(4, 1), 1n)).toEqual({ kind: 'wrong-expected-revision', actual: 2n });
    expect(await client.append('s', events(4, 1), 5n)).toEqual({ kind: 'wrong-expected-revision', actual: 2n });
    expect(await client.append('t', events(4, 1), 0n)).toEqual({ kind: 'wrong-expected-revision', actual: 'no-stream' });
    expect(await client.append('s', events(4, 1), 2n)).toEqual({ kind: 'appended', nextRevision: 3n });
    expect(await client.append('s', events(5, 1), 'any')).toEqual({ kind: 'appended', nextRevision: 4n });
  });

  it('let exactly one of two concurrent appends at the same revision through', async () => {
    const client = new MemoryStreamClient();
    const outcomes = await Promise.all([client.append('s', events(1, 2), 'no-stream'), client.append('s', events(10, 3), 'no-stream')]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['appended', 'wrong-expected-revision']);
  });

  it('refuse an append over the maximum size, writing nothing', async () => {
    const client = new MemoryStreamClient({ maxAppendSize: 200 });
    await expect(client.append('s', events(1, 10), 'no-stream')).rejects.toBeInstanceOf(AppendTooLargeError);
    expect(await client.read('s', { direction: 'forwards', from: 'start', maxCount: 10 })).toEqual([]);
  });

  it('store data as JSON text, so later changes to the caller objects do not reach it', async () => {
    const client = new MemoryStreamClient();
    const e = event(1);
    await client.append('s', [e], 'no-stream');
    (e.data as { text: string }).text = 'changed';
    const [read] = await client.read('s', { direction: 'forwards', from: 'start', maxCount: 1 });
    expect(read!.data).toEqual({ n: 1, text: '高新🔬' });
    expect(read!.metadata).toEqual({ m: 1 });
  });
});

describe('reads', () => {
  const seeded = async (): Promise<MemoryStreamClient> => {
    const client = new MemoryStreamClient();
    await client.append('s', events(0, 10), 'no-stream');
    return client;
  };
  const revisions = async (client: MemoryStreamClient, ...args: Parameters<MemoryStreamClient['read']>) => (await client.read(...args)).map((e) => e.revision);

  it('read forwards from a revision, inclusive, at most maxCount', async () => {
    const client = await seeded();
    expect(await revisions(client, 's', { direction: 'forwards', from: 3n, maxCount: 4 })).toEqual([3n, 4n, 5n, 6n]);
    expect(await revisions(client, 's', { direction: 'forwards', from: 8n, maxCount: 4 })).toEqual([8n, 9n]);
    expect(await revisions(client, 's', { direction: 'forwards', from: 10n, maxCount: 4 })).toEqual([]);
    expect(await revisions(client, 's', { direction: 'forwards', from: 'end', maxCount: 4 })).toEqual([]);
  });

  it('read backwards from the end or a revision', async () => {
    const client = await seeded();
    expect(await revisions(client, 's', { direction: 'backwards', from: 'end', maxCount: 1 })).toEqual([9n]);
    expect(await revisions(client, 's', { direction: 'backwards', from: 4n, maxCount: 3 })).toEqual([4n, 3n, 2n]);
  });

  it('read an absent stream as nothing', async () => {
    const client = await seeded();
    expect(await client.read('absent', { direction: 'backwards', from: 'end', maxCount: 1 })).toEqual([]);
  });

  it('hide all but the last $maxCount events, keeping their revisions', async () => {
    const client = await seeded();
    await client.setMaxCount('s', 3);
    expect(await revisions(client, 's', { direction: 'forwards', from: 'start', maxCount: 100 })).toEqual([7n, 8n, 9n]);
    expect(await revisions(client, 's', { direction: 'backwards', from: 'end', maxCount: 1 })).toEqual([9n]);
  });
});

describe('the global log and subscriptions to it', () => {
  it('give the events of one append one commit position and distinct prepare positions, later appends later positions', async () => {
    const client = new MemoryStreamClient();
    expect(await client.lastPositionInAll()).toBe('start');
    await client.append('a', events(1, 3), 'no-stream');
    await client.append('b', events(4, 1), 'no-stream');
    const a = await client.read('a', { direction: 'forwards', from: 'start', maxCount: 10 });
    const [b] = await client.read('b', { direction: 'forwards', from: 'start', maxCount: 10 });
    expect(new Set(a.map((e) => e.position!.commit)).size).toBe(1);
    expect(new Set(a.map((e) => e.position!.prepare)).size).toBe(3);
    expect(b!.position!.commit > a[0]!.position!.commit).toBe(true);
    expect(await client.lastPositionInAll()).toEqual(b!.position);
  });

  it('deliver matching events strictly after the start position, in order, after the append has returned', async () => {
    const client = new MemoryStreamClient();
    await client.append('ledger-1', events(1, 2), 'no-stream');
    const from = (await client.lastPositionInAll()) as AllPosition;
    await client.append('ledger-1', events(3, 1), 1n);
    const seen: AllEvent[] = [];
    const checkpoints: AllPosition[] = [];
    const subscription = client.subscribeToAll({ from, streamPrefixes: ['ledger-'], onEvent: (e) => seen.push(e), onCheckpoint: (p) => checkpoints.push(p), onError: () => undefined });
    expect(seen).toEqual([]);
    await settle();
    expect(seen.map((e) => [e.stream, e.revision])).toEqual([['ledger-1', 2n]]);
    await client.append('other-1', events(9, 1), 'no-stream');
    await client.append('ledger-2', events(4, 2), 'no-stream');
    expect(seen).toHaveLength(1);
    await settle();
    expect(seen.map((e) => [e.stream, e.revision])).toEqual([
      ['ledger-1', 2n],
      ['ledger-2', 0n],
      ['ledger-2', 1n],
    ]);
    // Checkpoints pass over non-matching events too.
    expect(checkpoints[checkpoints.length - 1]).toEqual(await client.lastPositionInAll());
    await subscription.stop();
    await client.append('ledger-3', events(7, 1), 'no-stream');
    await settle();
    expect(seen).toHaveLength(3);
  });

  it('deliver everything from the start when asked', async () => {
    const client = new MemoryStreamClient();
    await client.append('ledger-1', events(1, 2), 'no-stream');
    const seen: bigint[] = [];
    client.subscribeToAll({ from: 'start', streamPrefixes: ['ledger-'], onEvent: (e) => seen.push(e.revision), onCheckpoint: () => undefined, onError: () => undefined });
    await settle();
    expect(seen).toEqual([0n, 1n]);
  });

  it('end subscriptions with an error when the connection drops', async () => {
    const client = new MemoryStreamClient();
    const errors: unknown[] = [];
    client.subscribeToAll({ from: 'start', streamPrefixes: ['x'], onEvent: () => undefined, onCheckpoint: () => undefined, onError: (e) => errors.push(e) });
    expect(client.subscriptionCount).toBe(1);
    client.dropSubscriptions(new Error('gone'));
    expect(errors).toEqual([new Error('gone')]);
    expect(client.subscriptionCount).toBe(0);
  });
});

describe('subscription checkpoints', () => {
  it('come every so many scanned events, matching or not, when asked for', async () => {
    const client = new MemoryStreamClient({ checkpointAfter: 2 });
    for (let i = 0; i < 5; i++) await client.append(`s-${i}`, events(i, 1), 'no-stream');
    const checkpoints: bigint[] = [];
    client.subscribeToAll({ from: 'start', streamPrefixes: ['none-'], onEvent: () => undefined, onCheckpoint: (p) => checkpoints.push(p.commit), onError: () => undefined });
    await settle();
    expect(checkpoints).toEqual([2n, 4n]);
  });

  it('never come when switched off', async () => {
    const client = new MemoryStreamClient({ checkpointAfter: Infinity });
    await client.append('s', events(1, 5), 'no-stream');
    const checkpoints: AllPosition[] = [];
    client.subscribeToAll({ from: 'start', streamPrefixes: ['s'], onEvent: () => undefined, onCheckpoint: (p) => checkpoints.push(p), onError: () => undefined });
    await settle();
    expect(checkpoints).toEqual([]);
  });
});
