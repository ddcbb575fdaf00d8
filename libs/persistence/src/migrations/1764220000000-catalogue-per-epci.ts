import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One catalogue per EPCI (DESIGN.md, "Tenancy and legal basis"). Until now `service` was keyed by `code` and
 * `unit_cost` by (service_code, year): one catalogue for the whole installation, so a DGS changing a setting
 * or a unit cost changed it for every EPCI. After this migration:
 *
 * - `service` is keyed by (epci_siren, code), references epci, and gains `legal_basis` (default
 *   'mise_a_disposition', the basis whose money rule, D5211-16, the application applied so far) and
 *   `key_parameters` (JSON, for the `fixed` and `mixed` keys);
 * - `unit_cost` is keyed by (epci_siren, service_code, year) and references service (epci_siren, code);
 * - `adhesion` keeps its columns; its foreign key now references service (epci_siren, code), with an index
 *   on (epci_siren, service_code).
 *
 * Data: the global catalogue is copied, row for row and as it is, into each EPCI "concerned": one with an
 * adhesion, or with a user who acts for it (a DGS or an agent, by epci_siren; a secretary, by epci_siren or
 * through her commune). Every unit_cost row is copied for each of them too, so each EPCI keeps the settings and
 * the costs it saw, and every adhesion points at its own EPCI's copy. Should no EPCI be concerned while the
 * catalogue holds rows (a catalogue loaded before any user), the rows go to every EPCI of the `epci` table,
 * so that nothing is lost. An EPCI that gets no copy starts from the template later (seed/catalogue.ts).
 *
 * SQLite cannot change a primary key or a foreign key in place: the tables are rebuilt (create, copy, drop,
 * rename), which needs `PRAGMA foreign_keys = OFF`, and that pragma is a no-op inside a transaction. TypeORM's
 * `runMigrations({ transaction: 'each' | 'all' })` turns the foreign keys off before it opens the transaction
 * (BetterSqlite3QueryRunner.beforeMigration), so the whole migration, and its row in `migrations`, commits or
 * rolls back as one. With `transaction: 'none'` this migration turns them off and opens the transaction
 * itself. Before committing it runs `PRAGMA foreign_key_check` on every table it touched and fails on any
 * dangling reference. PostgreSQL changes the constraints in place, in the transaction.
 *
 * down() merges the copies back into one global catalogue. It REFUSES (and changes nothing) when that would
 * lose an EPCI's decision: two EPCIs' copies of a service, or their unit costs of a year, differ; or a service
 * has a legal basis other than 'mise_a_disposition', key parameters, or a `fixed` / `mixed` key, which the old
 * schema cannot hold. Otherwise the catalogue becomes the union of the copies. On SQLite, TypeORM's
 * undoLastMigration() opens its transaction before turning the foreign keys off, so the revert must run with
 * `undoLastMigration({ transaction: 'none' })` (this migration then manages both); with another mode it fails
 * with an explicit message, before changing anything.
 */
export class CataloguePerEpci1764220000000 implements MigrationInterface {
  name = 'CataloguePerEpci1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await rebuilding(q, ['service', 'unit_cost', 'adhesion'], async (dialect) => {
      await renameTable(q, dialect, 'unit_cost', 'unit_cost_global');
      await renameTable(q, dialect, 'service', 'service_global');
      await q.query(PER_EPCI_SERVICE);
      await q.query(PER_EPCI_UNIT_COST);

      await q.query(`CREATE TABLE migration_catalogue_epci (siren varchar(9) PRIMARY KEY)`);
      await q.query(`INSERT INTO migration_catalogue_epci (siren) SELECT siren FROM epci WHERE siren IN (${CONCERNED_EPCIS})`);
      const [{ epcis }] = await q.query(`SELECT COUNT(*) AS epcis FROM migration_catalogue_epci`);
      const [{ services }] = await q.query(`SELECT COUNT(*) AS services FROM service_global`);
      if (Number(epcis) === 0 && Number(services) > 0) {
        await q.query(`INSERT INTO migration_catalogue_epci (siren) SELECT siren FROM epci`);
      }

