import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { checkpoint, createIndicatorProjections, createLedger, formatVerifierKey, MemoryEventStore } from '@indicator-ledger/core';
import { exportBundle } from '@indicator-ledger/core/bundle';
import type { DistrictCode, NoteSigner } from '@indicator-ledger/core';
import { generateSyntheticHistory, planTargetEvents } from '@indicator-ledger/core/testing';
import { figureAsKnownAt, quarterEndsAfter, vintagesOfFigure } from './analystScript.js';
import { auditBundle } from './auditorScript.js';
import { createSnapshotService } from './snapshotService.js';

const district = '130302' as DistrictCode;
// A small synthetic district (SYNTHETIC data from the core's testing entry), after the plan's targets.
const history = () => [...planTargetEvents(district), ...generateSyntheticHistory({ district, scale: 0.05 })];

describe('snapshot service example', () => {
  const store = new MemoryEventStore();
  const ledger = createLedger({ store });
  const projections = createIndicatorProjections(store, { ledger });
  const server = createSnapshotService(projections);
  let base: string;

  beforeAll(async () => {
    expect((await ledger.append(district, history()))._tag).toBe('Right');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the docs/spec.md §7 snapshot the library computes', async () => {
    for (const query of ['year=2020', 'year=2025', 'date=2021-06-30&asOf=2021-07-01T00:00:00%2B08:00']) {
      const res = await fetch(`${base}/districts/${district}/snapshot?${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const params = new URLSearchParams(query);
      const expected = await projections.snapshot(district, {
        ...(params.has('year') ? { year: Number(params.get('year')) } : { date: params.get('date')! }),
        ...(params.has('asOf') ? { asOf: params.get('asOf')! } : {}),
      });
      expect(expected._tag).toBe('Right');
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(expected._tag === 'Right' ? expected.right : null)));
    }
  });

  it('answers 400 with the library problems for a bad query, and 404 elsewhere', async () => {
    const bad = await fetch(`${base}/districts/${district}/snapshot?year=20x0&asOf=yesterday`);
    expect(bad.status).toBe(400);
    const { problems } = (await bad.json()) as { problems: { path: string }[] };
    expect(problems.map((p) => p.path).sort()).toEqual(['asOf', 'year']);
    expect((await fetch(`${base}/districts/99/snapshot?year=2020`)).status).toBe(400);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('serves what the ledger appended since', async () => {
    const before = (await (await fetch(`${base}/districts/${district}/snapshot?year=2030`)).json()) as { position: number };
    const appended = await ledger.append(district, [
      { type: 'ProjectApproved', district, effectiveDate: '2030-03-01', actor: { unit: 'development-reform', user: 'example' }, data: { projectId: 'EXAMPLE-2030-1', title: '示例项目', level: 'municipal' } },
    ]);
    expect(appended._tag).toBe('Right');
    const after = (await (await fetch(`${base}/districts/${district}/snapshot?year=2030`)).json()) as { position: number; indicators: Record<string, { value: number }> };
    expect(after.position).toBe(before.position + 1);
    expect(after.indicators['st-projects']!.value).toBe(1);
  });

  it('serves the progress table', async () => {
    const res = await fetch(`${base}/districts/${district}/progress?from=2019&to=2025`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { year: number }[]).map((r) => r.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  });
});

describe("analyst's script example", () => {
  it('gives, at each instant, the value of the vintage in force then', async () => {
    const store = new MemoryEventStore();
    expect((await createLedger({ store }).append(district, history()))._tag).toBe('Right');
    const projections = createIndicatorProjections(store);
    const known = await figureAsKnownAt(projections, district, 'fiscal-st-share', 2020, quarterEndsAfter(2020));
    const vintages = await vintagesOfFigure(projections, district, 'fiscal-st-share', 2020);
    expect(known).toHaveLength(8);
    // Published and then revised: the figure took more than one value over those two years.
    expect(new Set(known.map((k) => k.value)).size).toBeGreaterThan(1);
    for (const k of known) {
      const inForce = vintages.filter((v) => v.fromRecordedAt <= k.asOf && (v.toRecordedAt === null || k.asOf < v.toRecordedAt));
      expect(inForce, k.asOf).toHaveLength(1);
      expect(k.value, k.asOf).toBe(inForce[0]!.value);
    }
  });
});

describe("auditor's script example", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'auditor-example-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies the bundle offline against the saved checkpoint and reports what was recorded since and which figures moved', async () => {
    const keys = generateKeyPairSync('ed25519');
    const signer: NoteSigner = { keyName: 'indicator-ledger', privateKey: keys.privateKey };
    const verifierKey = formatVerifierKey({ keyName: 'indicator-ledger', publicKey: keys.publicKey });
    const store = new MemoryEventStore();
    const ledger = createLedger({ store });
    const events = history();
    const cut = events.findIndex((e) => String(e.recordedAt) >= '2022-01-01');
    expect((await ledger.append(district, events.slice(0, cut)))._tag).toBe('Right');
    const saved = await checkpoint(store, district, signer, { ledgerName: 'indicator-ledger' });
    expect(E.isRight(saved)).toBe(true);
    expect((await ledger.append(district, events.slice(cut)))._tag).toBe('Right');
    const exported = await exportBundle(store, district, { signer, ledgerName: 'indicator-ledger', dir: join(dir, 'bundle') });
    expect(E.isRight(exported)).toBe(true);

    const { report, changes } = await auditBundle(join(dir, 'bundle'), verifierKey, E.isRight(saved) ? saved.right.note : '');
    expect(report.size).toBe(events.length);
    expect(report.consistentWith).toContainEqual({ size: cut, source: 'saved-checkpoint' });
    expect(changes).toMatchObject({ size1: cut, size2: events.length });
    expect(Object.values(changes.byType).reduce((a, b) => a + b!, 0)).toBe(events.length - cut);
    // Everything of 2023 was recorded after the saved checkpoint: those figures moved.
    expect(changes.figures.some((f) => f.year === 2023 && f.indicator === 'high-tech-enterprises')).toBe(true);
    for (const f of changes.figures) expect(f.before).not.toBe(f.after);

    // A tampered bundle is refused, naming the position.
    const path = join(dir, 'bundle/records.ndjson');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[9] = lines[9]!.replace('"effectiveDate":"', '"effectiveDate":"1');
    writeFileSync(path, lines.join('\n'));
    await expect(auditBundle(join(dir, 'bundle'), verifierKey, E.isRight(saved) ? saved.right.note : '')).rejects.toThrow(/position 10/);
  });
});
