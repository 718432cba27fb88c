/**
 * What a spreadsheet (Excel, WPS, LibreOffice) reads as the start of a formula: `=`, `+`, `-`, `@`, a tab
 * or a carriage return (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The UTF-8 byte order mark: zh-CN Excel reads a CSV as UTF-8 only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV cell. A finite number is written as it is — a negative number is a number, not a formula
 * (docs/spec.md §8.5). Text that a spreadsheet would run as a formula (event data such as names and sources
 * comes from outside) gets a leading single quote and is quoted, as OWASP advises, so it shows as written.
 * Fields with a comma, quote or line break are quoted, quotes doubled (RFC 4180).
 */
export const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const s = String(v);
  if (FORMULA_START.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * One CSV record per row (RFC 4180), each cell as {@link csvCell}; lines end with CRLF as the RFC says, so
 * spreadsheets open the file as written.
 */
export const csvText = (head: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string =>
  [head, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
