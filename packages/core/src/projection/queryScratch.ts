/**
 * Scratch of the indicator queries, kept out of the folded state. Counting distinct enterprises, patents or
 * commissioners marks each one counted with the number of the query (`countedInQuery`, `queryCounter` of the
 * fold tables): a set without allocating one per query. Those marks are not what the records fold to, and a
 * projection checkpoint seals the folded state (docs/spec.md §8.4): so a query never writes them into the state.
 * It runs on a view of the state whose tables carry marks owned by the read side, kept here per table in a
 * `WeakMap` (gone with the state) so that a query still allocates nothing per counted entity.
 */
import type { RecognitionTable } from '../indicators/enterprises.js';
import type { FlowTable } from '../indicators/flows.js';
import type { PatentTable } from '../indicators/patents.js';
import type { IndicatorTables } from '../indicators/tables.js';

/** The marks of one table: per entity (or key) the last query that counted it, and the last query's number. */
interface Marks<C> {
  readonly countedInQuery: C;
  queryCounter: number;
}

const recognitionMarks = new WeakMap<RecognitionTable, Marks<number[]>>();
const patentMarks = new WeakMap<PatentTable, Marks<number[]>>();
const flowMarks = new WeakMap<FlowTable, Marks<Map<string, number>>>();

const marksOf = <K extends object, C>(marks: WeakMap<K, Marks<C>>, table: K, fresh: () => C): Marks<C> => {
  let m = marks.get(table);
  if (m === undefined) {
    m = { countedInQuery: fresh(), queryCounter: 0 };
    marks.set(table, m);
  }
  return m;
};

/** `table` as a query sees it: the same columns (shared, not copied), the read side's marks instead of its own. */
const withMarks = <K extends Marks<C>, C>(table: K, marks: Marks<C>): K => ({ ...table, countedInQuery: marks.countedInQuery, queryCounter: marks.queryCounter });

/**
 * Runs `query` on a view of `state` whose tables carry the read side's marks, and keeps the marks' counters
 * for the next query; the state itself is not written. The view is only valid during `query`, which must
 * not keep it (it copies the state's scalar fields, which the fold goes on changing). O(1) per query.
 */
export const withQueryScratch = <T extends IndicatorTables, R>(state: T, query: (view: T) => R): R => {
  const highTech = marksOf(recognitionMarks, state.highTech, () => []);
  const techSme = marksOf(recognitionMarks, state.techSme, () => []);
  const patents = marksOf(patentMarks, state.patents, () => []);
  const funds = marksOf(flowMarks, state.funds, () => new Map());
  const projects = marksOf(flowMarks, state.projects, () => new Map());
  const commissioners = marksOf(flowMarks, state.commissioners, () => new Map());
  const view: T = {
    ...state,
    highTech: withMarks(state.highTech, highTech),
    techSme: withMarks(state.techSme, techSme),
    patents: withMarks(state.patents, patents),
    funds: withMarks(state.funds, funds),
    projects: withMarks(state.projects, projects),
    commissioners: withMarks(state.commissioners, commissioners),
  };
  try {
    return query(view);
  } finally {
    // Each counting query numbers itself one past the last: the marks of earlier queries never match it.
    highTech.queryCounter = view.highTech.queryCounter;
    techSme.queryCounter = view.techSme.queryCounter;
    patents.queryCounter = view.patents.queryCounter;
    funds.queryCounter = view.funds.queryCounter;
    projects.queryCounter = view.projects.queryCounter;
    commissioners.queryCounter = view.commissioners.queryCounter;
  }
};
