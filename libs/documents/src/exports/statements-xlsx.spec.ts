// The XLSX workbook read back with exceljs: the same cells as the data (amounts to the cent as numbers in
// euros, dates as dates), the three sheets with a bold frozen header, the totals, the properties, the same
// bytes for the same data whenever it is written, and no formula but the totals, whatever the names say.
import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { EPCI_NAME, FORMULA_LIKE_TEXTS, ROWS, statementsOf } from '../../test/exports.fixture.js';
import { exportTable, neutralised, type Cell, type ExportTableName } from './statement-tables.js';
import { EUROS_FORMAT, statementsXlsx } from './statements-xlsx.js';
import { dosDateTime, withZipDates } from './zip-dates.js';

const SHEETS: Array<[ExportTableName, string]> = [
  ['statements', 'États'],
  ['instalments', 'Échéances'],
  ['shares', 'Clés de répartition'],
];

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  return workbook;
}

/** What a cell of the data must read back as. */
function expected(cell: Cell): unknown {
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
      return new Date(`${cell.value}T00:00:00Z`);
  }
}

describe('the XLSX of the statements', () => {
  const input = { statements: statementsOf(), epciName: EPCI_NAME };
  let bytes: Buffer;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    bytes = await statementsXlsx(input);
    workbook = await load(bytes);
  });

  it('has the three sheets, each with its bold, frozen header row and its column widths', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(SHEETS.map(([, name]) => name));
    for (const [table, name] of SHEETS) {
      const sheet = workbook.getWorksheet(name)!;
      const { columns } = exportTable(input, table);
      expect(sheet.getRow(1).values).toEqual([undefined, ...columns.map((c) => c.header)]);
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.columns.map((c) => c.width)).toEqual(columns.map((c) => c.width));
    }
  });

  it('holds every cell of the data, amounts to the cent as numbers in euros and dates as dates', () => {
    for (const [table, name] of SHEETS) {
      const sheet = workbook.getWorksheet(name)!;
      const { rows } = exportTable(input, table);
      expect(rows.length).toBeGreaterThan(1);
      rows.forEach((row, r) => {
        row.forEach((cell, c) => {
          const read = sheet.getRow(r + 2).getCell(c + 1);
          expect([name, r, c, read.value]).toEqual([name, r, c, expected(cell)]);
          if (cell?.kind === 'amount') {
            expect(read.numFmt).toBe(EUROS_FORMAT);
            expect(Math.round((read.value as number) * 100)).toBe(cell.cents);
          }
          if (cell?.kind === 'date') expect(read.numFmt).toBe('dd/mm/yyyy');
        });
      });
    }
    // A credit is a negative number.
    const credit = workbook.getWorksheet('États')!.getRow(6);
    expect([credit.getCell(2).value, credit.getCell(18).value]).toEqual(['Trélazé', -12.5]);
    expect(workbook.getWorksheet('Échéances')!.rowCount).toBe(1 + ROWS.reduce((n, r) => n + r.instalments.length, 0));
    expect(workbook.getWorksheet('Clés de répartition')!.rowCount).toBe(1 + ROWS.filter((r) => r.unitCostSource === 'keys').length);
  });

  it('totals the statements sheet: a SUBTOTAL of each amount column, with the totals of the data as its value', () => {
    const sheet = workbook.getWorksheet('États')!;
    const totals = sheet.getRow(ROWS.length + 2);
    expect(totals.getCell(2).value).toBe('Total');
    const { totals: t } = input.statements;
    expect([14, 16, 17, 18].map((c) => totals.getCell(c).value)).toEqual([
      { formula: `SUBTOTAL(9,N2:N${ROWS.length + 1})`, result: t.forecastCents / 100 },
      { formula: `SUBTOTAL(9,P2:P${ROWS.length + 1})`, result: t.actualCents / 100 },
      { formula: `SUBTOTAL(9,Q2:Q${ROWS.length + 1})`, result: t.invoicedCents / 100 },
      { formula: `SUBTOTAL(9,R2:R${ROWS.length + 1})`, result: t.balanceCents / 100 },
    ]);
    expect(totals.getCell(14).numFmt).toBe(EUROS_FORMAT);
    expect(sheet.rowCount).toBe(ROWS.length + 2);
  });

  it('totals an empty year with plain zeros (no formula over an empty range)', async () => {
    const empty = await load(await statementsXlsx({ statements: statementsOf([]), epciName: EPCI_NAME }));
    const sheet = empty.getWorksheet('États')!;
    expect(sheet.rowCount).toBe(2);
    expect([2, 14, 16, 17, 18].map((c) => sheet.getRow(2).getCell(c).value)).toEqual(['Total', 0, 0, 0, 0]);
    expect(empty.getWorksheet('Échéances')!.rowCount).toBe(1);
  });

  it('names its creator and dates everything at the end of the year', async () => {
    expect(workbook.creator).toBe('À la carte');
    expect(workbook.lastModifiedBy).toBe('À la carte');
    expect(workbook.created).toEqual(new Date('2027-12-31T00:00:00Z'));
    expect(workbook.modified).toEqual(new Date('2027-12-31T00:00:00Z'));
    expect(workbook.title).toBe('États 2027 – Angers Loire Métropole');
    const zip = await JSZip.loadAsync(bytes);
    const dates = Object.values(zip.files).map((f) => f.date.toISOString());
    expect(new Set(dates)).toEqual(new Set(['2027-12-31T00:00:00.000Z']));
  });

  it('gives the same bytes for the same data, whenever it is written', async () => {
    // Only Date is faked: the zip's streams still need the real timers.
    jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      jest.setSystemTime(new Date('2031-05-17T10:11:12Z'));
      const once = await statementsXlsx(input);
      jest.setSystemTime(new Date('2034-02-03T23:59:58Z'));
      const twice = await statementsXlsx(input);
      expect(once.equals(twice)).toBe(true);
      expect(once.equals(bytes)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
    const other = await statementsXlsx({ statements: statementsOf(ROWS.slice(1)), epciName: EPCI_NAME });
    expect(other.equals(bytes)).toBe(false);
  });

  it.each(FORMULA_LIKE_TEXTS)('writes a text that begins with %s as a string cell, prefixed, never a formula', async (_, dangerous) => {
    const rows = ROWS.map((r) => ({ ...r, communeName: dangerous, serviceName: dangerous, key: r.key === null ? null : dangerous }));
    const xlsx = await statementsXlsx({ statements: statementsOf(rows), epciName: dangerous });
    const book = await load(xlsx);
    for (const sheet of book.worksheets) {
      for (let r = 2; r <= rows.length + 1 && r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        if (row.getCell(2).value === 'Total') continue;
        for (const c of [2, 4]) {
          expect(row.getCell(c).type).toBe(ExcelJS.ValueType.String);
          // XML reads a carriage return in a text back as a line feed (XML 1.0, 2.11): still behind the apostrophe.
          expect(row.getCell(c).value).toBe(`'${dangerous}`.replace('\r', '\n'));
        }
      }
    }
    // In the XML itself: the only formulas are the four totals.
    const zip = await JSZip.loadAsync(xlsx);
    const sheets = await Promise.all(Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(sheets.join('').match(/<f>[^<]*<\/f>/g)).toEqual(['N', 'P', 'Q', 'R'].map((c) => `<f>SUBTOTAL(9,${c}2:${c}${rows.length + 1})</f>`));
  });
});

