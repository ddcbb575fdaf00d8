import { buildEtalabDataset, loadAll, loadEpci, releaseEtalabDataset } from './etalab-reader.js';

const ANGERS_LOIRE_METROPOLE = '244900015';

describe('loadEpci on the real data', () => {
  it('returns Angers Loire Métropole with its 29 member communes, Angers above 150,000 inhabitants', () => {
    const found = loadEpci(ANGERS_LOIRE_METROPOLE);

    expect(found).not.toBeNull();
    const { epci, communes } = found!;
    expect(epci.name).toContain('Angers Loire Métropole');
    expect(epci.nature).toBe('CU');
    expect(epci.memberInsee).toHaveLength(29);
    expect(communes).toHaveLength(29);
    expect(communes.map((c) => c.insee)).toEqual(epci.memberInsee);

    const angers = communes.find((c) => c.insee === '49007');
    expect(angers).toMatchObject({ name: 'Angers', siren: '214900078', departement: '49', epciSiren: ANGERS_LOIRE_METROPOLE });
    expect(angers!.population).toBeGreaterThan(150_000);
  });

  it('gives every member commune its SIREN, its population and the EPCI it belongs to', () => {
    const { communes } = loadEpci(ANGERS_LOIRE_METROPOLE)!;

    for (const commune of communes) {
      expect(commune.siren).toMatch(/^\d{9}$/);
      expect(commune.population).toBeGreaterThan(0);
      expect(commune.epciSiren).toBe(ANGERS_LOIRE_METROPOLE);
      expect(commune.departement).toBe('49');
    }
    const total = communes.reduce((sum, c) => sum + c.population!, 0);
    expect(total).toBeGreaterThan(280_000);
    expect(total).toBeLessThan(340_000);
  });

  it('keeps the commune nouvelle, not the commune déléguée that shares its INSEE code', () => {
    const { communes } = loadEpci(ANGERS_LOIRE_METROPOLE)!;

    expect(communes.filter((c) => c.insee === '49307').map((c) => c.name)).toEqual(['Loire-Authion']);
  });

  it('returns null for a SIREN that is not an EPCI', () => {
    expect(loadEpci('000000000')).toBeNull();
    expect(loadEpci('214900078')).toBeNull(); // the city of Angers, not an EPCI
    expect(loadEpci('')).toBeNull();
  });
});

describe('loadAll on the real data', () => {
  const { epcis, communes } = loadAll();
  const byInsee = new Map(communes.map((c) => [c.insee, c]));

  it('holds all of France: more than 34,000 communes and more than 1,200 EPCIs', () => {
    expect(communes.length).toBeGreaterThan(34_000);
    expect(epcis.length).toBeGreaterThan(1_200);
    expect(new Set(communes.map((c) => c.insee)).size).toBe(communes.length);
    expect(new Set(epcis.map((e) => e.siren)).size).toBe(epcis.length);
  });

  it('finds every EPCI member among the communes, pointing back to its EPCI', () => {
    let members = 0;
    for (const epci of epcis) {
      expect(epci.memberInsee.length).toBeGreaterThan(0);
      for (const insee of epci.memberInsee) {
        members += 1;
        const commune = byInsee.get(insee);
        if (commune?.epciSiren !== epci.siren) throw new Error(`member ${insee} of ${epci.siren} is missing or points elsewhere`);
      }
    }
    expect(communes.filter((c) => c.epciSiren !== null)).toHaveLength(members);
  });

  it('keeps only current communes: Paris without its arrondissements municipaux', () => {
    expect(byInsee.get('75056')?.name).toBe('Paris');
    expect(byInsee.has('75101')).toBe(false); // Paris 1er Arrondissement
    expect(byInsee.has('69381')).toBe(false); // Lyon 1er Arrondissement
  });

  it('uses only the known EPCI natures', () => {
    expect(new Set(epcis.map((e) => e.nature))).toEqual(new Set(['CC', 'CA', 'CU', 'METRO', 'MET69']));
  });

  it('reads the files once: later calls share the same frozen items in fresh arrays', () => {
    const again = loadAll();

    expect(again.communes).not.toBe(communes);
    expect(again.communes[0]).toBe(communes[0]);
    expect(loadEpci(ANGERS_LOIRE_METROPOLE)!.epci).toBe(epcis.find((e) => e.siren === ANGERS_LOIRE_METROPOLE));
    expect(Object.isFrozen(communes[0])).toBe(true);
    expect(Object.isFrozen(epcis[0]!.memberInsee)).toBe(true);
  });

  it('lets the parsed data go once released, and reads it again on the next call', () => {
    releaseEtalabDataset();
    const reread = loadAll();

    expect(reread.communes[0]).not.toBe(communes[0]);
    expect(reread.communes[0]).toEqual(communes[0]);
    expect(reread.communes).toHaveLength(communes.length);
  });
});

