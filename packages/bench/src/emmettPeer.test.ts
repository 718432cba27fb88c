/**
 * The peer's side of `pnpm bench --peers`: the event it stores carries all of ours, its one-family fold answers
 * "platforms in effect at D as known at T" bitemporally (retractions and late facts included), and the table
 * sets each of our figures beside the peer's with the right reading of better.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePeerDataset, measurePeerRebuild, platformsInEffect, toPeerEvent } from './emmettPeer.js';
import type { PeerPlatformState } from './emmettPeer.js';
import { peerComparisons } from './figures.js';
import type { Figure } from './figures.js';
import { syntheticInputs } from './syntheticInputs.js';

const ms = (iso: string): number => Date.parse(iso);

describe('toPeerEvent', () => {
  it('keeps every field of our input event, type and data as Emmett wants them, the envelope as metadata', () => {
    for (const e of syntheticInputs({ district: '130303', seed: 7, events: 50 })) {
      const p = toPeerEvent(e);
      const { type, data, ...envelope } = e;
      expect({ type: p.type, data: p.data }).toEqual({ type, data });
      expect(p.metadata).toEqual(envelope);
    }
  });
});

describe('platformsInEffect', () => {
  // P1 certified on 2020-03-01 (recorded 2020-03-02), decertified on 2021-01-01 (recorded 2021-01-05);
  // P2 certified on 2020-06-01, that certification retracted on 2020-08-01.
  const state: PeerPlatformState = {
    platforms: new Map([
      [
        'P1',
        [
          { eventId: 'c1', certified: true, effectiveDate: '2020-03-01', recordedAtMs: ms('2020-03-02T00:00:00Z') },
          { eventId: 'd1', certified: false, effectiveDate: '2021-01-01', recordedAtMs: ms('2021-01-05T00:00:00Z') },
        ],
      ],
      ['P2', [{ eventId: 'c2', certified: true, effectiveDate: '2020-06-01', recordedAtMs: ms('2020-06-02T00:00:00Z') }]],
    ]),
    retractedAtMs: new Map([['c2', ms('2020-08-01T00:00:00Z')]]),
  };

  it('counts what was in effect at the date as known at the instant', () => {
    expect(platformsInEffect(state, '2020-02-01', ms('2025-01-01T00:00:00Z'))).toBe(0);
    expect(platformsInEffect(state, '2020-07-01', ms('2020-07-01T00:00:00Z'))).toBe(2);
    // The retraction, once known, takes P2 out even for dates before it.
    expect(platformsInEffect(state, '2020-07-01', ms('2020-09-01T00:00:00Z'))).toBe(1);
    // The decertification counts only once recorded.
    expect(platformsInEffect(state, '2021-02-01', ms('2021-01-02T00:00:00Z'))).toBe(1);
    expect(platformsInEffect(state, '2021-02-01', ms('2021-01-06T00:00:00Z'))).toBe(0);
  });
});

describe('peerComparisons', () => {
  const figure = (id: string, unit: Figure['unit'], measured: number): Figure => ({ id, label: id, unit, measured, met: null });

  it('pairs each of our figures with peer.<id>; a higher rate and a lower latency are better', () => {
    const c = peerComparisons([
      figure('append.sqlite', 'events/s', 100),
      figure('snapshot.p50', 'ms', 2),
      figure('verify', 'records/s', 50),
      figure('peer.append.sqlite', 'events/s', 400),
      figure('peer.snapshot.p50', 'ms', 800),
    ]);
    expect(c.map((x) => [x.id, x.ratio, x.better])).toEqual([
      ['append.sqlite', 0.25, 'Emmett'],
      ['snapshot.p50', 0.0025, 'ours'],
    ]);
  });
});

describe('ensurePeerDataset', () => {
  it('keeps every event appended: the cached file holds the whole stream once its writer is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peer-dataset-'));
    try {
      const stream = { district: '130303', seed: 7, events: 5_000 };
      const { path } = await ensurePeerDataset(dir, 'district', stream);
      // What a later run reads: the file alone, as the cache keeps it.
      for (const f of readdirSync(dir)) if (f !== basename(path)) rmSync(join(dir, f), { force: true });
      const figures = await measurePeerRebuild({ path, district: stream.district, events: stream.events });
      expect(figures.events).toBe(stream.events);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
