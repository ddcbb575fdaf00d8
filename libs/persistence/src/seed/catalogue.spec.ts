import { allocateByKeys, annualAmountCents, weightedUnits } from '#domain';
import { DEMO_CATALOGUE, DEMO_SHARED_TOTALS_CENTS, DEMO_UNIT_COSTS_CENTS, type ServiceSeed } from './catalogue.js';
import { loadEpci } from './etalab-reader.js';

const service = (code: string): ServiceSeed => {
  const found = DEMO_CATALOGUE.find((s) => s.code === code);
  if (found === undefined) throw new Error(`no service ${code} in the demo catalogue`);
  return found;
};

const POSITIVE_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

describe('DEMO_CATALOGUE', () => {
  it('offers the eight demo services under unique codes', () => {
    const codes = DEMO_CATALOGUE.map((s) => s.code);

    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(['ADS', 'PAIE', 'CARRIERES', 'RECRUTEMENT', 'ACHATS', 'INFORMATIQUE', 'ARCHIVES', 'RGPD']);
  });

  it('gives every service a name, a pole, a singular and a plural unit, a one-sentence description and unique options', () => {
    for (const s of DEMO_CATALOGUE) {
      expect(s.name.trim()).not.toBe('');
      expect(s.pole).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(s.unitCode).toMatch(/^[A-Z_]+$/);
      expect(s.unitLabel.trim()).not.toBe('');
      expect(s.unitLabelPlural).not.toBe(s.unitLabel);
      expect(s.description).toMatch(/^[A-ZÀ-Ý].*\.$/);
      expect(s.description.slice(0, -1)).not.toContain('. ');
      expect(s.options.length).toBeGreaterThan(0);
      expect(new Set(s.options.map((o) => o.code)).size).toBe(s.options.length);
      for (const option of s.options) expect(option.label.trim()).not.toBe('');
    }
  });

  it('lets a commune delegate the six ADS act types, each with a weight, PC weighing one', () => {
    const ads = service('ADS');

    expect(ads.unitLabel).toBe('équivalent permis de construire');
    expect(ads.options.map((o) => o.code)).toEqual(['PC', 'PA', 'PD', 'DP', 'CUb', 'CUa']);
    expect(Object.keys(ads.actWeights!).sort()).toEqual(ads.options.map((o) => o.code).sort());
    expect(ads.actWeights!['PC']).toBe('1');
  });

  it('gives weights that parse as positive decimals, and only to ADS', () => {
    for (const s of DEMO_CATALOGUE) {
      if (s.code !== 'ADS') {
        expect(s.actWeights).toBeNull();
        continue;
      }
      for (const weight of Object.values(s.actWeights!)) {
        expect(weight).toMatch(POSITIVE_DECIMAL);
        expect(Number(weight)).toBeGreaterThan(0);
      }
    }
  });

  it('turns a year of ADS acts into equivalent PCs and an exact amount with the domain computations', () => {
    const ads = service('ADS');
    const units = weightedUnits({ PC: 10, PA: 2, PD: 1, DP: 20, CUb: 5, CUa: 30 }, ads.actWeights!);

    expect(units).toBe('35.2'); // 10 + 2.4 + 0.8 + 14 + 2 + 6
    expect(annualAmountCents(DEMO_UNIT_COSTS_CENTS['ADS']!, units)).toBe(633_600); // 35.2 × 180 €
  });

  it('uses the default lifecycle: 6 months of notice, a 90-day renewal window, reminders in descending positive days', () => {
    for (const s of DEMO_CATALOGUE) {
      expect(s.noticePeriodMonths).toBe(6);
      expect(s.renewalWindowDays).toBe(90);
      expect(s.reminderOffsets).toEqual([90, 60, 30, 15, 7, 1]);
      for (const [i, offset] of s.reminderOffsets.entries()) {
        expect(Number.isInteger(offset)).toBe(true);
        expect(offset).toBeGreaterThan(0);
        if (i > 0) expect(offset).toBeLessThan(s.reminderOffsets[i - 1]!);
      }
      expect(s.reminderOffsets[0]).toBeLessThanOrEqual(s.renewalWindowDays);
    }
  });

  it('does not share the reminder offsets between services', () => {
    expect(service('PAIE').reminderOffsets).not.toBe(service('ADS').reminderOffsets);
  });

  it('prices every unit service by a unit cost and every keys service by a shared total, in integer cents', () => {
    for (const s of DEMO_CATALOGUE) {
      if (s.costModel === 'unit') {
        expect(s.keyBasis).toBeNull();
        expect(Number.isSafeInteger(DEMO_UNIT_COSTS_CENTS[s.code])).toBe(true);
        expect(DEMO_UNIT_COSTS_CENTS[s.code]).toBeGreaterThan(0);
        expect(DEMO_SHARED_TOTALS_CENTS).not.toHaveProperty(s.code);
      } else {
        expect(s.keyBasis).not.toBeNull();
        expect(Number.isSafeInteger(DEMO_SHARED_TOTALS_CENTS[s.code])).toBe(true);
        expect(DEMO_SHARED_TOTALS_CENTS[s.code]).toBeGreaterThan(0);
        expect(DEMO_UNIT_COSTS_CENTS).not.toHaveProperty(s.code);
      }
    }
    const priced = [...Object.keys(DEMO_UNIT_COSTS_CENTS), ...Object.keys(DEMO_SHARED_TOTALS_CENTS)].sort();
    expect(priced).toEqual(DEMO_CATALOGUE.map((s) => s.code).sort());
  });

  it('splits the RGPD total over the communes of Angers Loire Métropole by population, to the cent', () => {
    const rgpd = service('RGPD');
    const { communes } = loadEpci('244900015')!;
    const total = DEMO_SHARED_TOTALS_CENTS['RGPD']!;

    expect(rgpd).toMatchObject({ costModel: 'keys', keyBasis: 'population', unitLabel: 'habitant' });
    const parts = allocateByKeys(total, communes.map((c) => c.population!));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    const angers = communes.findIndex((c) => c.insee === '49007');
    expect(parts[angers]).toBe(Math.max(...parts));
    expect(parts[angers]! / total).toBeGreaterThan(0.45);
  });
});
