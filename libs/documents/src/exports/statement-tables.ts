// The three tables of an EPCI's year that the comptable public and the finance department receive, as typed
// cells: the CSV and the XLSX writers render the same cells, so that the two files always say the same thing,
// and both say what GET /api/reports/statements says (the rows are its rows, amounts in integer cents).
import type { StatementRow, YearStatements } from '#contracts';
import { type CivilDate } from '#domain';
import { periodFr, PERIODICITY_FR } from '../french.js';

export const EXPORT_TABLE_NAMES = ['statements', 'instalments', 'shares'] as const;
export type ExportTableName = (typeof EXPORT_TABLE_NAMES)[number];

/** What an export is made of: the statements of the year, as the API answers them, and the EPCI's name. */
export interface StatementsExportInput {
  statements: YearStatements;
  /** The EPCI's name as the documents write it ('Angers Loire Métropole'). */
  epciName: string;
}

/**
 * One cell. `text` is the only kind a spreadsheet could take for a formula, so the only one neutralised;
 * `amount` is integer cents; `decimal` a non-negative decimal string ('12.5'); `date` a civil date.
 */
export type Cell =
  | { kind: 'text'; value: string }
  | { kind: 'amount'; cents: number }
  | { kind: 'decimal'; value: string }
  | { kind: 'integer'; value: number }
  | { kind: 'date'; value: CivilDate }
  | null;

export interface Column {
  header: string;
  /** The width of the column in a spreadsheet, in characters. */
  width: number;
}

export interface ExportTable {
  name: ExportTableName;
  /** The sheet's name in the workbook (at most 31 characters, none of []:*?/\). */
  sheet: string;
  columns: Column[];
  rows: Cell[][];
}

const text = (value: string): Cell => ({ kind: 'text', value });
const amount = (cents: number | null): Cell => (cents === null ? null : { kind: 'amount', cents });
const decimal = (value: string | null): Cell => (value === null ? null : { kind: 'decimal', value });
const integer = (value: number): Cell => ({ kind: 'integer', value });
const date = (value: CivilDate): Cell => ({ kind: 'date', value });

/** A member's key: a number (population, units, percentage) when it is one, else its text (a mixed key). */
const key = (value: string | null): Cell => (value === null ? null : /^\d+(\.\d+)?$/.test(value) ? decimal(value) : text(value));

export const SETTLEMENT_FR: Readonly<Record<string, string>> = {
  revenue_title: 'Titre de recettes',
  compensation: 'Imputation sur l’attribution de compensation',
};

export const UNIT_COST_SOURCE_FR: Readonly<Record<string, string>> = {
  notified: 'Notifié par l’EPCI pour l’année',
  convention: 'Fixé par la convention',
  convention_provisional: 'Convention (provisoire, coût de l’année non notifié)',
  keys: 'Clé de répartition',
};

/** 'quarterly', 1, 2027 → '1er trimestre 2027'; 'yearly', 1, 2027 → 'Année 2027'. */
export function periodLabel(periodicity: string, period: number, year: number): string {
  if (periodicity === 'yearly') return `Année ${year}`;
  return `${periodFr(periodicity, period).replace(/^(le|la|l’) ?/, '')} ${year}`;
}

const who = (year: number, row: StatementRow): Cell[] => [integer(year), text(row.communeName), text(row.communeInsee), text(row.serviceName)];
const WHO: Column[] = [
  { header: 'Exercice', width: 10 },
  { header: 'Commune', width: 28 },
  { header: 'Code INSEE', width: 11 },
  { header: 'Service', width: 40 },
];

