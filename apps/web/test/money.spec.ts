// The money of a year in words, without a browser: the periods' names, the unit cost's source, the pro rata,
// the balance, the status of a period's units, units typed the French way, the estimate's formula.
import type { Estimate, PeriodMoney } from '../src/api';
import { formatDate, formatInstantDate } from '../src/format';
import {
  actCountsText,
  balanceText,
  countForApi,
  estimateFormula,
  periodName,
  periodStatus,
  proRataText,
  unitCostSourceSentence,
  unitsForApi,
  unitsText,
} from '../src/lib/money';

/** French money and numbers use no-break spaces; the assertions read them as plain spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('the money of a year, in words', () => {
  it('names the periods as the statement does, « 1er » included', () => {
    expect(periodName('quarterly', 1, 2027)).toBe('1er trimestre 2027');
    expect(periodName('quarterly', 4, 2027)).toBe('4e trimestre 2027');
    expect(periodName('half_yearly', 2, 2028)).toBe('2d semestre 2028');
    expect(periodName('yearly', 1, 2029)).toBe('Année 2029');
  });

  it('writes the first of a month « 1er »', () => {
    expect(formatDate('2027-04-01')).toBe('1er avril 2027');
    expect(formatDate('2027-04-11')).toBe('11 avril 2027');
    expect(formatInstantDate('2027-03-31T23:30:00Z')).toBe('1er avril 2027');
  });

  it('says where the unit cost comes from', () => {
    expect(unitCostSourceSentence({ unitCostSource: 'notified', unitCostNotifiedAt: '2027-04-01T07:00:00Z', year: 2027 })).toBe('Coût notifié le 1er avril 2027.');
    expect(unitCostSourceSentence({ unitCostSource: 'convention', unitCostNotifiedAt: null, year: 2027 })).toBe('Coût de la convention, fixe pour toute sa durée.');
    expect(unitCostSourceSentence({ unitCostSource: 'convention_provisional', unitCostNotifiedAt: null, year: 2027 })).toBe(
      'Coût de la convention, provisoire : le coût 2027 n’est pas encore notifié.',
    );
  });

  it('states the pro rata only for a partial year', () => {
    expect(proRataText(292, 365)).toBe('292 jours sur 365');
    expect(proRataText(1, 366)).toBe('1 jour sur 366');
    expect(proRataText(365, 365)).toBeNull();
    expect(proRataText(undefined, undefined)).toBeNull();
  });

  it('reads the balance as what is still owed, overcharged or settled', () => {
    expect(balanceText(90_250)).toMatchObject({ label: 'Reste dû', tone: 'due' });
    expect(plain(balanceText(90_250).amount)).toBe('902,50 €');
    expect(balanceText(-318_200)).toMatchObject({ label: 'Trop-perçu', tone: 'refund' });
    expect(plain(balanceText(-318_200).amount)).toBe('3 182,00 €');
    expect(balanceText(0)).toMatchObject({ label: 'Soldé', tone: 'settled' });
    expect(balanceText(null).tone).toBe('unknown');
  });

  it('gives each period its status: upcoming, to record, recorded, contested', () => {
    const usage: NonNullable<PeriodMoney['usage']> = {
      id: 'u1',
      year: 2027,
      period: 2,
      actCounts: { PC: 3, DP: 5 },
      units: '6.5',
      recordedBy: 'agent',
      recordedAt: '2027-07-02T07:00:00Z',
      version: 1,
      contestUntil: '2027-08-01',
      contest: null,
    };
    expect(periodStatus({ from: '2027-10-01', usage: null }, '2027-07-10').kind).toBe('upcoming');
    expect(periodStatus({ from: '2027-07-01', usage: null }, '2027-07-10')).toEqual({ kind: 'to_record', text: 'À saisir' });
    expect(periodStatus({ from: '2027-04-01', usage }, '2027-07-10')).toEqual({ kind: 'recorded', text: 'Saisi le 2 juillet 2027' });
    expect(periodStatus({ from: '2027-04-01', usage: { ...usage, contest: { comment: 'Quatre DP.', by: 's', at: '2027-07-03T08:00:00Z' } } }, '2027-07-10')).toEqual({
      kind: 'contested',
      text: 'Contesté le 3 juillet 2027',
    });
    expect(actCountsText(usage.actCounts)).toBe('3 PC, 5 DP');
    expect(actCountsText({ PC: 2, DP: 0 })).toBe('2 PC');
  });

  it('takes units typed the French way, and leaves the rest for the server to explain', () => {
    expect(unitsForApi('12,5')).toBe('12.5');
    expect(unitsForApi('1 234,25')).toBe('1234.25');
    expect(unitsForApi(7)).toBe('7');
    expect(unitsForApi('douze')).toBe('douze');
    expect(countForApi('')).toBeUndefined();
    expect(countForApi(-3)).toBe(-3);
    expect(countForApi('4')).toBe(4);
    expect(plain(unitsText('16.4'))).toBe('16,4');
    expect(unitsText(null)).toBe('—');
  });

  it('writes the estimate so that it never contradicts the pro rata', () => {
    const base = { year: 2027, serviceCode: 'ADS', costModel: 'unit', unitLabelPlural: 'équivalents permis', available: true, unitCostCents: 18_050, forecastUnits: 42, annualAmountCents: 606_480 } as const;
    expect(plain(estimateFormula({ ...base, days: 292, daysInYear: 365 } as Estimate)!)).toBe('180,50 € × 42 équivalents permis × 292/365 jours');
    expect(plain(estimateFormula({ ...base } as Estimate)!)).toBe('180,50 € × 42 équivalents permis');
    expect(estimateFormula({ year: 2027, serviceCode: 'ADS', costModel: 'unit', unitLabelPlural: 'actes', available: false, reason: 'unit_cost_missing' })).toBeNull();
  });
});
