import fc from 'fast-check';
import { splitByKeys, type ShareMember } from './cost-shares.js';

const member = (communeInsee: string, population: number | null, forecastUnits: string | number = 0): ShareMember => ({ communeInsee, population, forecastUnits });

describe('splitByKeys', () => {
  it('splits by population over every member, to the cent', () => {
    const split = splitByKeys(4_500_000, 'population', [member('49015', 14_000), member('49007', 155_000), member('49353', 15_000)]);
    expect(split.amountsCents).toEqual([342_391, 3_790_761, 366_848]);
    expect(split.epciCents).toBe(0);
  });

  it('gives each listed member its fixed percentage and the rest to the EPCI (the HR split 60 % / 40 %)', () => {
    const split = splitByKeys(1_000_001, 'fixed', [member('49007', 155_000), member('49015', 14_000)], { '49007': '60' });
    expect(split.amountsCents).toEqual([600_001, 0]);
    expect(split.epciCents).toBe(400_000);
    expect(split.keys).toEqual(['60', '0']);
  });

  it('refuses fixed percentages above 100 %', () => {
    expect(() => splitByKeys(100, 'fixed', [member('1', 1), member('2', 1)], { '1': '60', '2': '41' })).toThrow(RangeError);
  });

  it('splits a mixed key first between the bases by their weights, then by each basis', () => {
    const split = splitByKeys(10_000, 'mixed', [member('1', 100, 1), member('2', 300, 3)], { population: '0.5', forecastUnits: '0.5' });
    expect(split.amountsCents).toEqual([2_500, 7_500]);
  });

  it('leaves the whole to the EPCI when every key is zero', () => {
    expect(splitByKeys(900, 'forecastUnits', [member('1', 5, 0), member('2', 5, '0')])).toEqual({ amountsCents: [0, 0], keys: ['0', '0'], epciCents: 900 });
  });

  it('never loses or creates a cent, whatever the basis', () => {
    const members = fc.array(fc.record({ population: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }), units: fc.integer({ min: 0, max: 1_000 }) }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), members, fc.constantFrom('population', 'forecastUnits', 'mixed') as fc.Arbitrary<'population' | 'forecastUnits' | 'mixed'>, (total, list, basis) => {
        const split = splitByKeys(total, basis, list.map((m, i) => member(String(i), m.population, m.units)), { population: '0.3', forecastUnits: '0.7' });
        expect(split.amountsCents.reduce((a, b) => a + b, 0) + split.epciCents).toBe(total);
        expect(split.amountsCents.every((c) => Number.isSafeInteger(c) && c >= 0)).toBe(true);
      }),
    );
  });
});