describe('buildEtalabDataset', () => {
  const rawEpcis = [
    {
      code: '200000001',
      nom: 'CA Exemple',
      type: 'CA',
      membres: [
        { code: '99002', siren: '219900020', nom: 'Deux' },
        { code: '99001', siren: '219900012', nom: 'Un' },
      ],
    },
  ];
  const rawCommunes = [
    { code: '99001', nom: 'Un', type: 'commune-actuelle', departement: '99', siren: '219900012', population: 1200 },
    { code: '99002', nom: 'Deux', type: 'commune-actuelle', departement: '99', siren: '219900020' },
    { code: '99002', nom: 'Ancienne Deux', type: 'commune-deleguee', departement: '99', chefLieu: '99002' },
    { code: '99003', nom: 'Île seule', type: 'commune-actuelle', departement: '99', siren: '219900038', population: 80 },
    { code: '99101', nom: 'Un 1er Arrondissement', type: 'arrondissement-municipal', departement: '99', commune: '99001' },
    { code: '99004', nom: 'Associée', type: 'commune-associee', departement: '99', chefLieu: '99001' },
    { code: '98801', nom: 'Outre-mer', type: 'commune-actuelle', departement: '988', population: 500 },
  ];

  it('maps current communes, attaching the EPCI from its members and leaving unknown values null', () => {
    const data = buildEtalabDataset(rawCommunes, rawEpcis);

    expect(data.communes).toEqual([
      { insee: '98801', siren: null, name: 'Outre-mer', population: 500, epciSiren: null, departement: '988' },
      { insee: '99001', siren: '219900012', name: 'Un', population: 1200, epciSiren: '200000001', departement: '99' },
      { insee: '99002', siren: '219900020', name: 'Deux', population: null, epciSiren: '200000001', departement: '99' },
      { insee: '99003', siren: '219900038', name: 'Île seule', population: 80, epciSiren: null, departement: '99' },
    ]);
    expect(data.epcis).toEqual([{ siren: '200000001', name: 'CA Exemple', nature: 'CA', memberInsee: ['99001', '99002'] }]);
  });

  it('refuses an EPCI member that is not a current commune', () => {
    const epcis = [{ ...rawEpcis[0]!, membres: [{ code: '99101' }] }];

    expect(() => buildEtalabDataset(rawCommunes, epcis)).toThrow(/99101, which is not a current commune/);
  });

  it('refuses a commune that belongs to two EPCIs', () => {
    const epcis = [...rawEpcis, { code: '200000002', nom: 'CC Autre', type: 'CC', membres: [{ code: '99001' }] }];

    expect(() => buildEtalabDataset(rawCommunes, epcis)).toThrow(/99001 belongs to both EPCI 200000001 and EPCI 200000002/);
  });

  it('refuses data whose shape has changed', () => {
    expect(() => buildEtalabDataset({}, rawEpcis)).toThrow(/communes.json is not an array/);
    expect(() => buildEtalabDataset(rawCommunes, [{ code: '200000001', nom: 'X', type: 'CA' }])).toThrow(/members of EPCI 200000001/);
    expect(() => buildEtalabDataset([{ code: '99001', type: 'commune-actuelle', departement: '99' }], [])).toThrow(/"nom"/);
  });
});
