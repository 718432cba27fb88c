/**
 * Patents of the synthetic district (docs/spec.md §4 PatentGranted, PatentLapsed): grants with valid CNIPA
 * application numbers, and lapses of patents at least two years old.
 */
import type { PatentLapseReason } from '../../events/vocabulary.js';
import { patentCheckCharacter } from '../../ids/patentNumber.js';
import { civilOf, dayIn, dayOf, workingDayBetween, yearOfDay, zeroPadded } from './calendar.js';
import { companyName, patentTitle } from './inventedNames.js';
import { PATHS, along, countOf, emit, recordDayFor } from './syntheticDistrict.js';
import type { PatentHeld, SyntheticDistrict } from './syntheticDistrict.js';

/** The 5th digit of an application number and the kind it encodes (docs/spec.md §4); 8 is an invention entering via PCT. */
export type KindDigit = '1' | '8' | '2' | '3';
const KIND_OF_DIGIT = { '1': 'invention', '8': 'invention', '2': 'utility-model', '3': 'design' } as const;
/** Days from filing to grant, by kind digit. */
const EXAMINATION_DAYS: Readonly<Record<KindDigit, readonly [number, number]>> = { '1': [600, 1400], '8': [700, 1500], '2': [180, 420], '3': [120, 300] };

/**
 * A CNIPA application number (docs/spec.md §4): filing year, kind digit, a 7-digit serial that only grows per
 * filing year and kind — so numbers never repeat — and the check character.
 */
const applicationNumber = (d: SyntheticDistrict, filingYear: number, kindDigit: KindDigit): string => {
  const key = `${filingYear}${kindDigit}`;
  const serial = (d.patentSerials.get(key) ?? d.random.int(100_000, 3_000_000)) + d.random.int(1, 40);
  d.patentSerials.set(key, serial);
  const digits = `${filingYear}${kindDigit}${zeroPadded(serial, 7)}`;
  return `${digits}.${patentCheckCharacter(digits)}`;
};

/** Grants a patent on `grantDay` (docs/spec.md §4: effectiveDate is the grant date, filed before it), held by an enterprise. */
export const grantPatent = (d: SyntheticDistrict, grantDay: number, kindDigit: KindDigit, opening: boolean): PatentHeld => {
  const [minDays, maxDays] = EXAMINATION_DAYS[kindDigit];
  const filingDay = grantDay - d.random.int(minDays, maxDays);
  const patentNo = applicationNumber(d, yearOfDay(filingDay), kindDigit);
  const recordDay = opening ? d.openingDay : recordDayFor(d, grantDay, 5, 30);
  emit(d, 'PatentGranted', grantDay, recordDay, 'market-regulation', `国家知识产权局授权公告 ${civilOf(grantDay)}`, {
    patentNo,
    kind: KIND_OF_DIGIT[kindDigit],
    filingDate: civilOf(filingDay),
    title: patentTitle(d.random),
    holder: companyName(d.random),
  });
  return { patentNo, grantYear: yearOfDay(grantDay), recordDay };
};

const LAPSE_REASONS: readonly (readonly [PatentLapseReason, number])[] = [['annuity-unpaid', 85], ['abandoned', 10], ['invalidated', 5]];

/** Lapses up to `n` random patents of `held` granted at least two years before `year`. */
const lapseSome = (d: SyntheticDistrict, year: number, held: PatentHeld[], n: number): void => {
  let lapsed = 0;
  // A draw that is too young goes back; the few tries bound the work when most patents are young.
  for (let tries = 0; lapsed < n && tries < 4 * n && held.length > 0; tries++) {
    const i = d.random.int(0, held.length - 1);
    const patent = held[i]!;
    if (patent.grantYear > year - 2) continue;
    held[i] = held[held.length - 1]!;
    held.pop();
    lapsed++;
    const day = dayIn(d.random, year, 1, 5, 12, 20);
    emit(d, 'PatentLapsed', day, recordDayFor(d, day, 5, 30, patent.recordDay), 'market-regulation', `国家知识产权局专利权终止公告 ${civilOf(day)}`, {
      patentNo: patent.patentNo,
      reason: d.random.weighted(LAPSE_REASONS),
    });
  }
};

/**
 * One year of patents: about 2% of held inventions and 6% of utility models lapse; inventions are granted
 * so that those in force per 10,000 residents follow the trajectory towards the plan's 25 (docs/spec.md §6
 * `invention-patents-per-10k`); utility models and designs are granted alongside.
 */
export const patentsYear = (d: SyntheticDistrict, year: number, population: number): void => {
  lapseSome(d, year, d.inventions, countOf(d, (d.inventions.length / d.o.scale) * 0.02));
  lapseSome(d, year, d.utilityModels, countOf(d, (d.utilityModels.length / d.o.scale) * 0.06));
  const target = Math.round((along(PATHS.inventionPatentsPer10k, year) * d.random.between(0.97, 1.04) * population) / 10_000);
  const inventions = Math.max(0, target - d.inventions.length);
  const grantDay = () => workingDayBetween(d.random, dayOf(year, 1, 2), dayOf(year, 12, 28));
  for (let i = 0; i < inventions; i++) d.inventions.push(grantPatent(d, grantDay(), d.random.chance(0.95) ? '1' : '8', false));
  for (let n = countOf(d, (inventions / d.o.scale) * 0.6); n > 0; n--) d.utilityModels.push(grantPatent(d, grantDay(), '2', false));
  for (let n = countOf(d, (inventions / d.o.scale) * 0.15); n > 0; n--) grantPatent(d, grantDay(), '3', false);
};