      const settings = SERVICE_SETTINGS.join(', ');
      await q.query(
        `INSERT INTO service (epci_siren, code, ${settings})
         SELECT e.siren, s.code, ${SERVICE_SETTINGS.map((c) => `s.${c}`).join(', ')}
         FROM service_global s CROSS JOIN migration_catalogue_epci e`,
      );
      await q.query(
        `INSERT INTO unit_cost (epci_siren, service_code, year, ${COST_COLUMNS.join(', ')})
         SELECT e.siren, u.service_code, u.year, ${COST_COLUMNS.map((c) => `u.${c}`).join(', ')}
         FROM unit_cost_global u CROSS JOIN migration_catalogue_epci e`,
      );

      if (dialect === 'postgres') {
        await dropForeignKeys(q, 'adhesion', 'service_global');
        await q.query(`ALTER TABLE adhesion ADD ${ADHESION_SERVICE_FK_PER_EPCI}`);
      } else {
        await rebuildAdhesion(q, ADHESION_SERVICE_FK_PER_EPCI, () => true);
      }
      await q.query(`CREATE INDEX adhesion_service ON adhesion (epci_siren, service_code)`);

      await q.query(`DROP TABLE migration_catalogue_epci`);
      await q.query(`DROP TABLE unit_cost_global`);
      await q.query(`DROP TABLE service_global`);
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await rebuilding(q, ['service', 'unit_cost', 'adhesion'], async (dialect) => {
      await refuseToLoseDecisions(q);
      await renameTable(q, dialect, 'unit_cost', 'unit_cost_per_epci');
      await renameTable(q, dialect, 'service', 'service_per_epci');
      await q.query(GLOBAL_SERVICE);
      await q.query(GLOBAL_UNIT_COST);

      // The copies agree (checked above): any EPCI's copy is the global row; union over the codes and years.
      const settings = SERVICE_SETTINGS.join(', ');
      await q.query(
        `INSERT INTO service (code, ${settings})
         SELECT s.code, ${SERVICE_SETTINGS.map((c) => `s.${c}`).join(', ')} FROM service_per_epci s
         WHERE s.epci_siren = (SELECT MIN(t.epci_siren) FROM service_per_epci t WHERE t.code = s.code)`,
      );
      await q.query(
        `INSERT INTO unit_cost (service_code, year, ${COST_COLUMNS.join(', ')})
         SELECT u.service_code, u.year, ${COST_COLUMNS.map((c) => `u.${c}`).join(', ')} FROM unit_cost_per_epci u
         WHERE u.epci_siren = (SELECT MIN(t.epci_siren) FROM unit_cost_per_epci t WHERE t.service_code = u.service_code AND t.year = u.year)`,
      );

      await q.query(`DROP INDEX adhesion_service`);
      if (dialect === 'postgres') {
        await dropForeignKeys(q, 'adhesion', 'service_per_epci');
        await q.query(`ALTER TABLE adhesion ADD ${ADHESION_SERVICE_FK_GLOBAL}`);
      } else {
        await rebuildAdhesion(q, ADHESION_SERVICE_FK_GLOBAL, (name) => name !== 'adhesion_service');
      }

      await q.query(`DROP TABLE unit_cost_per_epci`);
      await q.query(`DROP TABLE service_per_epci`);
    });
  }
}

type Dialect = 'sqlite' | 'postgres';

/** The EPCIs that get a copy: those with an adhesion, or a DGS, agent or secretary acting for them. */
const CONCERNED_EPCIS = `
  SELECT epci_siren FROM adhesion
  UNION SELECT epci_siren FROM app_user WHERE role IN ('dgs', 'agent', 'secretary') AND epci_siren IS NOT NULL
  UNION SELECT c.epci_siren FROM app_user u JOIN commune c ON c.insee = u.commune_insee
        WHERE u.role = 'secretary' AND c.epci_siren IS NOT NULL`;

