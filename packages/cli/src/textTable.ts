import Table from 'cli-table3';

/** How a column's cells line up. */
export type Alignment = 'left' | 'right';

/** A table to draw for a terminal: headings, rows of cells (a cell may hold several lines), alignment. */
export interface TextTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly align?: readonly Alignment[];
  /** Widths of columns, borders' padding included; long cells wrap at word boundaries (null: fit). */
  readonly widths?: readonly (number | null)[];
  /** No rule between rows: each row one line of text, for long lists read or filtered line by line (`grep`, `wc -l`). */
  readonly compact?: boolean;
}


/**
 * Draws a table with box-drawing borders. Widths count East Asian characters as two columns and ignore
 * colour escapes (cli-table3 measures with string-width), so Chinese labels and coloured cells line up.
 */
export const drawTable = ({ head, rows, align = [], widths, compact = false }: TextTable): string => {
  const table = new Table({
    head: [...head],
    colAligns: head.map((_, i) => align[i] ?? 'left'),
    ...(widths !== undefined ? { colWidths: head.map((_, i) => widths[i] ?? null), wordWrap: true } : {}),
    // Colour is ours to decide (NO_COLOR, pipes): the library's own header colouring is switched off.
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push([...row]);
  const drawn = table.toString();
  if (!compact) return drawn;
  // The first rule closes the heading; the ones after it fall between rows (borders are never coloured).
  const lines = drawn.split('\n');
  const headRule = lines.findIndex((l) => l.startsWith('├'));
  return lines.filter((l, i) => i === headRule || !l.startsWith('├')).join('\n');
};
