/** The plan's first year: the years of docs/spec.md §6's targets run 2019–2025, the default span of every table. */
export const PLAN_FIRST_YEAR = 2019;
/** The plan's last year. */
export const PLAN_LAST_YEAR = 2025;