/** The columns of a service besides its key, in both shapes. */
const SERVICE_SETTINGS = [
  'name',
  'pole',
  'description',
  'unit_code',
  'unit_label',
  'unit_label_plural',
  'options',
  'act_weights',
  'notice_period_months',
  'renewal_window_days',
  'reminder_offsets',
  'cost_model',
  'key_basis',
] as const;

const COST_COLUMNS = ['unit_cost_cents', 'total_cost_cents', 'notified_at'] as const;

const PER_EPCI_SERVICE = `CREATE TABLE service (
  epci_siren varchar(9) NOT NULL REFERENCES epci(siren),
  code varchar(40) NOT NULL,
  name varchar(200) NOT NULL,
  pole varchar(60) NOT NULL,
  description text NOT NULL DEFAULT '',
  legal_basis varchar(30) NOT NULL DEFAULT 'mise_a_disposition',
  unit_code varchar(40) NOT NULL,
  unit_label varchar(120) NOT NULL,
  unit_label_plural varchar(120) NOT NULL,
  options text NOT NULL,
  act_weights text,
  notice_period_months integer NOT NULL DEFAULT 6,
  renewal_window_days integer NOT NULL DEFAULT 90,
  reminder_offsets text NOT NULL,
  cost_model varchar(10) NOT NULL DEFAULT 'unit',
  key_basis varchar(20),
  key_parameters text,
  CONSTRAINT service_pkey PRIMARY KEY (epci_siren, code),
  CONSTRAINT service_legal_basis_check CHECK (legal_basis IN ('mise_a_disposition', 'service_commun', 'service_unifie')),
  CONSTRAINT service_key_basis_check CHECK (key_basis IS NULL OR key_basis IN ('population', 'forecastUnits', 'fixed', 'mixed'))
)`;

const PER_EPCI_UNIT_COST = `CREATE TABLE unit_cost (
  epci_siren varchar(9) NOT NULL,
  service_code varchar(40) NOT NULL,
  year integer NOT NULL,
  unit_cost_cents integer,
  total_cost_cents bigint,
  notified_at varchar(30),
  CONSTRAINT unit_cost_pkey PRIMARY KEY (epci_siren, service_code, year),
  CONSTRAINT unit_cost_service_fkey FOREIGN KEY (epci_siren, service_code) REFERENCES service (epci_siren, code)
)`;

/** The shapes of 1764190000000-initial-schema, for down(). */
const GLOBAL_SERVICE = `CREATE TABLE service (
  code varchar(40) PRIMARY KEY,
  name varchar(200) NOT NULL,
  pole varchar(60) NOT NULL,
  description text NOT NULL DEFAULT '',
  unit_code varchar(40) NOT NULL,
  unit_label varchar(120) NOT NULL,
  unit_label_plural varchar(120) NOT NULL,
  options text NOT NULL,
  act_weights text,
  notice_period_months integer NOT NULL DEFAULT 6,
  renewal_window_days integer NOT NULL DEFAULT 90,
  reminder_offsets text NOT NULL,
  cost_model varchar(10) NOT NULL DEFAULT 'unit',
  key_basis varchar(20)
)`;

const GLOBAL_UNIT_COST = `CREATE TABLE unit_cost (
  service_code varchar(40) NOT NULL REFERENCES service(code),
  year integer NOT NULL,
  unit_cost_cents integer,
  total_cost_cents bigint,
  notified_at varchar(30),
  PRIMARY KEY (service_code, year)
)`;

const ADHESION_SERVICE_FK_PER_EPCI = `CONSTRAINT adhesion_service_fkey FOREIGN KEY (epci_siren, service_code) REFERENCES service (epci_siren, code)`;
const ADHESION_SERVICE_FK_GLOBAL = `CONSTRAINT adhesion_service_code_fkey FOREIGN KEY (service_code) REFERENCES service (code)`;

