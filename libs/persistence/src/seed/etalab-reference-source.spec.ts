import { EtalabReferenceSource } from './etalab-reference-source.js';
import { loadAll } from './etalab-reader.js';

const source = new EtalabReferenceSource();

describe('EtalabReferenceSource', () => {
  it('gives an EPCI and its member communes as plain records', () => {
    const found = source.epci('200071876');

    expect(found).not.toBeNull();
    expect(found!.epci).toEqual({ siren: '200071876', name: 'CA Saumur Val de Loire', nature: 'CA' });
    expect(found!.communes).toHaveLength(45);
    const saumur = found!.communes.find((c) => c.insee === '49328');
    expect(Object.keys(saumur!).sort()).toEqual(['epciSiren', 'insee', 'name', 'population', 'siren']);
    expect(saumur).toMatchObject({ name: 'Saumur', epciSiren: '200071876' });
    for (const c of found!.communes) expect(c.epciSiren).toBe('200071876');
  });

  it('answers null for a SIREN that is no EPCI', () => {
    expect(source.epci('000000000')).toBeNull();
    expect(source.epci('214900078')).toBeNull(); // the commune of Angers, not an EPCI
  });

  it('gives fresh objects, which the caller may change without touching the cached data', () => {
    const first = source.epci('244900015')!;
    first.communes[0]!.name = 'changed';
    first.epci.name = 'changed';

    const second = source.epci('244900015')!;
    expect(second.epci.name).toBe('CU Angers Loire Métropole');
    expect(second.communes[0]!.name).not.toBe('changed');
  });

  it('gives every EPCI and every current commune of France', () => {
    const { epcis, communes } = source.all();
    const raw = loadAll();

    expect(epcis).toHaveLength(raw.epcis.length);
    expect(communes).toHaveLength(raw.communes.length);
    expect(epcis.length).toBeGreaterThan(1_200);
    expect(communes.length).toBeGreaterThan(34_000);
    expect(Object.keys(epcis[0]!).sort()).toEqual(['name', 'nature', 'siren']);
    expect(communes.find((c) => c.insee === '49007')).toEqual({ insee: '49007', siren: '214900078', name: 'Angers', population: expect.any(Number), epciSiren: '244900015' });
  });
});
