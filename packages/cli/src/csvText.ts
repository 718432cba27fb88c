/**
 * One CSV record per row (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled;
 * lines end with CRLF as the RFC says, so spreadsheets open the file as written.
 */
export const csvText = (head: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string => {
  const field = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [head, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
};
