import type { Sheet } from './spreadsheetView.js';

/**
 * Writes sheets as an Office Open XML workbook (.xlsx) with exceljs: numbers as numeric cells, text as
 * text, absent figures as empty cells; the heading row bold and frozen, columns wide enough for their
 * headings. exceljs is loaded only when a spreadsheet is written, keeping it out of every other command's start-up.
 */
export const writeXlsxFile = async (path: string, sheets: readonly Sheet[]): Promise<void> => {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'indicator-ledger';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...sheet.head]).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((cell) => (cell === null ? undefined : cell)));
    ws.columns.forEach((column, i) => {
      const widest = Math.max(...[sheet.head[i] ?? '', ...sheet.rows.map((r) => r[i] ?? '')].map((c) => [...String(c)].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)));
      column.width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  await workbook.xlsx.writeFile(path);
};