/** The columns of adhesion as the migrations before this one left them (anniversary_on: 1764200000000). */
const ADHESION_COLUMNS = `
  id varchar(36) PRIMARY KEY,
  commune_insee varchar(5) NOT NULL REFERENCES commune(insee),
  epci_siren varchar(9) NOT NULL REFERENCES epci(siren),
  service_code varchar(40) NOT NULL,
  live_key varchar(60) UNIQUE,
  options text NOT NULL,
  forecast_units varchar(20) NOT NULL,
  state varchar(20) NOT NULL,
  state_detail varchar(200) NOT NULL,
  snapshot text NOT NULL,
  machine_version integer NOT NULL,
  version integer NOT NULL,
  next_deadline_at varchar(30),
  next_deadline_kind varchar(40),
  next_deadline_cycle integer,
  start_date varchar(10),
  contract_year integer NOT NULL DEFAULT 0,
  created_by varchar(36) NOT NULL,
  created_at varchar(30) NOT NULL,
  updated_at varchar(30) NOT NULL,
  anniversary_on varchar(10)`;

const ADHESION_COLUMN_NAMES = ADHESION_COLUMNS.split(',\n')
  .map((line) => line.trim().split(/\s+/)[0]!)
  .join(', ');

/**
 * Runs `work` with the foreign keys off on SQLite and in one transaction (the migration runner's, or one of its
 * own when the runner opened none), then checks the references of the tables it rebuilt and of the tables that
 * point at them before the commit.
 */
async function rebuilding(q: QueryRunner, tables: string[], work: (dialect: Dialect) => Promise<void>): Promise<void> {
  const dialect: Dialect = q.connection.driver.options.type === 'postgres' ? 'postgres' : 'sqlite';
  let restoreForeignKeys = false;
  if (dialect === 'sqlite') {
    const [{ foreign_keys: on }] = await q.query(`PRAGMA foreign_keys`);
    if (Number(on) === 1) {
      if (q.isTransactionActive) {
        throw new Error(
          'CataloguePerEpci1764220000000 rebuilds SQLite tables and needs the foreign keys off, which SQLite ignores inside ' +
            "a transaction: run it with runMigrations({ transaction: 'each' }) or undoLastMigration({ transaction: 'none' }).",
        );
      }
      await q.query(`PRAGMA foreign_keys = OFF`);
      restoreForeignKeys = true;
    }
  }
  const ownTransaction = !q.isTransactionActive;
  if (ownTransaction) await q.startTransaction();
  try {
    await work(dialect);
    if (dialect === 'sqlite') await checkForeignKeys(q, tables);
    if (ownTransaction) await q.commitTransaction();
  } catch (error) {
    if (ownTransaction) await q.rollbackTransaction();
    throw error;
  } finally {
    if (restoreForeignKeys) await q.query(`PRAGMA foreign_keys = ON`);
  }
}

async function checkForeignKeys(q: QueryRunner, rebuilt: string[]): Promise<void> {
  const referencing: Array<{ name: string }> = await q.query(
    `SELECT DISTINCT m.name AS name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
     WHERE m.type = 'table' AND f."table" IN (${rebuilt.map((t) => `'${t}'`).join(', ')})`,
  );
  for (const table of new Set([...rebuilt, ...referencing.map((r) => r.name)])) {
    const violations: Array<{ table: string; rowid: number; parent: string }> = await q.query(`PRAGMA foreign_key_check("${table}")`);
    if (violations.length > 0) {
      const sample = violations.slice(0, 5).map((v) => `${v.table} row ${v.rowid} → ${v.parent}`);
      throw new Error(`CataloguePerEpci1764220000000: ${violations.length} dangling reference(s) in ${table}: ${sample.join('; ')}`);
    }
  }
}

/** Renames a table; on PostgreSQL its primary key too, so that the new table can take the usual name. */
async function renameTable(q: QueryRunner, dialect: Dialect, from: string, to: string): Promise<void> {
  await q.query(`ALTER TABLE ${from} RENAME TO ${to}`);
  if (dialect !== 'postgres') return;
  const keys: Array<{ conname: string }> = await q.query(`SELECT conname FROM pg_constraint WHERE conrelid = '${to}'::regclass AND contype = 'p'`);
  for (const { conname } of keys) await q.query(`ALTER TABLE ${to} RENAME CONSTRAINT "${conname}" TO ${to}_pkey`);
}

