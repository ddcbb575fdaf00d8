// The template catalogue and the demo's costs fit the schema as the migrations build it, on both databases:
// lengths (PostgreSQL enforces varchar(n)), the legal-basis and key-basis checks, JSON and bigint round-trips.
import { type DataSource } from 'typeorm';
import { createTestDatabase, DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { openDatabase } from '../src/data-source.js';
import { EpciEntity, ServiceEntity, UnitCostEntity } from '../src/entities/index.js';
import { DEMO_EPCIS, demoCatalogue, demoUnitCosts } from '../src/seed/reference-data.js';
import { EtalabReferenceSource } from '../src/seed/etalab-reference-source.js';

describe.each(DATABASE_KINDS)('the demo catalogues on %s', (kind: DatabaseKind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ds = await openDatabase(db.kind === 'sqlite' ? { type: 'sqlite', path: db.url.slice('sqlite:'.length) } : { type: 'postgres', url: db.url });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db.drop();
  });

  it('stores each demo EPCI its own catalogue and costs, and reads them back unchanged', async () => {
    const reference = new EtalabReferenceSource();
    for (const siren of DEMO_EPCIS) {
      await ds.manager.insert(EpciEntity, reference.epci(siren)!.epci);
      await ds.manager.insert(ServiceEntity, demoCatalogue(siren));
      await ds.manager.insert(UnitCostEntity, demoUnitCosts(siren, 2026));
    }

    for (const siren of DEMO_EPCIS) {
      const services = await ds.manager.find(ServiceEntity, { where: { epciSiren: siren }, order: { code: 'ASC' } });
      const expected = demoCatalogue(siren).sort((a, b) => (a.code < b.code ? -1 : 1));
      expect(services.map((s) => ({ ...s }))).toEqual(expected);
      const costs = await ds.manager.find(UnitCostEntity, { where: { epciSiren: siren }, order: { serviceCode: 'ASC' } });
      expect(costs.map((c) => ({ ...c }))).toEqual(demoUnitCosts(siren, 2026).sort((a, b) => (a.serviceCode < b.serviceCode ? -1 : 1)));
    }
    expect(await ds.manager.countBy(ServiceEntity, { code: 'DRH' })).toBe(2);
  });
});
