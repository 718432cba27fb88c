/**
 * How deep untrusted JSON may nest before the ledger refuses to read it (docs/spec.md §8.3). Records nest
 * three levels (record, data or actor, a value); JSON.parse reads any depth, but the recursive walks
 * after it — JSON.stringify, canonical JSON, structuredClone, freezing — overflow the call stack on a
 * value nested some thousands deep. So values from a file, a store or a proof are measured first, by a
 * walk that does not recurse.
 */

/** The deepest nesting of arrays and objects read from untrusted JSON; the outermost value is level 1. */
export const MAX_JSON_NESTING = 64;

/**
 * True when `value` holds arrays or objects nested more than `limit` levels deep (the value itself is
 * level 1). Iterative, with an explicit stack, so any depth is measured without recursion; stops at the
 * first container too deep, so a cycle ends too. O(size of the value up to that point).
 */
export const nestedDeeperThan = (value: unknown, limit: number = MAX_JSON_NESTING): boolean => {
  const pending: unknown[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const item = pending.pop();
    const depth = depths.pop() as number;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) {
      if (typeof child === 'object' && child !== null) {
        pending.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
};

/** The words of a refusal for a value {@link nestedDeeperThan} the limit. */
export const TOO_DEEP = `nested deeper than ${MAX_JSON_NESTING} levels`;