/** PostgreSQL: drops the foreign keys of `table` that reference `referenced`, whatever their names. */
async function dropForeignKeys(q: QueryRunner, table: string, referenced: string): Promise<void> {
  const keys: Array<{ conname: string }> = await q.query(
    `SELECT conname FROM pg_constraint WHERE conrelid = '${table}'::regclass AND confrelid = '${referenced}'::regclass AND contype = 'f'`,
  );
  for (const { conname } of keys) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT "${conname}"`);
}

/**
 * SQLite: rebuilds adhesion with another foreign key to service (the documented procedure: create, copy, drop,
 * rename), then recreates its indexes as they were (those `keepIndex` accepts). The tables that reference
 * adhesion (audit_event, notification_ledger, document_audit) name it, so they reference the new table.
 */
async function rebuildAdhesion(q: QueryRunner, serviceForeignKey: string, keepIndex: (name: string) => boolean): Promise<void> {
  const indexes: Array<{ name: string; sql: string }> = await q.query(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'adhesion' AND sql IS NOT NULL`,
  );
  await q.query(`CREATE TABLE adhesion_next (${ADHESION_COLUMNS},\n  ${serviceForeignKey}\n)`);
  await q.query(`INSERT INTO adhesion_next (${ADHESION_COLUMN_NAMES}) SELECT ${ADHESION_COLUMN_NAMES} FROM adhesion`);
  await q.query(`DROP TABLE adhesion`);
  await q.query(`ALTER TABLE adhesion_next RENAME TO adhesion`);
  for (const index of indexes) if (keepIndex(index.name)) await q.query(index.sql);
}

/** down(): fails, before any change, when merging the EPCIs' catalogues would lose one of their decisions. */
async function refuseToLoseDecisions(q: QueryRunner): Promise<void> {
  const problems: string[] = [];
  const services: Array<Record<string, unknown>> = await q.query(`SELECT * FROM service ORDER BY code, epci_siren`);
  const firstService = new Map<string, Record<string, unknown>>();
  for (const s of services) {
    if (s['legal_basis'] !== 'mise_a_disposition') problems.push(`${s['epci_siren']}/${s['code']}: legal basis ${s['legal_basis']}`);
    if (s['key_parameters'] !== null) problems.push(`${s['epci_siren']}/${s['code']}: key parameters`);
    if (s['key_basis'] === 'fixed' || s['key_basis'] === 'mixed') problems.push(`${s['epci_siren']}/${s['code']}: a ${s['key_basis']} key`);
    const first = firstService.get(s['code'] as string);
    if (first === undefined) firstService.set(s['code'] as string, s);
    else if (differs(first, s, SERVICE_SETTINGS)) problems.push(`${s['code']}: settings of ${first['epci_siren']} and ${s['epci_siren']} differ`);
  }
  const costs: Array<Record<string, unknown>> = await q.query(`SELECT * FROM unit_cost ORDER BY service_code, year, epci_siren`);
  const firstCost = new Map<string, Record<string, unknown>>();
  for (const c of costs) {
    const key = `${c['service_code']} ${c['year']}`;
    const first = firstCost.get(key);
    if (first === undefined) firstCost.set(key, c);
    else if (differs(first, c, COST_COLUMNS)) problems.push(`${key}: unit costs of ${first['epci_siren']} and ${c['epci_siren']} differ`);
  }
  if (problems.length > 0) {
    throw new Error(
      `CataloguePerEpci1764220000000 cannot be reverted without losing what EPCIs decided (${problems.length}): ` +
        `${problems.slice(0, 10).join('; ')}${problems.length > 10 ? '; …' : ''}`,
    );
  }
}

function differs(a: Record<string, unknown>, b: Record<string, unknown>, columns: readonly string[]): boolean {
  return columns.some((c) => String(a[c] ?? '\u0000null') !== String(b[c] ?? '\u0000null'));
}
