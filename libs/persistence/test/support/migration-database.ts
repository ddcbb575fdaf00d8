// A scratch database for the test of one migration, on SQLite or PostgreSQL: brought to the schema just before
// the migration (for the test to fill it the old way), then reopened knowing the migrations through it (as
// openDatabase() does at the next start), for the test to run it, revert it, run it again. And the raw SQL
// those tests fill and read the old tables with, on either database.
import { DataSource } from 'typeorm';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../../../test/support/databases.js';
import { dataSourceOptions, MIGRATIONS, type DatabaseConfig } from '../../src/data-source.js';

export type Row = Record<string, unknown>;
type Migration = (typeof MIGRATIONS)[number];

/** How the application would be configured to open this scratch database. */
export function databaseConfig(db: TestDatabase): DatabaseConfig {
  return db.kind === 'sqlite' ? { type: 'sqlite', path: db.url.slice('sqlite:'.length) } : { type: 'postgres', url: db.url };
}

/** Opens `db` knowing `migrations` (it runs none of them). */
export async function open(db: TestDatabase, migrations: ReadonlyArray<new () => unknown>): Promise<DataSource> {
  // A silent logger: the tests that expect a migration to fail would otherwise print TypeORM's report of it.
  const quiet = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
  const ds = new DataSource({ ...dataSourceOptions(databaseConfig(db)), migrations: migrations as never, logger: quiet });
  await ds.initialize();
  return ds;
}

/** A scratch database of `kind` at the schema just before `migration`: every migration before it run. */
export async function databaseBefore(kind: DatabaseKind, migration: Migration): Promise<{ db: TestDatabase; ds: DataSource }> {
  const db = await createTestDatabase(kind);
  let ds: DataSource | undefined;
  try {
    ds = await open(db, MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration)));
    await ds.runMigrations({ transaction: 'each' });
    return { db, ds };
  } catch (error) {
    await closeAndDrop(db, ds);
    throw error;
  }
}

/**
 * A scratch database of `kind` at the schema just before `migration`, filled the old way by `fill`, then reopened
 * knowing every migration through it, as openDatabase() does at the next start: the test runs the migration.
 */
export async function databaseFilledBefore(
  kind: DatabaseKind,
  migration: Migration,
  fill: (ds: DataSource) => Promise<unknown>,
): Promise<{ db: TestDatabase; ds: DataSource }> {
  const { db, ds } = await databaseBefore(kind, migration);
  try {
    await fill(ds);
    return { db, ds: await reopenThrough(db, ds, migration) };
  } catch (error) {
    await closeAndDrop(db, ds);
    throw error;
  }
}

/** Closes `ds` and opens `db` again knowing `migrations`. */
export async function reopen(db: TestDatabase, ds: DataSource, migrations: ReadonlyArray<new () => unknown>): Promise<DataSource> {
  await ds.destroy();
  return open(db, migrations);
}

/** Closes `ds` and opens `db` again knowing every migration up to `migration` (the later ones are not its business). */
export function reopenThrough(db: TestDatabase, ds: DataSource, migration: Migration): Promise<DataSource> {
  return reopen(db, ds, MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration) + 1));
}

/** After each test: closes the data source if it is open, and drops the scratch database. */
export async function closeAndDrop(db: TestDatabase, ds: DataSource | undefined): Promise<void> {
  if (ds?.isInitialized) await ds.destroy();
  await db.drop();
}

/** Inserts a row by its column names, with the placeholders of the database. */
export async function insert(ds: DataSource, table: string, row: Row): Promise<void> {
  const columns = Object.keys(row);
  const marks = columns.map((_, i) => (ds.options.type === 'postgres' ? `$${i + 1}` : '?'));
  await ds.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${marks.join(', ')})`, Object.values(row));
}

/** The names of the migrations the database records as run, sorted. */
export async function migrationsRun(ds: DataSource): Promise<string[]> {
  return ((await ds.query(`SELECT name FROM migrations`)) as Row[]).map((r) => r['name'] as string).sort();
}

/**
 * A row of `service` as the table has had it since one catalogue per EPCI: the instruction of building permits
 * (ADS) of `epciSiren`, unless `row` says otherwise.
 */
export function serviceRow(epciSiren: string, row: Row = {}): Row {
  return {
    epci_siren: epciSiren,
    code: 'ADS',
    name: 'Instruction des autorisations du droit des sols',
    pole: 'urbanisme',
    description: '',
    unit_code: 'EQUIVALENT_PC',
    unit_label: 'équivalent permis de construire',
    unit_label_plural: 'équivalents permis de construire',
    options: '[]',
    act_weights: null,
    reminder_offsets: '[90, 30]',
    ...row,
  };
}

/** A service counted in plain units, « Service CODE », for the tests where its kind of unit does not matter. */
export const plainService = (code: string, legalBasis = 'service_commun'): Row => ({
  code,
  name: `Service ${code}`,
  legal_basis: legalBasis,
  unit_code: 'UNIT',
  unit_label: 'unité',
  unit_label_plural: 'unités',
});

/**
 * An EPCI (a CC unless told), its communes (1 000 inhabitants unless told) and its services (serviceRow: ADS
 * unless told), inserted the way the tables have taken them since one catalogue per EPCI.
 */
export async function insertEpci(
  ds: DataSource,
  epci: Row & { siren: string; name: string },
  { communes = [], services = [{}] }: { communes?: Array<Row & { insee: string; name: string }>; services?: Row[] } = {},
): Promise<void> {
  await insert(ds, 'epci', { nature: 'CC', ...epci });
  for (const commune of communes) await insert(ds, 'commune', { siren: null, population: 1000, epci_siren: epci.siren, ...commune });
  for (const service of services) await insert(ds, 'service', serviceRow(epci.siren, service));
}

/**
 * An active adhesion as a row of its table (the columns it has had since one catalogue per EPCI), its live key
 * following the commune and the service, created on 1 January 2026; the rest (dates, its start) as given.
 */
export function activeAdhesionRow(row: Row & { id: string; commune_insee: string; epci_siren: string; service_code: string }): Row {
  return {
    live_key: `${row.commune_insee}:${row.service_code}`,
    options: '[]',
    forecast_units: '10',
    state: 'active',
    state_detail: 'active',
    snapshot: JSON.stringify({ value: 'active', context: {} }),
    machine_version: 1,
    version: 1,
    contract_year: 1,
    created_by: 'test',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...row,
  };
}
