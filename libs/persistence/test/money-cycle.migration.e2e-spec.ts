// The migration of the money cycle (1764250000000), on both databases: a scratch database per test, brought to
// the schema just before it and given a catalogue, a notified cost and an adhesion, then migrated. The services
// keep their settings and are settled by a title of revenue, the cost keeps its notification (by nobody known),
// the usage tables take records through the repository; down() drops what up() added, keeps the rest, and up()
// runs again.
import { type DataSource } from 'typeorm';
import { UniqueViolation } from '../../application/src/ports/index.js';
import { DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { MIGRATIONS } from '../src/data-source.js';
import { MoneyCycle1764250000000 } from '../src/migrations/1764250000000-money-cycle.js';
import { TypeOrmUnitOfWork } from '../src/typeorm-unit-of-work.js';
import { activeAdhesionRow, closeAndDrop, databaseFilledBefore, insert, insertEpci, migrationsRun, plainService, reopen, type Row } from './support/migration-database.js';

const EPCI = '200000001';
const ADHESION = '00000000-0000-4000-8000-000000000001';
const NOTIFIED_AT = '2026-02-01T09:00:00.000Z';

const postgres = (ds: DataSource) => ds.options.type === 'postgres';

async function tables(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = postgres(ds)
    ? await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`)
    : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table'`);
  return rows.map((r) => r.name).sort();
}

async function columns(ds: DataSource, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> = postgres(ds)
    ? await ds.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, [table])
    : await ds.query(`SELECT name FROM pragma_table_info('${table}')`);
  return rows.map((r) => r.name).sort();
}

