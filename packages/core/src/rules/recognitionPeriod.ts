/**
 * The §4 validity defaults of a recognition now belong to the enterprise family (`families/`); re-exported
 * here so that the names the package and `projection/foldCalendar.ts` import from rules/ keep working.
 */
export { recognitionValidFrom, recognitionValidUntil } from '../families/recognitionPeriod.js';
