// One table of an EPCI's year as CSV, the way a French spreadsheet and an accounting import read it: UTF-8 with
// a BOM (so that Excel does not take it for Windows-1252), `;` between fields, CRLF, amounts in euros with a
// decimal comma and no thousands separator (1234,56: a number, not text), dates as JJ/MM/AAAA, French headers.
// The quoting is csv-stringify's; the texts a spreadsheet would evaluate are neutralised (statement-tables.ts).
import { stringify } from 'csv-stringify/sync';
import { shortDateFr } from '../french.js';
import { exportTable, neutralised, type Cell, type ExportTableName, type StatementsExportInput } from './statement-tables.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** 123456 → '1234,56', -5 → '-0,05': exact, from the integer cents. */
export function eurosCsv(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`An amount in cents must be a safe integer, got ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** '12.5' → '12,5'. */
export const decimalCsv = (value: string): string => value.replace('.', ',');

export function cellCsv(cell: Cell): string {
  if (cell === null) return '';
  switch (cell.kind) {
    case 'text':
      return neutralised(cell.value);
    case 'amount':
      return eurosCsv(cell.cents);
    case 'decimal':
      return decimalCsv(cell.value);
    case 'integer':
      return String(cell.value);
    case 'date':
      return shortDateFr(cell.value);
  }
}

/** The bytes of one table (`statements` by default) as a CSV file. */
export function statementsCsv(input: StatementsExportInput, table: ExportTableName = 'statements'): Buffer {
  const { columns, rows } = exportTable(input, table);
  const csv = stringify([columns.map((c) => c.header), ...rows.map((row) => row.map(cellCsv))], {
    bom: true,
    delimiter: ';',
    record_delimiter: '\r\n',
    // A field holding a lone LF or CR is quoted too (csv-stringify quotes only a whole CRLF once the record
    // delimiter is set): a spreadsheet would end the record there.
    quote_record_delimiter: true,
    // Every record ends with CRLF, the last one too (RFC 4180 allows it, spreadsheets expect it).
    eof: true,
  });
  return Buffer.from(csv, 'utf8');
}
