// The migration that says which services process personal data on the commune's behalf (1764300000000), on both
// databases: the services of the template that do (ADS, the HR services, IT, archives, the DPO) are marked, the
// others not, a new service is not by default, the repository reads and writes the flag, and down() drops it.
import { type DataSource } from 'typeorm';
import { DATABASE_KINDS, type TestDatabase } from '../../../test/support/databases.js';
import { MIGRATIONS } from '../src/data-source.js';
import { ServicePersonalData1764300000000 } from '../src/migrations/1764300000000-service-personal-data.js';
import { TypeOrmUnitOfWork } from '../src/typeorm-unit-of-work.js';
import { closeAndDrop, databaseFilledBefore, insertEpci, plainService, reopen } from './support/migration-database.js';

const EPCI = '200000001';

async function columns(ds: DataSource): Promise<string[]> {
  if (ds.options.type === 'postgres') {
    const rows: Array<{ column_name: string }> = await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'service'`);
    return rows.map((r) => r.column_name).sort();
  }
  const rows: Array<{ name: string }> = await ds.query(`PRAGMA table_info(service)`);
  return rows.map((r) => r.name).sort();
}

describe.each(DATABASE_KINDS)('ServicePersonalData1764300000000 on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, ServicePersonalData1764300000000, (before) =>
      insertEpci(before, { siren: EPCI, name: 'CC Test' }, { services: ['ADS', 'PAIE', 'ACHATS'].map((code) => plainService(code)) }),
    ));
  });
  afterAll(() => closeAndDrop(db, ds));

  it('marks the services that process personal data, reads and writes the flag, and down() drops it', async () => {
    const before = await columns(ds);
    expect(await ds.runMigrations({ transaction: 'each' })).toEqual([expect.objectContaining({ name: 'ServicePersonalData1764300000000' })]);
    expect(await columns(ds)).toEqual([...before, 'processes_personal_data'].sort());

    // The entities are today's: the later migrations add their columns.
    ds = await reopen(db, ds, MIGRATIONS);
    await ds.runMigrations({ transaction: 'each' });
    const uow = new TypeOrmUnitOfWork(ds);
    const flags = async () => (await uow.read((r) => r.catalogue.services(EPCI))).map((s) => [s.code, s.processesPersonalData]);
    expect(await flags()).toEqual([
      ['ACHATS', false],
      ['ADS', true],
      ['PAIE', true],
    ]);
    await uow.write((r) => r.catalogue.updateService(EPCI, 'ACHATS', { processesPersonalData: true }));
    expect(await flags()).toContainEqual(['ACHATS', true]);

    // Undo the later migrations, then this one.
    while ((await columns(ds)).includes('processes_personal_data')) await ds.undoLastMigration({ transaction: 'all' });
    expect(await columns(ds)).toEqual(before);
    expect(await ds.query(`SELECT code FROM service ORDER BY code`)).toEqual([{ code: 'ACHATS' }, { code: 'ADS' }, { code: 'PAIE' }]);
  });
});
