import type { Problem } from '@indicator-ledger/core';
import { districtListOption } from '../commands/rollupCommands.js';

/**
 * Reading a request's query string with the command's own option parsers (optionValues.ts), so the
 * workbench accepts exactly what `--district`, `--year`, `--as-of`… accept. A parser's refusal becomes a
 * problem `{path: parameter, reason}`; nothing throws out of here.
 */
export class RequestParams {
  readonly problems: Problem[] = [];
  readonly #params: URLSearchParams;
  readonly #known: ReadonlySet<string>;

  constructor(params: URLSearchParams, known: readonly string[]) {
    this.#params = params;
    this.#known = new Set(known);
    // A mistyped parameter would otherwise be ignored silently and answer another question.
    for (const name of new Set(params.keys())) if (!this.#known.has(name)) this.problems.push({ path: name, reason: `unknown parameter; expected one of ${known.join(', ')}` });
  }

  /** The parameter's text; several values of one name are refused. */
  text(name: string): string | undefined {
    const all = this.#params.getAll(name);
    if (all.length > 1) {
      this.problems.push({ path: name, reason: 'given more than once' });
      return undefined;
    }
    return all[0] === '' ? undefined : all[0];
  }

  /** The parameter parsed by `parse` (a commander option parser), or undefined when absent or refused. */
  optional<T>(name: string, parse: (text: string) => T): T | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (err) {
      this.problems.push({ path: name, reason: (err as Error).message });
      return undefined;
    }
  }

  /** Like {@link optional}, and a problem when the parameter is absent. */
  required<T>(name: string, parse: (text: string) => T): T | undefined {
    if (this.text(name) === undefined && !this.problems.some((p) => p.path === name)) {
      this.problems.push({ path: name, reason: 'required' });
      return undefined;
    }
    return this.optional(name, parse);
  }

  /** A choice among `choices`. */
  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    return this.optional(name, (text) => {
      if (!(choices as readonly string[]).includes(text)) throw new Error(`should be one of ${choices.join(', ')}`);
      return text as T;
    });
  }

  /** The districts of `districts=a,b` (the parameter may also be repeated); not checked here (the library does). */
  districtList(name: string): string[] | undefined {
    const all = this.#params.getAll(name);
    if (all.length === 0) return undefined;
    return all.flatMap(districtListOption);
  }
}
