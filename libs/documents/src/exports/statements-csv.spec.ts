// The CSV exports as a French spreadsheet and an accounting import read them: the bytes (BOM, `;`, CRLF), the
// amounts to the cent with a decimal comma, the dates, the three tables, and no text that could run as a formula.
import { readCsv } from '../../../../test/support/csv.js';
import { EPCI_NAME, FORMULA_LIKE_TEXTS, ROWS, statementsOf } from '../../test/exports.fixture.js';
import { eurosCsv, statementsCsv } from './statements-csv.js';
import { neutralised } from './statement-tables.js';

const input = { statements: statementsOf(), epciName: EPCI_NAME };
const read = (table?: 'statements' | 'instalments' | 'shares', rows = ROWS) => readCsv(statementsCsv({ statements: statementsOf(rows), epciName: EPCI_NAME }, table));

describe('the CSV of the statements', () => {
  it('is UTF-8 with a BOM, `;` between fields and CRLF after every record, the last one too', () => {
    const bytes = statementsCsv(input);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.split('\r\n')[0]).toBe(
      'Exercice;Commune;Code INSEE;Service;État;Périodicité;Règlement;Clé de répartition;Coût unitaire (€);Origine du coût unitaire;' +
        'Unités prévisionnelles;Jours en vigueur;Jours de l’année;Montant prévisionnel (€);Unités réelles;Montant dû (€);Acomptes facturés (€);Solde (€)',
    );
    // Accents survive as UTF-8, not as Windows-1252 or mojibake.
    expect(bytes.includes(Buffer.from('Avrillé', 'utf8'))).toBe(true);
  });

  it('writes one row per convention, the amounts in euros with a decimal comma and no thousands separator', () => {
    const { bom, records } = read();
    expect(bom).toBe(true);
    expect(records).toHaveLength(1 + ROWS.length);
    expect(records[1]).toEqual([
      '2027',
      'Avrillé',
      '49015',
      'Instruction des autorisations du droit des sols (ADS)',
      'Convention active',
      'trimestrielle',
      'Titre de recettes',
      '',
      '180,50',
      'Notifié par l’EPCI pour l’année',
      '10',
      '306',
      '365',
      '1513,23',
      '9,5',
      '1714,75',
      '1138,30',
      '576,45',
    ]);
    // Keys: the key as a number (a percentage keeps its decimal comma), no unit cost; compensation.
    expect(records[2].slice(6, 10)).toEqual(['Imputation sur l’attribution de compensation', '13954', '', 'Clé de répartition']);
    expect(records[3][7]).toBe('33,5');
    // Not known yet: blank, not zero. Decimal units with a comma.
    expect(records[4].slice(4, 18)).toEqual(['Convention résiliée', 'semestrielle', 'Titre de recettes', '', '20,00', 'Convention (provisoire, coût de l’année non notifié)', '120,25', '365', '365', '2405,00', '', '', '1202,50', '']);
    // A credit is a negative number, not a neutralised text.
    expect(records[5].slice(13)).toEqual(['12,50', '0', '0,00', '12,50', '-12,50']);
  });

  it('writes amounts exactly, from the integer cents', () => {
    expect([0, 5, -5, 100, 123456, -123456, 9_007_199_254_740_991].map(eurosCsv)).toEqual(['0,00', '0,05', '-0,05', '1,00', '1234,56', '-1234,56', '90071992547409,91']);
    expect(() => eurosCsv(1.5)).toThrow(RangeError);
  });

  it('writes one row per convention and period for the instalments, dated JJ/MM/AAAA', () => {
    const { records } = read('instalments');
    expect(records[0]).toEqual(['Exercice', 'Commune', 'Code INSEE', 'Service', 'Règlement', 'Période', 'Du', 'Au', 'Montant de l’échéance (€)', 'Unités réelles']);
    expect(records).toHaveLength(1 + ROWS.reduce((n, r) => n + r.instalments.length, 0));
    expect(records.slice(1, 5).map((r) => r.slice(5))).toEqual([
      ['1er trimestre 2027', '01/03/2027', '31/03/2027', '153,30', '2,4'],
      ['2e trimestre 2027', '01/04/2027', '30/06/2027', '445,07', '3'],
      ['3e trimestre 2027', '01/07/2027', '30/09/2027', '499,93', '2,1'],
      ['4e trimestre 2027', '01/10/2027', '31/12/2027', '414,93', '2'],
    ]);
    expect(records[5].slice(4)).toEqual(['Imputation sur l’attribution de compensation', 'Année 2027', '01/01/2027', '31/12/2027', '1234,56', '']);
    expect(records.slice(7, 9).map((r) => r[5])).toEqual(['1er semestre 2027', '2d semestre 2027']);
    // Each convention's instalments sum to its forecast, to the cent, in the file as in the data.
    const cents = (text: string) => Number(text.replace(',', ''));
    for (const row of ROWS) {
      const mine = records.filter((r) => r[2] === row.communeInsee && r[3] === row.serviceName);
      expect(mine.reduce((sum, r) => sum + cents(r[8]), 0)).toBe(row.forecastCents);
    }
  });

  it('writes the shares of the services financed by keys only', () => {
    const { records } = read('shares');
    expect(records).toEqual([
      ['Exercice', 'Commune', 'Code INSEE', 'Service', 'Clé de répartition', 'Jours en vigueur', 'Jours de l’année', 'Part de l’année (€)'],
      ['2027', 'Avrillé', '49015', 'Délégué à la protection des données mutualisé', '13954', '365', '365', '1234,56'],
      ['2027', 'Trélazé', '49353', 'Direction des ressources humaines commune', '33,5', '184', '365', '504,11'],
    ]);
  });

  it('writes the headers alone when there is nothing in scope', () => {
    for (const table of ['statements', 'instalments', 'shares'] as const) expect(read(table, []).records).toHaveLength(1);
  });

  it.each([...FORMULA_LIKE_TEXTS, ['a full-width =', '\uff1dHYPERLINK("http://x")'], ['a full-width @', '\uff20SUM(A1)']])('neutralises a text that begins with %s, in every table', (_, dangerous) => {
    const rows = ROWS.map((r) => ({ ...r, communeName: dangerous, serviceName: dangerous }));
    for (const table of ['statements', 'instalments', 'shares'] as const) {
      const { records } = read(table, rows);
      for (const record of records.slice(1)) {
        expect(record[1]).toBe(`'${dangerous}`);
        expect(record[3]).toBe(`'${dangerous}`);
      }
    }
  });

  it('quotes what needs quoting (csv-stringify), and leaves harmless texts as they are', () => {
    const rows = [{ ...ROWS[0], communeName: 'Les Ponts-de-Cé; "centre"', serviceName: 'Deux\nlignes' }];
    const text = statementsCsv({ statements: statementsOf(rows), epciName: EPCI_NAME }).toString('utf8');
    expect(text).toContain(';"Les Ponts-de-Cé; ""centre""";');
    expect(text).toContain(';"Deux\nlignes";');
    expect(read('statements', rows).records[1].slice(1, 4)).toEqual(['Les Ponts-de-Cé; "centre"', '49015', 'Deux\nlignes']);
    expect(['Avrillé', 'a=b', ' =1', '1-2', ''].map(neutralised)).toEqual(['Avrillé', 'a=b', ' =1', '1-2', '']);
  });
});
