import type * as t from 'io-ts/lib/index.js';
import { describeValue } from './codecs.js';

/**
 * One reason an input was refused: where (`index` in a batch, or `line` of an NDJSON file), which field
 * (`path`, such as `data.enterpriseId`; empty for the whole event) and why, in plain words.
 */
export interface Problem {
  readonly index?: number;
  readonly line?: number;
  readonly path: string;
  readonly reason: string;
}

/** Renders a problem on one line: `line 3: data.enterpriseId: check character should be 3, got 4`. */
export const formatProblem = (p: Problem): string => {
  const where = p.line !== undefined ? `line ${p.line}` : p.index !== undefined ? `event ${p.index}` : '';
  return [where, p.path, p.reason].filter((s) => s !== '').join(': ');
};

/** Turns io-ts validation errors into problems with dotted field paths. */
export const problemsOfValidation = (errors: t.Errors, at: { index?: number; line?: number }): Problem[] =>
  errors.map((e) => ({
    ...at,
    path: e.context
      .map((entry) => entry.key)
      .filter((key) => key !== '')
      .join('.'),
    reason: e.message ?? `should be ${e.context[e.context.length - 1]?.type.name ?? 'valid'}, got ${describeValue(e.value)}`,
  }));