describe('the dates of the zip entries', () => {
  it('are MS-DOS dates and times, as JSZip writes them', () => {
    expect(dosDateTime(new Date('2027-12-31T00:00:00Z'))).toEqual({ time: 0, date: (47 << 9) | (12 << 5) | 31 });
    expect(dosDateTime(new Date('1980-01-01T23:59:59Z'))).toEqual({ time: (23 << 11) | (59 << 5) | 29, date: (1 << 5) | 1 });
    expect(() => dosDateTime(new Date('1979-12-31T00:00:00Z'))).toThrow(RangeError);
  });

  it('are set on every entry without touching anything else, and a non-zip is refused', async () => {
    const zip = new JSZip();
    zip.file('a.txt', 'alpha', { date: new Date('2001-02-03T04:05:06Z') });
    zip.file('dossier/b.txt', 'bêta', { date: new Date('2019-08-07T06:05:04Z') });
    zip.file('c.txt', 'gamma', { date: new Date('2020-01-01T00:00:00Z'), comment: 'un commentaire' });
    const original = Buffer.from(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', comment: 'fin' }));
    const dated = withZipDates(original, new Date('2027-12-31T00:00:00Z'));
    expect(dated.length).toBe(original.length);
    const back = await JSZip.loadAsync(dated);
    expect(Object.values(back.files).map((f) => [f.name, f.date.toISOString()])).toEqual([
      ['a.txt', '2027-12-31T00:00:00.000Z'],
      ['dossier/', '2027-12-31T00:00:00.000Z'],
      ['dossier/b.txt', '2027-12-31T00:00:00.000Z'],
      ['c.txt', '2027-12-31T00:00:00.000Z'],
    ]);
    expect(await back.file('dossier/b.txt')!.async('string')).toBe('bêta');
    // The original is left as it was.
    expect((await JSZip.loadAsync(original)).file('a.txt')!.date.toISOString()).toBe('2001-02-03T04:05:06.000Z');
    expect(() => withZipDates(Buffer.from('not a zip at all, not even close'), new Date('2027-12-31T00:00:00Z'))).toThrow(/Not a zip/);
  });
});