/** One row per convention in force in the year. */
export function statementsTable({ statements }: StatementsExportInput): ExportTable {
  return {
    name: 'statements',
    sheet: 'États',
    columns: [
      ...WHO,
      { header: 'État', width: 24 },
      { header: 'Périodicité', width: 14 },
      { header: 'Règlement', width: 30 },
      { header: 'Clé de répartition', width: 18 },
      { header: 'Coût unitaire (€)', width: 16 },
      { header: 'Origine du coût unitaire', width: 34 },
      { header: 'Unités prévisionnelles', width: 14 },
      { header: 'Jours en vigueur', width: 10 },
      { header: 'Jours de l’année', width: 10 },
      { header: 'Montant prévisionnel (€)', width: 18 },
      { header: 'Unités réelles', width: 12 },
      { header: 'Montant dû (€)', width: 16 },
      { header: 'Acomptes facturés (€)', width: 18 },
      { header: 'Solde (€)', width: 16 },
    ],
    rows: statements.rows.map((row) => [
      ...who(statements.year, row),
      text(row.stateLabel),
      text(PERIODICITY_FR[row.periodicity] ?? row.periodicity),
      text(SETTLEMENT_FR[row.settlement] ?? row.settlement),
      key(row.key),
      amount(row.unitCostCents),
      text(UNIT_COST_SOURCE_FR[row.unitCostSource] ?? row.unitCostSource),
      decimal(row.forecastUnits),
      integer(row.days),
      integer(row.daysInYear),
      amount(row.forecastCents),
      decimal(row.actualUnits),
      amount(row.actualCents),
      amount(row.invoicedCents),
      amount(row.balanceCents),
    ]),
  };
}

/** The column of each amount that the statements sheet totals, by header. */
export const TOTALLED = ['Montant prévisionnel (€)', 'Montant dû (€)', 'Acomptes facturés (€)', 'Solde (€)'] as const;

/** One row per convention and period of the year in force (the instalments the commune pays). */
export function instalmentsTable({ statements }: StatementsExportInput): ExportTable {
  return {
    name: 'instalments',
    sheet: 'Échéances',
    columns: [
      ...WHO,
      { header: 'Règlement', width: 30 },
      { header: 'Période', width: 20 },
      { header: 'Du', width: 12 },
      { header: 'Au', width: 12 },
      { header: 'Montant de l’échéance (€)', width: 18 },
      { header: 'Unités réelles', width: 12 },
    ],
    rows: statements.rows.flatMap((row) =>
      row.instalments.map((p) => [
        ...who(statements.year, row),
        text(SETTLEMENT_FR[row.settlement] ?? row.settlement),
        text(periodLabel(row.periodicity, p.period, statements.year)),
        date(p.from),
        date(p.to),
        amount(p.instalmentCents),
        decimal(p.actualUnits),
      ]),
    ),
  };
}

/** The services financed by keys: each member's key and its share of the year (pro rata of its days in force). */
export function sharesTable({ statements }: StatementsExportInput): ExportTable {
  return {
    name: 'shares',
    sheet: 'Clés de répartition',
    columns: [...WHO, { header: 'Clé de répartition', width: 18 }, { header: 'Jours en vigueur', width: 10 }, { header: 'Jours de l’année', width: 10 }, { header: 'Part de l’année (€)', width: 18 }],
    rows: statements.rows
      .filter((row) => row.unitCostSource === 'keys')
      .map((row) => [...who(statements.year, row), key(row.key), integer(row.days), integer(row.daysInYear), amount(row.forecastCents)]),
  };
}

export function exportTable(input: StatementsExportInput, table: ExportTableName): ExportTable {
  switch (table) {
    case 'statements':
      return statementsTable(input);
    case 'instalments':
      return instalmentsTable(input);
    case 'shares':
      return sharesTable(input);
  }
}

/**
 * A text that a spreadsheet would read as a formula (=, +, -, @) or that hides one behind a tab or a carriage
 * return, prefixed with an apostrophe (OWASP's CSV injection advice): shown as typed, never evaluated. The
 * full-width ＝ ＋ － ＠ too, which Apple Numbers takes for the ASCII ones (as csv-stringify's escape_formulas).
 */
export function neutralised(value: string): string {
  return /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(value) ? `'${value}` : value;
}
