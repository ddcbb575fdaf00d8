import fc from 'fast-check';
import { addDays, daysBetween } from './civil-date.js';
import { applicableUnitCost, coveredSpan, daysInYear, periodsOf, PERIODICITIES, yearMoney, yearsCovered, type YearMoneyInput } from './year-money.js';

const dayOf = (year: number) => fc.integer({ min: 0, max: daysInYear(year) - 1 }).map((n) => addDays(`${year}-01-01`, n));
const periodicity = fc.constantFrom(...PERIODICITIES);
const unitBasis = fc.record({
  model: fc.constant('unit' as const),
  unitCostCents: fc.integer({ min: 1, max: 10_000_000 }),
  forecastUnits: fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n / 100).toString()),
});

function input(overrides: Partial<YearMoneyInput> = {}): YearMoneyInput {
  return {
    year: 2027,
    coverage: { from: '2027-01-01', until: null },
    periodicity: 'yearly',
    basis: { model: 'unit', unitCostCents: 18_050, forecastUnits: '42' },
    actualUnits: [],
    asOf: '2028-01-15',
    ...overrides,
  };
}

describe('periods of a year', () => {
  it('cut the year into 1, 2 or 4 contiguous periods from 1 January to 31 December', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), periodicity, (year, p) => {
        const spans = periodsOf(year, p);
        expect(spans[0].from).toBe(`${year}-01-01`);
        expect(spans.at(-1)!.to).toBe(`${year}-12-31`);
        spans.slice(1).forEach((span, i) => expect(span.from).toBe(addDays(spans[i].to, 1)));
        expect(spans.reduce((sum, s) => sum + daysBetween(s.from, s.to) + 1, 0)).toBe(daysInYear(year));
      }),
    );
  });

  it('are the calendar quarters and halves', () => {
    expect(periodsOf(2028, 'quarterly').map((s) => [s.from, s.to])).toEqual([
      ['2028-01-01', '2028-03-31'],
      ['2028-04-01', '2028-06-30'],
      ['2028-07-01', '2028-09-30'],
      ['2028-10-01', '2028-12-31'],
    ]);
    expect(periodsOf(2027, 'half_yearly').map((s) => s.to)).toEqual(['2027-06-30', '2027-12-31']);
  });
});

describe('the applicable unit cost', () => {
  it('is the notified cost of the year where the convention revises it yearly, the convention’s until then', () => {
    expect(applicableUnitCost({ conventionCents: 18_050, revision: 'yearly', notifiedCents: 18_500 })).toEqual({ unitCostCents: 18_500, source: 'notified' });
    expect(applicableUnitCost({ conventionCents: 18_050, revision: 'yearly', notifiedCents: null })).toEqual({ unitCostCents: 18_050, source: 'convention_provisional' });
  });
  it('is the convention’s for its whole term where the convention fixes it', () => {
    expect(applicableUnitCost({ conventionCents: 18_050, revision: 'fixed', notifiedCents: 18_500 })).toEqual({ unitCostCents: 18_050, source: 'convention' });
  });
});

