// The migration that links a renewal to the convention it renews (1764270000000), proved on both databases: a
// scratch database at the schema just before it, with a live adhesion; after it, the column `renews` exists and
// is NULL for the existing rows, a successor may live beside its predecessor under the successor's live key (and
// only one), and down() refuses while a successor is live beside its predecessor, then reverts cleanly.
import { type DataSource } from 'typeorm';
import { DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { RenewalLink1764270000000 } from '../src/migrations/1764270000000-renewal-link.js';
import { activeAdhesionRow, closeAndDrop, databaseFilledBefore, insert, insertEpci, migrationsRun } from './support/migration-database.js';

const EPCI = '200000001';
const OLD = '00000000-0000-4000-8000-000000000001';
const NEXT = '00000000-0000-4000-8000-000000000002';
const OTHER = '00000000-0000-4000-8000-000000000003';

async function fillTheOldWay(ds: DataSource): Promise<void> {
  await insertEpci(ds, { siren: EPCI, name: 'CC Ambérieu' }, { communes: [{ insee: '01001', name: 'Ambérieu' }] });
  await insert(ds, 'adhesion', activeAdhesionRow({ id: OLD, commune_insee: '01001', epci_siren: EPCI, service_code: 'ADS' }));
}

const successorRow = (id: string) =>
  activeAdhesionRow({
    id,
    commune_insee: '01001',
    epci_siren: EPCI,
    service_code: 'ADS',
    live_key: '01001:ADS:renewal',
    renews: OLD,
    state: 'draft',
    state_detail: 'draft',
    contract_year: 0,
    created_at: '2028-10-01T00:00:00.000Z',
    updated_at: '2028-10-01T00:00:00.000Z',
  });

describe.each(DATABASE_KINDS)('RenewalLink1764270000000 on %s', (kind: DatabaseKind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, RenewalLink1764270000000, fillTheOldWay));
  });

  afterEach(() => closeAndDrop(db, ds));

  it('adds renews (NULL for the rows there), and a successor lives beside its predecessor, one at a time', async () => {
    await expect(insert(ds, 'adhesion', successorRow(NEXT))).rejects.toThrow();
    await ds.runMigrations({ transaction: 'each' });
    expect(await migrationsRun(ds)).toContain('RenewalLink1764270000000');
    expect(await ds.query(`SELECT id, renews, live_key FROM adhesion`)).toEqual([{ id: OLD, renews: null, live_key: '01001:ADS' }]);
    await insert(ds, 'adhesion', successorRow(NEXT));
    // A second successor beside the first: the live key is taken.
    await expect(insert(ds, 'adhesion', successorRow(OTHER))).rejects.toThrow();
    const rows = (await ds.query(`SELECT id, renews, live_key FROM adhesion WHERE renews = '${OLD}'`)) as unknown[];
    expect(rows).toEqual([{ id: NEXT, renews: OLD, live_key: '01001:ADS:renewal' }]);
  });

  it('down() refuses while a successor is live beside its predecessor, then reverts once it is not', async () => {
    await ds.runMigrations({ transaction: 'each' });
    await insert(ds, 'adhesion', successorRow(NEXT));
    await expect(ds.undoLastMigration({ transaction: 'all' })).rejects.toThrow(/still beside a live convention/);
    expect(await migrationsRun(ds)).toContain('RenewalLink1764270000000');
    await ds.query(`DELETE FROM adhesion WHERE id = '${NEXT}'`);
    await ds.undoLastMigration({ transaction: 'all' });
    expect(await migrationsRun(ds)).not.toContain('RenewalLink1764270000000');
    await expect(ds.query(`SELECT renews FROM adhesion`)).rejects.toThrow();
    // And up again.
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.query(`SELECT id, renews FROM adhesion`)).toEqual([{ id: OLD, renews: null }]);
  });
});
