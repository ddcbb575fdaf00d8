import { allocateByKeys, annualAmountCents, weightedUnits } from '#domain';
import { KEY_BASES, LEGAL_BASES } from '../../../application/src/ports/records.js';
import { TEMPLATE_CATALOGUE, templateCatalogue, type TemplateService } from './catalogue.js';
import { loadEpci } from './etalab-reader.js';
import {
  DEMO_COSTS,
  DEMO_EPCI_SIREN,
  DEMO_EPCIS,
  DEMO_SERVICE_SETTINGS,
  DEMO_USERS,
  SECOND_DEMO_EPCI_SIREN,
  demoCatalogue,
  demoUnitCosts,
} from './reference-data.js';

const ALM = '244900015';
const SAUMUR = '200071876';

const service = (code: string, catalogue: readonly Readonly<TemplateService>[] = TEMPLATE_CATALOGUE): Readonly<TemplateService> => {
  const found = catalogue.find((s) => s.code === code);
  if (found === undefined) throw new Error(`no service ${code} in the catalogue`);
  return found;
};

const POSITIVE_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;
const INSEE = /^[0-9][0-9AB][0-9]{3}$/;

/** Sum of decimal strings, exact to 1e-6 (the percentages and weights have few decimals). */
const sum = (values: string[]): number => values.reduce((a, v) => a + Math.round(Number(v) * 1e6), 0) / 1e6;

/** The rules a key's parameters follow, whichever catalogue holds the service. */
function expectValidKey(s: Readonly<TemplateService>): void {
  if (s.costModel === 'unit') {
    expect(s.keyBasis).toBeNull();
    expect(s.keyParameters).toBeNull();
    return;
  }
  expect(KEY_BASES).toContain(s.keyBasis);
  if (s.keyBasis === 'fixed') {
    expect(s.keyParameters).not.toBeNull();
    for (const [insee, percentage] of Object.entries(s.keyParameters!)) {
      expect(insee).toMatch(INSEE);
      expect(percentage).toMatch(POSITIVE_DECIMAL);
    }
    expect(sum(Object.values(s.keyParameters!))).toBeLessThanOrEqual(100);
  } else if (s.keyBasis === 'mixed') {
    expect(Object.keys(s.keyParameters!).sort()).toEqual(['forecastUnits', 'population']);
    for (const weight of Object.values(s.keyParameters!)) expect(weight).toMatch(POSITIVE_DECIMAL);
    expect(sum(Object.values(s.keyParameters!))).toBe(1);
  } else {
    expect(s.keyParameters).toBeNull();
  }
}