describe('the money of a year', () => {
  it('a full year: the forecast is unit cost × units; the instalments sum to it', () => {
    const money = yearMoney(input({ periodicity: 'quarterly' }));
    expect(money.days).toBe(365);
    expect(money.forecastCents).toBe(758_100); // 180,50 € × 42
    expect(money.periods.map((p) => p.instalmentCents)).toEqual([186_929, 189_006, 191_083, 191_082]);
    // 758 100 × 90|91|92|92 / 365 = 186 928,77 | 189 005,75 | 191 082,74 | 191 082,74: floors, then the
    // 3 cents left to the largest remainders (ties to the earlier period)
    expect(money.periods.reduce((s, p) => s + p.instalmentCents, 0)).toBe(758_100);
  });

  it('a convention that starts on 29 December pays 3 days of 365 (hand computation)', () => {
    const money = yearMoney(input({ year: 2026, coverage: { from: '2026-12-29', until: null }, asOf: '2027-01-10' }));
    // 7 581,00 € × 3 / 365 = 62,309… € → 62,31 €
    expect(money.days).toBe(3);
    expect(money.forecastCents).toBe(6_231);
    expect(money.invoicedCents).toBe(6_231);
  });

  it('a convention that starts on 1 January of the next year costs nothing this year', () => {
    const money = yearMoney(input({ year: 2026, coverage: { from: '2027-01-01', until: null } }));
    expect(money.days).toBe(0);
    expect(money.forecastCents).toBe(0);
    expect(money.periods).toEqual([]);
  });

  it('a notice effective on 1 July ends the year on 30 June: 181 days of 365', () => {
    const money = yearMoney(input({ coverage: { from: '2025-03-01', until: '2027-07-01' }, periodicity: 'half_yearly', actualUnits: ['20.5', null] }));
    expect(money.days).toBe(181);
    // 7 581,00 € × 181 / 365 = 3 759,345… €
    expect(money.forecastCents).toBe(375_935);
    expect(money.periods).toHaveLength(1);
    // the second half is out of force: its missing units do not keep the year open
    expect(money.actualUnits).toBe('20.5');
    expect(money.actualCents).toBe(370_025); // 180,50 € × 20,5
    expect(money.balanceCents).toBe(370_025 - 375_935);
  });

  it('a leap year has 366 days', () => {
    const money = yearMoney(input({ year: 2028, coverage: { from: '2028-07-01', until: null } }));
    expect(money.daysInYear).toBe(366);
    expect(money.days).toBe(184);
    expect(money.forecastCents).toBe(381_121); // 758 100 × 184 / 366 = 381 121,3…
  });

  it('the actual amount waits for the units of every period in force, then gives the balance', () => {
    const open = yearMoney(input({ periodicity: 'quarterly', actualUnits: ['10', '11', null, '9'] }));
    expect(open.actualUnits).toBeNull();
    expect(open.actualCents).toBeNull();
    expect(open.balanceCents).toBeNull();
    const closed = yearMoney(input({ periodicity: 'quarterly', actualUnits: ['10', '11', '12.5', '9'] }));
    expect(closed.actualUnits).toBe('42.5');
    expect(closed.actualCents).toBe(767_125); // 180,50 € × 42,5
    expect(closed.balanceCents).toBe(767_125 - 758_100);
  });

  it('invoices the instalments of the periods ended before the day it is read', () => {
    const money = yearMoney(input({ periodicity: 'quarterly', asOf: '2027-07-01' }));
    expect(money.periods.map((p) => p.closed)).toEqual([true, true, false, false]);
    expect(money.invoicedCents).toBe(186_929 + 189_006);
  });

  it('a keys service pays its share, pro rata, and owes what is not yet invoiced', () => {
    const money = yearMoney(input({ basis: { model: 'keys', fullYearShareCents: 1_000_000 }, coverage: { from: '2027-04-01', until: null }, periodicity: 'half_yearly', asOf: '2027-07-01' }));
    expect(money.forecastCents).toBe(753_425); // 10 000 € × 275 / 365 = 7 534,246… €
    expect(money.actualCents).toBe(753_425);
    expect(money.balanceCents).toBe(753_425 - money.periods[0].instalmentCents);
  });

  it('property: instalments sum to the forecast, the forecast never exceeds the full year, balance = actual − invoiced', () => {
    fc.assert(
      fc.property(unitBasis, periodicity, dayOf(2027), fc.option(dayOf(2027), { nil: null }), dayOf(2027), (basis, p, from, until, asOf) => {
        const money = yearMoney(input({ basis, periodicity: p, coverage: { from, until }, asOf, actualUnits: ['1', '2', '3', '4'] }));
        expect(money.periods.reduce((s, x) => s + x.instalmentCents, 0)).toBe(money.forecastCents);
        expect(money.forecastCents).toBeLessThanOrEqual(money.fullYearForecastCents);
        expect(money.days).toBe(money.periods.reduce((s, x) => s + x.days, 0));
        if (money.actualCents !== null) expect(money.balanceCents).toBe(money.actualCents - money.invoicedCents);
      }),
    );
  });

  it('property: cutting a year at any day splits the forecast into two parts within one cent of the whole', () => {
    fc.assert(
      fc.property(unitBasis, dayOf(2027), (basis, cut) => {
        const before = yearMoney(input({ basis, coverage: { from: '2027-01-01', until: cut } }));
        const after = yearMoney(input({ basis, coverage: { from: cut, until: null } }));
        expect(before.days + after.days).toBe(365);
        expect(Math.abs(before.forecastCents + after.forecastCents - before.fullYearForecastCents)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: the covered span of a period lies inside both the period and the coverage', () => {
    fc.assert(
      fc.property(dayOf(2027), dayOf(2027), fc.option(dayOf(2027), { nil: null }), (a, b, until) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        const span = coveredSpan({ from, to }, { from: '2027-03-10', until });
        if (span === null) return;
        expect(span.from >= from && span.from >= '2027-03-10').toBe(true);
        expect(span.to <= to && (until === null || span.to < until)).toBe(true);
        expect(span.days).toBe(daysBetween(span.from, span.to) + 1);
      }),
    );
  });

  it('lists the calendar years a convention touches', () => {
    expect(yearsCovered({ from: '2026-12-29', until: '2029-12-29' }, 2040)).toEqual([2026, 2027, 2028, 2029]);
    expect(yearsCovered({ from: '2026-12-29', until: '2029-01-01' }, 2040)).toEqual([2026, 2027, 2028]);
    expect(yearsCovered({ from: '2026-12-29', until: null }, 2027)).toEqual([2026, 2027]);
  });
});

describe('a calendar year that straddles two contract years', () => {
  it('counts each day at the forecast of its contract year (hand computation)', () => {
    const money = yearMoney(
      input({
        year: 2028,
        coverage: { from: '2027-03-15', until: null },
        periodicity: 'quarterly',
        basis: { model: 'unit', unitCostCents: 19_000, forecastUnits: '45', segments: [{ from: '2027-03-15', units: '42' }, { from: '2028-03-15', units: '45' }] },
      }),
    );
    // 190,00 € × (42 × 74 + 45 × 292) / 366 = 8 434,754… €
    expect(money.forecastCents).toBe(843_475);
    // the quarters weigh 3 873, 4 095, 4 140 and 4 140 unit-days
    expect(money.periods.map((p) => p.instalmentCents)).toEqual([201_057, 212_582, 214_918, 214_918]);
  });

  it('property: one segment gives what the forecast alone gives', () => {
    fc.assert(
      fc.property(unitBasis, periodicity, dayOf(2027), (basis, p, from) => {
        const plain = yearMoney(input({ basis, periodicity: p, coverage: { from, until: null } }));
        const segmented = yearMoney(input({ basis: { ...basis, segments: [{ from, units: basis.forecastUnits }] }, periodicity: p, coverage: { from, until: null } }));
        expect(segmented.forecastCents).toBe(plain.forecastCents);
        expect(segmented.periods.map((x) => x.instalmentCents)).toEqual(plain.periods.map((x) => x.instalmentCents));
      }),
    );
  });
});

describe('a calendar year in which an avenant changes the unit cost', () => {
  // 180 € a unit until 30 June 2026, 300 € from 1 July (the avenant's effective date), 10 units forecast.
  const rise = { model: 'unit' as const, unitCostCents: 30_000, forecastUnits: '10', segments: [{ from: '2026-01-01', units: '10', unitCostCents: 18_000 }, { from: '2026-07-01', units: '10', unitCostCents: 30_000 }] };
  const year = (overrides: Partial<YearMoneyInput>) => yearMoney(input({ year: 2026, coverage: { from: '2026-01-01', until: null }, basis: rise, asOf: '2027-01-15', ...overrides }));

  it('counts each day at the cost in force on it (hand computation)', () => {
    const money = year({ periodicity: 'quarterly' });
    // (180 € × 10 × 181 + 300 € × 10 × 184) / 365 = 877 800 € / 365 = 2 404,931… €
    expect(money.forecastCents).toBe(240_493);
    // the quarters weigh 180 € × 10 × 90 | 91 and 300 € × 10 × 92 | 92: 443,835… | 448,766… | 756,163… | 756,163… €
    expect(money.periods.map((p) => p.instalmentCents)).toEqual([44_384, 44_877, 75_616, 75_616]);
    expect(money.unitCosts).toEqual([
      { from: '2026-01-01', to: '2026-06-30', unitCostCents: 18_000 },
      { from: '2026-07-01', to: '2026-12-31', unitCostCents: 30_000 },
    ]);
  });

  it('bills the units of each half at its own cost', () => {
    const money = year({ periodicity: 'half_yearly', actualUnits: ['5', '7'] });
    expect(money.actualCents).toBe(300_000); // 180 € × 5 + 300 € × 7
  });

  it('bills the units of a period the change cuts at the cost averaged over its days', () => {
    const money = year({ periodicity: 'yearly', actualUnits: ['12'] });
    // 12 × (180 € × 181 + 300 € × 184) / 365 = 2 885,917… €
    expect(money.actualCents).toBe(288_592);
    expect(money.forecastCents).toBe(240_493);
    expect(money.periods[0].instalmentCents).toBe(240_493);
  });

  it('property: segments at the basis’ own cost give what the basis alone gives, actual included', () => {
    fc.assert(
      fc.property(unitBasis, periodicity, dayOf(2027), (basis, p, from) => {
        const actualUnits = ['3', '4.5', '1', '0'];
        const plain = yearMoney(input({ basis, periodicity: p, coverage: { from, until: null }, actualUnits }));
        const segmented = yearMoney(input({ basis: { ...basis, segments: [{ from, units: basis.forecastUnits, unitCostCents: basis.unitCostCents }] }, periodicity: p, coverage: { from, until: null }, actualUnits }));
        expect(segmented.forecastCents).toBe(plain.forecastCents);
        expect(segmented.periods.map((x) => x.instalmentCents)).toEqual(plain.periods.map((x) => x.instalmentCents));
        expect(segmented.actualCents).toBe(plain.actualCents);
      }),
    );
  });
});