async function indexes(ds: DataSource, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> = postgres(ds)
    ? await ds.query(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [table])
    : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL`);
  return rows.map((r) => r.name).sort();
}

/** An EPCI with a commune, two services (ADS a service commun), ADS's cost of 2026 notified, and an adhesion. */
async function fillTheOldWay(ds: DataSource): Promise<void> {
  await insertEpci(
    ds,
    { siren: EPCI, name: 'CA du Bassin', nature: 'CA' },
    {
      communes: [{ insee: '01001', name: 'Ambérieu', population: 14_000 }],
      services: [{ ...plainService('ADS'), act_weights: JSON.stringify({ PC: '1', DP: '0.7' }) }, plainService('PAIE', 'mise_a_disposition')],
    },
  );
  await insert(ds, 'unit_cost', { epci_siren: EPCI, service_code: 'ADS', year: 2026, unit_cost_cents: 18_000, total_cost_cents: null, notified_at: NOTIFIED_AT });
  await insert(
    ds,
    'adhesion',
    activeAdhesionRow({
      id: ADHESION,
      commune_insee: '01001',
      epci_siren: EPCI,
      service_code: 'ADS',
      start_date: '2026-01-01',
      anniversary_on: '2027-01-01',
      created_at: '2025-12-01T00:00:00.000Z',
      updated_at: '2025-12-01T00:00:00.000Z',
    }),
  );
}

const usageRecord = {
  id: '00000000-0000-4000-8000-0000000000aa',
  adhesionId: ADHESION,
  epciSiren: EPCI,
  communeInsee: '01001',
  serviceCode: 'ADS',
  year: 2026,
  period: 1,
  actCounts: { PC: 2, DP: 3 },
  units: '4.1',
  recordedBy: 'u-agent',
  recordedAt: '2026-04-02T09:00:00.000Z',
  version: 1,
  contest: null,
};

describe.each(DATABASE_KINDS)('MoneyCycle1764250000000 on %s', (kind: DatabaseKind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, MoneyCycle1764250000000, fillTheOldWay));
  });

  afterEach(() => closeAndDrop(db, ds));

  it('settles every existing service by a title of revenue, keeps the notified cost, and adds the usage tables', async () => {
    const before = await tables(ds);
    expect(before).not.toContain('usage_record');

    const ran = await ds.runMigrations({ transaction: 'each' });

    expect(ran.map((m) => m.name)).toEqual(['MoneyCycle1764250000000']);
    expect((await tables(ds)).filter((t) => !before.includes(t))).toEqual(['usage_audit', 'usage_record']);
    expect(await indexes(ds, 'usage_record')).toEqual(expect.arrayContaining(['usage_record_epci_year', 'usage_record_period']));
    expect(await indexes(ds, 'usage_audit')).toEqual(expect.arrayContaining(['usage_audit_adhesion']));

    // The entities are today's: the later migrations add their columns (service.processes_personal_data).
    ds = await reopen(db, ds, MIGRATIONS);
    await ds.runMigrations({ transaction: 'each' });
    const uow = new TypeOrmUnitOfWork(ds);
    const services = await uow.read((r) => r.catalogue.services(EPCI));
    expect(services.map((s) => [s.code, s.legalBasis, s.settlement])).toEqual([
      ['ADS', 'service_commun', 'revenue_title'],
      ['PAIE', 'mise_a_disposition', 'revenue_title'],
    ]);
    expect(await uow.read((r) => r.catalogue.service(EPCI, 'ADS'))).toMatchObject({ actWeights: { PC: '1', DP: '0.7' }, reminderOffsets: [90, 30] });
    expect(await uow.read((r) => r.catalogue.unitCost(EPCI, 'ADS', 2026))).toStrictEqual({
      epciSiren: EPCI,
      serviceCode: 'ADS',
      year: 2026,
      unitCostCents: 18_000,
      totalCostCents: null,
      notifiedAt: NOTIFIED_AT,
      notifiedBy: null,
    });

    // The new tables take what the repository writes, with their unique period.
    await uow.write(async (r) => {
      await r.usage.insert(usageRecord);
      await r.usage.appendAudit({
        id: 'audit-1',
        usageId: usageRecord.id,
        adhesionId: ADHESION,
        action: 'recorded',
        year: 2026,
        period: 1,
        units: '4.1',
        actCounts: usageRecord.actCounts,
        comment: null,
        actorId: 'u-agent',
        role: 'agent',
        at: usageRecord.recordedAt,
      });
    });
    expect(await uow.read((r) => r.usage.get(ADHESION, 2026, 1))).toStrictEqual(usageRecord);
    await expect(uow.write((r) => r.usage.insert({ ...usageRecord, id: 'another' }))).rejects.toEqual(new UniqueViolation('usage_record(adhesion_id, year, period)'));
    await uow.write((r) => r.catalogue.updateService(EPCI, 'ADS', { settlement: 'compensation' }));
    expect(await uow.read((r) => r.catalogue.service(EPCI, 'ADS'))).toMatchObject({ settlement: 'compensation' });
  });

  it('down() drops the usage tables and the two columns, keeps the rest, and up() runs again', async () => {
    const before = { tables: await tables(ds), service: await columns(ds, 'service'), unitCost: await columns(ds, 'unit_cost') };
    await ds.runMigrations({ transaction: 'each' });
    const uow = new TypeOrmUnitOfWork(ds);
    await uow.write(async (r) => {
      await r.usage.insert(usageRecord);
      await r.catalogue.updateService(EPCI, 'ADS', { settlement: 'compensation' });
      await r.catalogue.saveUnitCost({ epciSiren: EPCI, serviceCode: 'PAIE', year: 2026, unitCostCents: 900, totalCostCents: null, notifiedAt: NOTIFIED_AT, notifiedBy: 'u-dgs' });
    });
    expect(await columns(ds, 'service')).toEqual([...before.service, 'settlement'].sort());
    expect(await columns(ds, 'unit_cost')).toEqual([...before.unitCost, 'notified_by'].sort());

    await ds.undoLastMigration({ transaction: 'all' });

    expect(await migrationsRun(ds)).not.toContain('MoneyCycle1764250000000');
    expect(await tables(ds)).toEqual(before.tables);
    expect(await columns(ds, 'service')).toEqual(before.service);
    expect(await columns(ds, 'unit_cost')).toEqual(before.unitCost);
    const costs: Row[] = await ds.query(`SELECT service_code, year, unit_cost_cents, notified_at FROM unit_cost ORDER BY service_code`);
    expect(costs).toEqual([
      { service_code: 'ADS', year: 2026, unit_cost_cents: 18_000, notified_at: NOTIFIED_AT },
      { service_code: 'PAIE', year: 2026, unit_cost_cents: 900, notified_at: NOTIFIED_AT },
    ]);
    expect(await ds.query(`SELECT code, legal_basis FROM service ORDER BY code`)).toEqual([
      { code: 'ADS', legal_basis: 'service_commun' },
      { code: 'PAIE', legal_basis: 'mise_a_disposition' },
    ]);
    if (kind === 'sqlite') expect(await ds.query(`PRAGMA foreign_key_check`)).toEqual([]);

    // Up again, as the next start would: the settlement is back to its default, the usage tables empty.
    await ds.runMigrations({ transaction: 'each' });
    expect(await migrationsRun(ds)).toContain('MoneyCycle1764250000000');
    expect(await ds.query(`SELECT settlement FROM service ORDER BY code`)).toEqual([{ settlement: 'revenue_title' }, { settlement: 'revenue_title' }]);
    expect(await uow.read((r) => r.usage.ofAdhesion(ADHESION))).toEqual([]);
    expect(await uow.read((r) => r.catalogue.unitCost(EPCI, 'PAIE', 2026))).toMatchObject({ notifiedAt: NOTIFIED_AT, notifiedBy: null });
  });

  it('also reverts without a transaction of the runner (each statement alone)', async () => {
    await ds.runMigrations({ transaction: 'each' });
    await ds.undoLastMigration({ transaction: 'none' });
    expect(await tables(ds)).not.toContain('usage_record');
    expect(await columns(ds, 'service')).not.toContain('settlement');
    await ds.runMigrations({ transaction: 'none' });
    expect(await columns(ds, 'unit_cost')).toContain('notified_by');
  });
});
