import { addInventionGrant, addLapse, markGrantRetracted, markLapseRetracted } from '../indicators/patents.js';
import { patentKindOf } from '../ids/patentNumber.js';
import { defineFamily, noViolation, violation } from './family.js';
import type { EventRule } from './family.js';

/** An invention patent's application number (5th digit 1), check character 3 (the examples' patent). */
export const EXAMPLE_PATENT = '201710601862.3';

/** docs/spec.md §4 PatentGranted: the kind agrees with the 5th digit of the number. */
export const patentKindMatchesNumber: EventRule<'PatentGranted'> = (e) => {
  const encoded = patentKindOf(e.data.patentNo);
  return encoded === e.data.kind
    ? noViolation
    : violation('data.kind', `patent number ${e.data.patentNo} is ${encoded === 'invention' ? 'an' : 'a'} ${encoded} number, not ${e.data.kind}`);
};

/** docs/spec.md §4 PatentGranted: filingDate ≤ grant date (the effectiveDate). */
export const filingPrecedesGrant: EventRule<'PatentGranted'> = (e) =>
  e.data.filingDate <= e.effectiveDate ? noViolation : violation('data.filingDate', `${e.data.filingDate} is after the grant date ${e.effectiveDate}`);

/** docs/spec.md §4 PatentGranted: one grant per patent number. */
export const patentGrantedOnce: EventRule<'PatentGranted'> = (e, facts) =>
  !facts.patentGrants.has(e.data.patentNo) ? noViolation : violation('data.patentNo', `patent ${e.data.patentNo} is already granted in this district`);

/** docs/spec.md §4 PatentLapsed: the patent is granted, on or before the lapse date. */
export const lapseFollowsGrant: EventRule<'PatentLapsed'> = (e, facts) => {
  const granted = facts.patentGrants.get(e.data.patentNo);
  if (granted === undefined) return violation('data.patentNo', `patent ${e.data.patentNo} has no grant in this district`);
  return granted <= e.effectiveDate ? noViolation : violation('effectiveDate', `lapse date ${e.effectiveDate} is before the grant date ${granted}`);
};

/**
 * Patents granted and lapsed (docs/spec.md §4). Only invention patents fold into the patent table, which counts
 * those in force for `invention-patents-per-10k` (§6); the population it is divided by is a statistic.
 */
export const patents = defineFamily('patents', {
  PatentGranted: {
    type: 'PatentGranted',
    recordFacts: (facts, e, undo) => {
      const key = e.data.patentNo;
      facts.patentGrants.set(key, e.effectiveDate);
      undo.push(() => facts.patentGrants.delete(key));
    },
    rules: [patentKindMatchesNumber, filingPrecedesGrant, patentGrantedOnce],
    authorization: { units: ['market-regulation'] },
    evolve: (s, r, position, date, tools) => {
      if (r.data.kind === 'invention') addInventionGrant(s.patents, r.data.patentNo, date, tools.patentTermEndKey(r.data.filingDate), position);
    },
    // The table indexes grants by patent for the lapses that follow; a retracted grant leaves that index.
    whenRetracted: (s, position) => markGrantRetracted(s.patents, position),
    moves: ['invention-patents-per-10k'],
    subjectFields: [['patentNo', 'patent']],
    // A holder is a person only sometimes: the caller decides (docs/spec.md §8.4).
    redactableFields: ['holder'],
    example: { unit: 'market-regulation', data: { patentNo: EXAMPLE_PATENT, kind: 'invention', filingDate: '2017-07-26' } },
  },
  PatentLapsed: {
    type: 'PatentLapsed',
    rules: [lapseFollowsGrant],
    authorization: { units: ['market-regulation'] },
    evolve: (s, r, position, date) => addLapse(s.patents, r.data.patentNo, date, position),
    // The table's derived lapse index counts a lapse from its blocks; a retracted one is checked alone.
    whenRetracted: (s, position) => markLapseRetracted(s.patents, position),
    moves: ['invention-patents-per-10k'],
    subjectFields: [['patentNo', 'patent']],
    redactableFields: [],
    example: {
      unit: 'market-regulation',
      data: { patentNo: EXAMPLE_PATENT, reason: 'annuity-unpaid' },
      prerequisites: [{ type: 'PatentGranted', effectiveDate: '2019-11-20' }],
    },
  },
});
