// Statements of a year as GET /api/reports/statements answers them, for the tests of the exports: a quarterly
// convention by units, a convention financed by keys (charged against the attribution de compensation), a
// half-yearly one whose actual amount is not known yet, and a credit (a negative balance).
import type { StatementRow, YearStatements } from '#contracts';

const base = {
  state: 'active',
  stateLabel: 'Convention active',
  key: null,
  unitCostSource: 'notified',
  forecastUnits: '10',
  daysInYear: 365,
} as const;

export const ROWS: StatementRow[] = [
  {
    ...base,
    adhesionId: 'a1',
    communeInsee: '49015',
    communeName: 'Avrillé',
    serviceCode: 'ADS',
    serviceName: 'Instruction des autorisations du droit des sols (ADS)',
    periodicity: 'quarterly',
    settlement: 'revenue_title',
    unitCostCents: 18_050,
    days: 306,
    forecastCents: 151_323,
    actualUnits: '9.5',
    actualCents: 171_475,
    invoicedCents: 113_830,
    balanceCents: 57_645,
    instalments: [
      { period: 1, from: '2027-03-01', to: '2027-03-31', instalmentCents: 15_330, actualUnits: '2.4' },
      { period: 2, from: '2027-04-01', to: '2027-06-30', instalmentCents: 44_507, actualUnits: '3' },
      { period: 3, from: '2027-07-01', to: '2027-09-30', instalmentCents: 49_993, actualUnits: '2.1' },
      { period: 4, from: '2027-10-01', to: '2027-12-31', instalmentCents: 41_493, actualUnits: '2' },
    ],
  },
  {
    ...base,
    adhesionId: 'a2',
    communeInsee: '49015',
    communeName: 'Avrillé',
    serviceCode: 'RGPD',
    serviceName: 'Délégué à la protection des données mutualisé',
    periodicity: 'yearly',
    settlement: 'compensation',
    key: '13954',
    unitCostCents: null,
    unitCostSource: 'keys',
    days: 365,
    forecastCents: 123_456,
    actualUnits: null,
    actualCents: 123_456,
    invoicedCents: 123_456,
    balanceCents: 0,
    instalments: [{ period: 1, from: '2027-01-01', to: '2027-12-31', instalmentCents: 123_456, actualUnits: null }],
  },
  {
    ...base,
    adhesionId: 'a3',
    communeInsee: '49353',
    communeName: 'Trélazé',
    serviceCode: 'DRH',
    serviceName: 'Direction des ressources humaines commune',
    periodicity: 'yearly',
    settlement: 'revenue_title',
    key: '33.5',
    unitCostCents: null,
    unitCostSource: 'keys',
    days: 184,
    forecastCents: 50_411,
    actualUnits: null,
    actualCents: 50_411,
    invoicedCents: 0,
    balanceCents: 50_411,
    instalments: [{ period: 1, from: '2027-07-01', to: '2027-12-31', instalmentCents: 50_411, actualUnits: null }],
  },
  {
    ...base,
    adhesionId: 'a4',
    communeInsee: '49353',
    communeName: 'Trélazé',
    serviceCode: 'PAIE',
    serviceName: 'Paie',
    state: 'terminated',
    stateLabel: 'Convention résiliée',
    periodicity: 'half_yearly',
    unitCostCents: 2_000,
    unitCostSource: 'convention_provisional',
    forecastUnits: '120.25',
    settlement: 'revenue_title',
    days: 365,
    forecastCents: 240_500,
    actualUnits: null,
    actualCents: null,
    invoicedCents: 120_250,
    balanceCents: null,
    instalments: [
      { period: 1, from: '2027-01-01', to: '2027-06-30', instalmentCents: 120_250, actualUnits: '60' },
      { period: 2, from: '2027-07-01', to: '2027-12-31', instalmentCents: 120_250, actualUnits: null },
    ],
  },
  {
    ...base,
    adhesionId: 'a5',
    communeInsee: '49353',
    communeName: 'Trélazé',
    serviceCode: 'ACHATS',
    serviceName: 'Conseil en commande publique',
    periodicity: 'yearly',
    settlement: 'revenue_title',
    unitCostCents: 5,
    unitCostSource: 'convention',
    forecastUnits: '250',
    days: 365,
    forecastCents: 1_250,
    actualUnits: '0',
    actualCents: 0,
    invoicedCents: 1_250,
    balanceCents: -1_250,
    instalments: [{ period: 1, from: '2027-01-01', to: '2027-12-31', instalmentCents: 1_250, actualUnits: '0' }],
  },
];

/** The statements of 2027 with these rows (or others), totalled as the API totals them. */
export function statementsOf(rows: StatementRow[] = ROWS): YearStatements {
  const sum = (of: (r: StatementRow) => number) => rows.reduce((total, r) => total + of(r), 0);
  return {
    epciSiren: '244900015',
    year: 2027,
    rows,
    totals: {
      forecastCents: sum((r) => r.forecastCents),
      actualCents: sum((r) => r.actualCents ?? 0),
      invoicedCents: sum((r) => r.invoicedCents),
      balanceCents: sum((r) => r.balanceCents ?? 0),
    },
  };
}

export const EPCI_NAME = 'Angers Loire Métropole';

/** Texts a spreadsheet would take for a formula, by what they begin with: each export must write them as text. */
export const FORMULA_LIKE_TEXTS: Array<[string, string]> = [
  ['=', '=HYPERLINK("http://x","y")'],
  ['+', '+33 2 41 00 00 00'],
  ['-', '-2+3'],
  ['@', '@SUM(A1:A2)'],
  ['a tab', '\t=1+1'],
  ['a carriage return', '\r=1+1'],
];
