// The three tables of an EPCI's year as one XLSX workbook (exceljs): one sheet per table, the header row bold
// and frozen with a filter, amounts as numbers in euros (`#,##0.00 €`), dates as dates, the statements totalled
// (SUBTOTAL formulas, which leave out the rows a filter hides, with their values: the only formulas of the workbook). Texts are string cells, never formulas,
// and the dangerous ones carry the same apostrophe as in the CSV, so that a sheet saved again as CSV stays safe.
//
// Deterministic: the workbook's dates are the last day of the year, and so are the dates of the zip entries,
// which JSZip (under exceljs) stamps with the time of writing (zip-dates.ts). Same data, same bytes.
import type ExcelJS from 'exceljs';
import { exportTable, neutralised, TOTALLED, type Cell, type ExportTable, type StatementsExportInput } from './statement-tables.js';
import { withZipDates } from './zip-dates.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EUROS_FORMAT = '#,##0.00 €';
const DATE_FORMAT = 'dd/mm/yyyy';
const CREATOR = 'À la carte';

/** A civil date as the Date exceljs writes as that day (UTC midnight: no time zone shifts it). */
const utcDate = (date: string): Date => new Date(`${date}T00:00:00Z`);

function cellValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  switch (cell.kind) {
    case 'text':
      return neutralised(cell.value);
    case 'amount':
      return cell.cents / 100;
    case 'decimal':
      return Number(cell.value);
    case 'integer':
      return cell.value;
    case 'date':
      return utcDate(cell.value);
  }
}

function addSheet(workbook: ExcelJS.Workbook, table: ExportTable): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { name: 'Calibri', size: 11, bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const row of table.rows) {
    const added = sheet.addRow(row.map(cellValue));
    row.forEach((cell, i) => {
      if (cell?.kind === 'amount') added.getCell(i + 1).numFmt = EUROS_FORMAT;
      else if (cell?.kind === 'date') added.getCell(i + 1).numFmt = DATE_FORMAT;
      else if (cell?.kind === 'text') added.getCell(i + 1).alignment = { wrapText: false };
    });
  }
  // Amount columns keep their format on the blank cells too (an actual amount not known yet).
  table.columns.forEach((c, i) => {
    if (/\(€\)$/.test(c.header)) sheet.getColumn(i + 1).numFmt = EUROS_FORMAT;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, table.rows.length + 1), column: table.columns.length } };
  return sheet;
}

/** The totals row of the statements sheet: the sum of each totalled column, as a formula with its value. */
function addTotals(sheet: ExcelJS.Worksheet, table: ExportTable, totals: Record<(typeof TOTALLED)[number], number>): void {
  const last = table.rows.length + 1;
  const cells: ExcelJS.CellValue[] = table.columns.map(() => null);
  cells[1] = 'Total';
  for (const header of TOTALLED) {
    const index = table.columns.findIndex((c) => c.header === header);
    const letter = sheet.getColumn(index + 1).letter;
    const result = totals[header] / 100;
    cells[index] = table.rows.length === 0 ? result : { formula: `SUBTOTAL(9,${letter}2:${letter}${last})`, result };
  }
  const row = sheet.addRow(cells);
  row.font = { name: 'Calibri', size: 11, bold: true };
  for (const header of TOTALLED) row.getCell(table.columns.findIndex((c) => c.header === header) + 1).numFmt = EUROS_FORMAT;
}

/** The last day of the statements' year, at midnight UTC: the date of everything in the file. */
export const exportDate = (year: number): Date => new Date(Date.UTC(year, 11, 31));

/** The bytes of the workbook: the statements, the instalments and the shares of the keys services. */
export async function statementsXlsx(input: StatementsExportInput): Promise<Buffer> {
  const { statements, epciName } = input;
  const date = exportDate(statements.year);
  // exceljs is loaded with the first export, not with the application.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = CREATOR;
  workbook.lastModifiedBy = CREATOR;
  workbook.created = date;
  workbook.modified = date;
  workbook.title = `États ${statements.year} – ${epciName}`;
  workbook.subject = `Conventions de services communs et à la carte, exercice ${statements.year}`;
  workbook.company = epciName;

  const table = exportTable(input, 'statements');
  const sheet = addSheet(workbook, table);
  addTotals(sheet, table, {
    'Montant prévisionnel (€)': statements.totals.forecastCents,
    'Montant dû (€)': statements.totals.actualCents,
    'Acomptes facturés (€)': statements.totals.invoicedCents,
    'Solde (€)': statements.totals.balanceCents,
  });
  addSheet(workbook, exportTable(input, 'instalments'));
  addSheet(workbook, exportTable(input, 'shares'));

  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return withZipDates(bytes, date);
}
