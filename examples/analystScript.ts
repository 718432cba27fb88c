/**
 * Example: an analyst's script. How was a yearly figure known at several past instants — what the leading
 * group would have read on each date — and how was it revised (its vintages, docs/spec.md §1's knowledge axis)?
 *
 * Run it on the demo ledger (`pnpm demo` first): `pnpm --filter @indicator-ledger/examples analyst`, or
 * `… analyst fiscal-st-share 2020`. Environment: LEDGER_STORE (default: ledger.db where the command is typed), DISTRICT (130302).
 */
import { pathToFileURL } from 'node:url';
import { createIndicatorProjections, INDICATORS } from '@indicator-ledger/core';
import type { IndicatorId, IndicatorProjections, TargetStatus, Vintage } from '@indicator-ledger/core';
import { ExampleRefusal, openDemoLedger, runExample } from './demoLedger.js';

/** A yearly figure as it was known at one instant. */
export interface KnownFigure {
  readonly asOf: string;
  /** The last stream position known then. */
  readonly position: number;
  readonly value: number | null;
  readonly status: TargetStatus;
  readonly missing: readonly string[];
}

/** A figure's value for `year` (on December 31) as known at each of `instants` (ISO 8601 with an offset). */
export const figureAsKnownAt = async (
  projections: IndicatorProjections,
  district: string,
  indicator: IndicatorId,
  year: number,
  instants: readonly string[],
): Promise<KnownFigure[]> => {
  const known: KnownFigure[] = [];
  for (const asOf of instants) {
    const snapshot = await projections.snapshot(district, { year, asOf });
    if (snapshot._tag === 'Left') throw new Error(snapshot.left.map((p) => `${p.path}: ${p.reason}`).join('; '));
    const figure = snapshot.right.indicators[indicator];
    known.push({ asOf: snapshot.right.asOf!, position: snapshot.right.position, value: figure.value, status: figure.status, missing: figure.missing });
  }
  return known;
};

/** The figure's vintages: closed-open periods of recordedAt, each with the value then known. */
export const vintagesOfFigure = async (projections: IndicatorProjections, district: string, indicator: IndicatorId, year: number): Promise<Vintage[]> => {
  const vintages = await projections.vintages(district, indicator, year);
  if (vintages._tag === 'Left') throw new Error(vintages.left.map((p) => `${p.path}: ${p.reason}`).join('; '));
  return vintages.right;
};

/** Ends of the quarters of the year after `year` and of the year after that, in Beijing time: when a year's statistics get published and revised. */
export const quarterEndsAfter = (year: number): string[] =>
  [year + 1, year + 2].flatMap((y) => ['03-31', '06-30', '09-30', '12-31'].map((md) => `${y}-${md}T23:59:59+08:00`));

const main = async (): Promise<void> => {
  const [indicator = 'fiscal-st-share', yearText = '2020'] = process.argv.slice(2);
  if (!(indicator in INDICATORS)) throw new ExampleRefusal(`unknown indicator ${indicator}: one of ${Object.keys(INDICATORS).join(', ')}`);
  const id = indicator as IndicatorId;
  const year = Number(yearText);
  if (!Number.isInteger(year)) throw new ExampleRefusal(`year ${JSON.stringify(yearText)} is not a whole number`);
  const district = process.env.DISTRICT ?? '130302';
  const store = await openDemoLedger(district);
  try {
    const projections = createIndicatorProjections(store);
    console.log(`${INDICATORS[id].en} (${id}), ${district}, year ${year}, as known at:`);
    for (const k of await figureAsKnownAt(projections, district, id, year, quarterEndsAfter(year))) {
      console.log(`  ${k.asOf}  ${k.value === null ? `unknown (missing ${k.missing.join(', ')})` : k.value}  ${k.status}`);
    }
    console.log('vintages:');
    for (const v of await vintagesOfFigure(projections, district, id, year)) {
      console.log(`  [${v.fromRecordedAt}, ${v.toRecordedAt ?? 'now'})  position ${v.position}  ${v.value ?? 'unknown'}`);
    }
  } finally {
    await store.close();
  }
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runExample(main);