describe('TEMPLATE_CATALOGUE', () => {
  it('offers nine services under unique codes', () => {
    const codes = TEMPLATE_CATALOGUE.map((s) => s.code);

    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(['ADS', 'PAIE', 'CARRIERES', 'RECRUTEMENT', 'ACHATS', 'INFORMATIQUE', 'ARCHIVES', 'RGPD', 'DRH']);
  });

  it('gives every service a legal basis', () => {
    for (const s of TEMPLATE_CATALOGUE) expect(LEGAL_BASES).toContain(s.legalBasis);
    expect(service('ADS').legalBasis).toBe('service_commun');
    expect(service('PAIE').legalBasis).toBe('mise_a_disposition');
  });

  it('never repays a service shared by keys as a mise à disposition: D5211-16 only knows unit cost × units', () => {
    for (const s of TEMPLATE_CATALOGUE.filter((s) => s.costModel === 'keys')) expect(s.legalBasis).not.toBe('mise_a_disposition');
  });

  it('offers no groupement de commandes as an option: it is a separate agreement (L2113-6)', () => {
    for (const s of TEMPLATE_CATALOGUE) {
      for (const option of s.options) {
        expect(option.code).not.toBe('GROUPEMENT');
        expect(option.label.toLowerCase()).not.toContain('groupement');
      }
    }
    expect(service('ACHATS').options.map((o) => o.code)).toEqual(['CONSEIL', 'REDACTION', 'ANALYSE']);
    expect(service('ACHATS').description.toLowerCase()).not.toContain('groupement');
  });

  it('gives every service a name, a pole, a singular and a plural unit, a one-sentence description and unique options', () => {
    for (const s of TEMPLATE_CATALOGUE) {
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
    for (const s of TEMPLATE_CATALOGUE) {
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

  it('uses the default lifecycle: 6 months of notice, a 90-day renewal window, reminders in descending positive days', () => {
    for (const s of TEMPLATE_CATALOGUE) {
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

  it('keys: unit services have none; RGPD is split by population; DRH by fixed percentages, none set in the template', () => {
    for (const s of TEMPLATE_CATALOGUE) expectValidKey(s);
    expect(service('RGPD')).toMatchObject({ costModel: 'keys', keyBasis: 'population', keyParameters: null, unitLabel: 'habitant' });
    expect(service('DRH')).toMatchObject({ costModel: 'keys', keyBasis: 'fixed', keyParameters: {}, legalBasis: 'service_commun', pole: 'ressources-humaines' });
  });

  it('is frozen all the way down', () => {
    expect(Object.isFrozen(TEMPLATE_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(service('ADS').options[0])).toBe(true);
    expect(Object.isFrozen(service('ADS').actWeights)).toBe(true);
    expect(Object.isFrozen(service('DRH').keyParameters)).toBe(true);
  });
});

describe('templateCatalogue', () => {
  it("is the template, as one EPCI's services", () => {
    const copy = templateCatalogue(ALM);

    expect(copy.map(({ epciSiren, ...rest }) => ({ epciSiren, rest }))).toEqual(TEMPLATE_CATALOGUE.map((rest) => ({ epciSiren: ALM, rest })));
  });

  it('shares nothing with the template or with another copy', () => {
    const a = templateCatalogue(ALM);
    const b = templateCatalogue(SAUMUR);
    const adsA = a.find((s) => s.code === 'ADS')!;
    const drhA = a.find((s) => s.code === 'DRH')!;

    adsA.options.push({ code: 'X', label: 'X' });
    adsA.actWeights!['PC'] = '2';
    adsA.reminderOffsets.pop();
    drhA.keyParameters!['49007'] = '60';

    for (const other of [b, templateCatalogue(ALM)]) {
      expect(other.find((s) => s.code === 'ADS')).toMatchObject({ actWeights: { PC: '1' }, reminderOffsets: [90, 60, 30, 15, 7, 1] });
      expect(other.find((s) => s.code === 'ADS')!.options).toHaveLength(6);
      expect(other.find((s) => s.code === 'DRH')!.keyParameters).toEqual({});
    }
    expect(service('ADS').actWeights!['PC']).toBe('1');
  });
});

describe('the demo EPCIs', () => {
  it('are Angers Loire Métropole and CA Saumur Val de Loire, both in the Etalab data', () => {
    expect(DEMO_EPCIS).toEqual([ALM, SAUMUR]);
    expect(DEMO_EPCI_SIREN).toBe(ALM);
    expect(SECOND_DEMO_EPCI_SIREN).toBe(SAUMUR);
    expect(loadEpci(ALM)!.epci).toMatchObject({ name: 'CU Angers Loire Métropole', nature: 'CU' });
    expect(loadEpci(SAUMUR)!.epci).toMatchObject({ name: 'CA Saumur Val de Loire', nature: 'CA' });
  });

  it("keep their catalogue's keys valid, with fixed percentages only for their own communes", () => {
    for (const epci of DEMO_EPCIS) {
      const members = new Set(loadEpci(epci)!.communes.map((c) => c.insee));
      const catalogue = demoCatalogue(epci);
      expect(catalogue.map((s) => s.code)).toEqual(TEMPLATE_CATALOGUE.map((s) => s.code));
      for (const s of catalogue) {
        expect(s.epciSiren).toBe(epci);
        expectValidKey(s);
        if (s.keyBasis === 'fixed') for (const insee of Object.keys(s.keyParameters!)) expect(members.has(insee)).toBe(true);
      }
      for (const code of Object.keys(DEMO_SERVICE_SETTINGS[epci])) expect(TEMPLATE_CATALOGUE.map((s) => s.code)).toContain(code);
    }
  });

  it('split the common HR direction of Angers 40 % by the agglomeration, 60 % by the city, to the cent', () => {
    const drh = service('DRH', demoCatalogue(ALM));
    const total = DEMO_COSTS[ALM].sharedTotalsCents['DRH']!;

    expect(drh.keyParameters).toEqual({ '49007': '60' });
    const city = Number(drh.keyParameters!['49007']);
    const [angers, epci] = allocateByKeys(total, [String(city), String(100 - city)]);
    expect(angers).toBe((total * 60) / 100);
    expect(epci).toBe((total * 40) / 100);
    expect(angers! + epci!).toBe(total);
    expect(service('DRH')).toMatchObject({ keyParameters: {} }); // the template is untouched
  });

  it('price every service of their catalogue, in integer cents: a unit cost for unit services, a total for keys services', () => {
    for (const epci of DEMO_EPCIS) {
      const costs = demoUnitCosts(epci, 2026);
      const catalogue = demoCatalogue(epci);
      expect(costs.map((c) => c.serviceCode)).toEqual(catalogue.map((s) => s.code));
      for (const cost of costs) {
        const s = catalogue.find((x) => x.code === cost.serviceCode)!;
        expect(cost).toMatchObject({ epciSiren: epci, year: 2026, notifiedAt: null });
        const [priced, empty] = s.costModel === 'unit' ? [cost.unitCostCents, cost.totalCostCents] : [cost.totalCostCents, cost.unitCostCents];
        expect(Number.isSafeInteger(priced)).toBe(true);
        expect(priced).toBeGreaterThan(0);
        expect(empty).toBeNull();
      }
      const priced = [...Object.keys(DEMO_COSTS[epci].unitCostsCents), ...Object.keys(DEMO_COSTS[epci].sharedTotalsCents)].sort();
      expect(priced).toEqual(catalogue.map((s) => s.code).sort());
    }
    expect(() => demoUnitCosts('200000000', 2026)).toThrow(/not an EPCI of the demo/);
  });

  it("keep Angers' historical costs, and give Saumur Val de Loire different ones", () => {
    expect(DEMO_COSTS[ALM].unitCostsCents).toEqual({
      ADS: 18_000,
      PAIE: 1_500,
      CARRIERES: 12_000,
      RECRUTEMENT: 90_000,
      ACHATS: 6_500,
      INFORMATIQUE: 45_000,
      ARCHIVES: 25_000,
    });
    expect(DEMO_COSTS[ALM].sharedTotalsCents['RGPD']).toBe(4_500_000);
    const alm = demoUnitCosts(ALM, 2026);
    const saumur = demoUnitCosts(SAUMUR, 2026);
    for (const [i, cost] of alm.entries()) {
      expect(saumur[i]!.serviceCode).toBe(cost.serviceCode);
      expect([saumur[i]!.unitCostCents, saumur[i]!.totalCostCents]).not.toEqual([cost.unitCostCents, cost.totalCostCents]);
    }
  });

  it('turn a year of ADS acts into equivalent PCs and an exact amount with the domain computations', () => {
    const ads = service('ADS', demoCatalogue(ALM));
    const units = weightedUnits({ PC: 10, PA: 2, PD: 1, DP: 20, CUb: 5, CUa: 30 }, ads.actWeights!);

    expect(units).toBe('35.2'); // 10 + 2.4 + 0.8 + 14 + 2 + 6
    expect(annualAmountCents(DEMO_COSTS[ALM].unitCostsCents['ADS']!, units)).toBe(633_600); // 35.2 × 180 €
  });

  it('split the RGPD total over the communes of Angers Loire Métropole by population, to the cent', () => {
    const { communes } = loadEpci(ALM)!;
    const total = DEMO_COSTS[ALM].sharedTotalsCents['RGPD']!;

    const parts = allocateByKeys(total, communes.map((c) => c.population!));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    const angers = communes.findIndex((c) => c.insee === '49007');
    expect(parts[angers]).toBe(Math.max(...parts));
    expect(parts[angers]! / total).toBeGreaterThan(0.45);
  });
});

describe('DEMO_USERS', () => {
  const demo: Array<{ email: string; role: string; commune?: string; epci?: string; pole?: string }> = [...DEMO_USERS];

  it('have unique e-mails and the scope their role needs', () => {
    expect(new Set(demo.map((u) => u.email)).size).toBe(demo.length);
    for (const u of demo) {
      if (u.role === 'secretary') expect(u.commune).toMatch(INSEE);
      if (u.role === 'dgs' || u.role === 'agent') expect(DEMO_EPCIS).toContain(u.epci);
      if (u.role === 'agent') expect(u.pole).toBeTruthy();
      if (u.role === 'admin') expect(u.epci ?? u.commune).toBeUndefined();
    }
  });

  it('give each demo EPCI a DGS and a secretary of one of its communes', () => {
    for (const epci of DEMO_EPCIS) {
      const members = new Set(loadEpci(epci)!.communes.map((c) => c.insee));
      expect(demo.filter((u) => u.role === 'dgs' && u.epci === epci)).toHaveLength(1);
      expect(demo.some((u) => u.role === 'secretary' && members.has(u.commune!))).toBe(true);
    }
    expect(demo.find((u) => u.email === 'secretaire@mairie-doue-en-anjou.fr')).toMatchObject({ commune: '49125' });
    expect(loadEpci(SAUMUR)!.communes.find((c) => c.insee === '49125')).toMatchObject({ name: 'Doué-en-Anjou' });
  });
});
