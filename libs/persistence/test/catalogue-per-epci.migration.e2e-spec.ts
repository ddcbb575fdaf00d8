// The migration to one catalogue per EPCI (1764220000000), proved on both databases: a scratch database per
// test, brought to the schema just before the migration, filled the old way (one global catalogue), then
// migrated. Each EPCI concerned must get the full catalogue with the same settings and costs, the adhesions must
// be unchanged and reference their EPCI's copy, and down() must restore the global catalogue or refuse.
import { type DataSource } from 'typeorm';
import { DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { MIGRATIONS } from '../src/data-source.js';
import { ServiceEntity, UnitCostEntity } from '../src/entities/index.js';
import { CataloguePerEpci1764220000000 } from '../src/migrations/1764220000000-catalogue-per-epci.js';
import { closeAndDrop, databaseBefore, insert, migrationsRun, reopen, reopenThrough, type Row } from './support/migration-database.js';

const ALM = '244900015'; // adhesions and users
const SAUMUR = '200071876'; // adhesions, no user
const THIRD = '200000001'; // a DGS, no adhesion
const FOURTH = '200000002'; // a secretary whose epci_siren is NULL: concerned through her commune
const IDLE = '200000003'; // nothing: no copy

const SERVICES: Row[] = [
  {
    code: 'ADS',
    name: "Instruction des autorisations du droit des sols (ADS)",
    pole: 'urbanisme',
    description: "Le service commun instruit pour le maire les demandes d'autorisation d'urbanisme.",
    unit_code: 'EQUIVALENT_PC',
    unit_label: 'équivalent permis de construire',
    unit_label_plural: 'équivalents permis de construire',
    options: JSON.stringify([{ code: 'PC', label: 'Permis de construire' }, { code: 'DP', label: 'Déclaration préalable' }]),
    act_weights: JSON.stringify({ PC: '1', DP: '0.7' }),
    notice_period_months: 6,
    renewal_window_days: 90,
    reminder_offsets: JSON.stringify([90, 60, 30, 15, 7, 1]),
    cost_model: 'unit',
    key_basis: null,
  },
  {
    code: 'ACHATS',
    name: 'Conseil en achats et commande publique',
    pole: 'moyens-generaux',
    description: 'Conseil en commande publique.',
    unit_code: 'HEURE_CONSEIL',
    unit_label: 'heure de conseil',
    unit_label_plural: 'heures de conseil',
    options: JSON.stringify([{ code: 'CONSEIL', label: 'Conseil' }, { code: 'GROUPEMENT', label: 'Adhésion aux groupements de commandes' }]),
    act_weights: null,
    notice_period_months: 3, // a setting a DGS changed: kept as it is
    renewal_window_days: 60,
    reminder_offsets: JSON.stringify([60, 30]),
    cost_model: 'unit',
    key_basis: null,
  },
  {
    code: 'RGPD',
    name: 'Délégué à la protection des données mutualisé',
    pole: 'moyens-generaux',
    description: 'Un délégué commun.',
    unit_code: 'HABITANT',
    unit_label: 'habitant',
    unit_label_plural: 'habitants',
    options: JSON.stringify([{ code: 'DPO', label: 'Désignation du délégué mutualisé' }]),
    act_weights: null,
    notice_period_months: 6,
    renewal_window_days: 90,
    reminder_offsets: JSON.stringify([90, 30]),
    cost_model: 'keys',
    key_basis: 'population',
  },
];

const COSTS: Row[] = [
  { service_code: 'ADS', year: 2025, unit_cost_cents: 17_500, total_cost_cents: null, notified_at: '2025-03-31T08:00:00.000Z' },
  { service_code: 'ADS', year: 2026, unit_cost_cents: 18_000, total_cost_cents: null, notified_at: null },
  { service_code: 'ACHATS', year: 2025, unit_cost_cents: 6_000, total_cost_cents: null, notified_at: '2025-04-01T08:00:00.000Z' },
  { service_code: 'ACHATS', year: 2026, unit_cost_cents: 6_500, total_cost_cents: null, notified_at: null },
  { service_code: 'RGPD', year: 2025, unit_cost_cents: null, total_cost_cents: 4_400_000, notified_at: '2025-04-01T08:00:00.000Z' },
  { service_code: 'RGPD', year: 2026, unit_cost_cents: null, total_cost_cents: 5_000_000_000, notified_at: null }, // beyond 2³¹
];

let adhesionSeq = 0;
function adhesion(commune: string, epci: string, service: string, state: string): Row {
  adhesionSeq += 1;
  const id = `00000000-0000-4000-8000-${String(adhesionSeq).padStart(12, '0')}`;
  return {
    id,
    commune_insee: commune,
    epci_siren: epci,
    service_code: service,
    live_key: `${commune}:${service}`,
    options: JSON.stringify(['PC']),
    forecast_units: '12.5',
    state,
    state_detail: state,
    snapshot: JSON.stringify({ value: state, context: { note: "l'instruction" } }),
    machine_version: 3,
    version: 7,
    next_deadline_at: '2027-01-01T00:00:00.000Z',
    next_deadline_kind: 'RENEWAL_WINDOW_OPENED',
    next_deadline_cycle: 1,
    start_date: '2026-01-01',
    anniversary_on: '2027-01-01',
    contract_year: 1,
    created_by: 'u-dgs-alm',
    created_at: '2025-11-02T10:00:00.000Z',
    updated_at: '2026-01-02T10:00:00.000Z',
  };
}

/** One installation as it was before the migration: one global catalogue, two EPCIs with adhesions. */
async function fillTheOldWay(ds: DataSource, options: { users: boolean; adhesions: boolean } = { users: true, adhesions: true }): Promise<Row[]> {
  for (const [siren, name, nature] of [
    [ALM, 'CU Angers Loire Métropole', 'CU'],
    [SAUMUR, 'CA Saumur Val de Loire', 'CA'],
    [THIRD, 'CC Troisième', 'CC'],
    [FOURTH, 'CC Quatrième', 'CC'],
    [IDLE, 'CC Sans adhésion ni utilisateur', 'CC'],
  ]) {
    await insert(ds, 'epci', { siren, name, nature });
  }
  for (const [insee, name, epci] of [
    ['49007', 'Angers', ALM],
    ['49015', 'Avrillé', ALM],
    ['49328', 'Saumur', SAUMUR],
    ['49125', 'Doué-en-Anjou', SAUMUR],
    ['49901', 'Troisième-sur-Loire', THIRD],
    ['49902', 'Quatrième-la-Forêt', FOURTH],
    ['49903', 'Oisive', IDLE],
  ]) {
    await insert(ds, 'commune', { insee, siren: null, name, population: 1000, epci_siren: epci });
  }
  for (const service of SERVICES) await insert(ds, 'service', service);
  for (const cost of COSTS) await insert(ds, 'unit_cost', cost);
  if (options.users) {
    const user = (id: string, role: string, epci: string | null, commune: string | null) =>
      insert(ds, 'app_user', {
        id,
        email: `${id}@example.test`,
        display_name: id,
        password_hash: 'x',
        role,
        commune_insee: commune,
        epci_siren: epci,
        pole: role === 'agent' ? 'urbanisme' : null,
        created_at: '2025-01-01T00:00:00.000Z',
      });
    await user('u-dgs-alm', 'dgs', ALM, null);
    await user('u-agent-alm', 'agent', ALM, null);
    await user('u-sec-avrille', 'secretary', ALM, '49015');
    await user('u-dgs-third', 'dgs', THIRD, null);
    await user('u-sec-fourth', 'secretary', null, '49902');
    await user('u-admin', 'admin', null, null);
  }
  const adhesions: Row[] = [];
  if (options.adhesions) {
    adhesions.push(adhesion('49015', ALM, 'ADS', 'active'), adhesion('49007', ALM, 'RGPD', 'active'));
    adhesions.push(adhesion('49328', SAUMUR, 'ACHATS', 'study'), { ...adhesion('49125', SAUMUR, 'ADS', 'ended'), live_key: null });
    for (const a of adhesions) await insert(ds, 'adhesion', a);
    const first = adhesions[0]!['id'] as string;
    await insert(ds, 'audit_event', {
      id: 'a-1',
      adhesion_id: first,
      sequence: 1,
      event: 'SUBMIT',
      payload: '{}',
      actor_id: null,
      role: 'secretary',
      from_state: 'draft',
      to_state: 'submitted',
      at: '2025-11-02T10:00:00.000Z',
    });
    await insert(ds, 'notification_ledger', {
      id: 'l-1',
      adhesion_id: first,
      epci_siren: null,
      cycle: 1,
      kind: 'renewal-reminder',
      offset_days: 90,
      created_at: '2026-01-01T00:00:00.000Z',
    });
    await insert(ds, 'document_audit', {
      id: 'd-1',
      adhesion_id: first,
      kind: 'convention',
      sha256: 'f'.repeat(64),
      actor_id: null,
      role: 'dgs',
      at: '2026-01-01T00:00:00.000Z',
      byte_size: 1234,
    });
  }
  return adhesions;
}

const byKey = (...keys: string[]) => (a: Row, b: Row) => {
  for (const k of keys) {
    const x = String(a[k]);
    const y = String(b[k]);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

const without = (row: Row, ...keys: string[]): Row => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

async function snapshot(ds: DataSource) {
  return {
    services: ((await ds.query(`SELECT * FROM service`)) as Row[]).sort(byKey('epci_siren', 'code')),
    costs: ((await ds.query(`SELECT * FROM unit_cost`)) as Row[]).sort(byKey('epci_siren', 'service_code', 'year')),
    adhesions: ((await ds.query(`SELECT * FROM adhesion`)) as Row[]).sort(byKey('id')),
    audit: (await ds.query(`SELECT * FROM audit_event`)) as Row[],
    ledger: (await ds.query(`SELECT * FROM notification_ledger`)) as Row[],
    documents: (await ds.query(`SELECT * FROM document_audit`)) as Row[],
  };
}

async function columnsOf(ds: DataSource, table: string): Promise<string[]> {
  if (ds.options.type === 'postgres') {
    const rows: Row[] = await ds.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}'`);
    return rows.map((r) => r['name'] as string).sort();
  }
  const rows: Row[] = await ds.query(`PRAGMA table_info("${table}")`);
  return rows.map((r) => r['name'] as string).sort();
}

async function indexesOf(ds: DataSource, table: string): Promise<string[]> {
  const rows: Row[] =
    ds.options.type === 'postgres'
      ? await ds.query(`SELECT indexname AS name FROM pg_indexes WHERE tablename = '${table}' AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%_key'`)
      : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL`);
  return rows.map((r) => r['name'] as string).sort();
}

/** The foreign keys of a table, as `columns → table(columns)`. */
async function foreignKeysOf(ds: DataSource, table: string): Promise<string[]> {
  if (ds.options.type === 'postgres') {
    const rows: Row[] = await ds.query(
      `SELECT c.conname, f.relname AS parent,
              (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
              (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS parent_columns
       FROM pg_constraint c JOIN pg_class f ON f.oid = c.confrelid
       WHERE c.conrelid = '${table}'::regclass AND c.contype = 'f'`,
    );
    return rows.map((r) => `${r['columns']} → ${r['parent']}(${r['parent_columns']})`).sort();
  }
  const rows: Row[] = await ds.query(`PRAGMA foreign_key_list("${table}")`);
  const byId = new Map<number, { parent: string; from: string[]; to: string[] }>();
  for (const r of rows.sort(byKey('id', 'seq'))) {
    const fk = byId.get(r['id'] as number) ?? { parent: r['table'] as string, from: [], to: [] };
    fk.from.push(r['from'] as string);
    fk.to.push(r['to'] as string);
    byId.set(r['id'] as number, fk);
  }
  return [...byId.values()].map((fk) => `${fk.from.join(',')} → ${fk.parent}(${fk.to.join(',')})`).sort();
}

async function rejects(work: Promise<unknown>): Promise<void> {
  await expect(work).rejects.toThrow();
}

describe.each(DATABASE_KINDS)('CataloguePerEpci1764220000000 on %s', (kind: DatabaseKind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    ({ db, ds } = await databaseBefore(kind, CataloguePerEpci1764220000000));
  });

  afterEach(() => closeAndDrop(db, ds));

  /** Reopens the database knowing every migration through this one, as openDatabase() does at the next start. */
  async function reopenWithAllMigrations(): Promise<void> {
    ds = await reopenThrough(db, ds, CataloguePerEpci1764220000000);
  }

  it('gives every EPCI concerned a full copy of the catalogue and its costs, and keeps the adhesions on their copy', async () => {
    await fillTheOldWay(ds);
    const before = await snapshot(ds);
    const adhesionColumns = await columnsOf(ds, 'adhesion');
    const adhesionIndexes = await indexesOf(ds, 'adhesion');
    await reopenWithAllMigrations();

    const ran = await ds.runMigrations({ transaction: 'each' });

    expect(ran.map((m) => m.name)).toEqual(['CataloguePerEpci1764220000000']);
    const after = await snapshot(ds);
    const concerned = [ALM, SAUMUR, THIRD, FOURTH];
    expect([...new Set(after.services.map((s) => s['epci_siren']))].sort()).toEqual(concerned.sort());
    for (const epci of concerned) {
      const services = after.services.filter((s) => s['epci_siren'] === epci);
      expect(services.map((s) => without(s, 'epci_siren', 'legal_basis', 'key_parameters'))).toEqual(before.services);
      for (const s of services) expect(s).toMatchObject({ legal_basis: 'mise_a_disposition', key_parameters: null });
      const costs = after.costs.filter((c) => c['epci_siren'] === epci);
      expect(costs.map((c) => without(c, 'epci_siren')).sort(byKey('service_code', 'year'))).toEqual(before.costs);
    }
    expect(after.services).toHaveLength(concerned.length * SERVICES.length);
    expect(after.costs).toHaveLength(concerned.length * COSTS.length);
    expect(after.adhesions).toEqual(before.adhesions);
    expect(after.audit).toEqual(before.audit);
    expect(after.ledger).toEqual(before.ledger);
    expect(after.documents).toEqual(before.documents);

    // The schema: keys, foreign keys, columns, indexes.
    expect(await columnsOf(ds, 'service')).toEqual(
      [...Object.keys(SERVICES[0]!), 'epci_siren', 'legal_basis', 'key_parameters'].sort(),
    );
    expect(await columnsOf(ds, 'unit_cost')).toEqual([...Object.keys(COSTS[0]!), 'epci_siren'].sort());
    expect(await columnsOf(ds, 'adhesion')).toEqual(adhesionColumns);
    expect(await indexesOf(ds, 'adhesion')).toEqual([...adhesionIndexes, 'adhesion_service'].sort());
    expect(await foreignKeysOf(ds, 'adhesion')).toEqual(
      ['commune_insee → commune(insee)', 'epci_siren → epci(siren)', 'epci_siren,service_code → service(epci_siren,code)'].sort(),
    );
    expect(await foreignKeysOf(ds, 'unit_cost')).toEqual(['epci_siren,service_code → service(epci_siren,code)']);
    expect(await foreignKeysOf(ds, 'service')).toEqual(['epci_siren → epci(siren)']);
    for (const table of ['audit_event', 'notification_ledger', 'document_audit']) {
      expect(await foreignKeysOf(ds, table)).toContain('adhesion_id → adhesion(id)');
    }
    if (kind === 'sqlite') {
      expect(await ds.query(`PRAGMA foreign_key_check`)).toEqual([]);
      expect(await ds.query(`PRAGMA foreign_keys`)).toEqual([{ foreign_keys: 1 }]);
    }

    // The foreign keys are enforced: no adhesion to a service its EPCI does not have, no orphan cost, no
    // deleting a service an adhesion uses; a second EPCI may use the same code.
    const orphan = { ...adhesion('49903', IDLE, 'ADS', 'draft') };
    await rejects(insert(ds, 'adhesion', orphan));
    await rejects(insert(ds, 'adhesion', { ...adhesion('49015', ALM, 'NOPE', 'draft') }));
    await rejects(insert(ds, 'unit_cost', { epci_siren: IDLE, service_code: 'ADS', year: 2026, unit_cost_cents: 1 }));
    await rejects(ds.query(`DELETE FROM service WHERE epci_siren = '${ALM}' AND code = 'ADS'`));
    await rejects(insert(ds, 'audit_event', { ...before.audit[0]!, id: 'a-2', adhesion_id: 'no-such-adhesion', sequence: 2 }));
    await rejects(insert(ds, 'service', { ...SERVICES[0]!, epci_siren: ALM, code: 'X', legal_basis: 'groupement' }));
    await rejects(insert(ds, 'service', { ...SERVICES[0]!, epci_siren: ALM, code: 'X', key_basis: 'weird' }));
    await insert(ds, 'service', { ...SERVICES[0]!, epci_siren: IDLE });
    await insert(ds, 'adhesion', orphan);
    expect(await ds.query(`SELECT COUNT(*) AS n FROM service WHERE code = 'ADS'`)).toEqual([{ n: kind === 'postgres' ? '5' : 5 }]);
  });

  it('matches the entities: a service of each legal basis with a fixed key, and a cost beyond 2³¹, round-trip', async () => {
    await fillTheOldWay(ds);
    await reopenWithAllMigrations();
    await ds.runMigrations({ transaction: 'each' });
    // The entities are today's: the migrations after this one add their columns (e.g. service.settlement).
    ds = await reopen(db, ds, MIGRATIONS);
    await ds.runMigrations({ transaction: 'each' });

    const drh: ServiceEntity = {
      epciSiren: IDLE,
      code: 'DRH',
      name: 'Direction des ressources humaines commune',
      pole: 'ressources-humaines',
      description: 'Une direction commune.',
      legalBasis: 'service_commun',
      unitCode: 'AGENT',
      unitLabel: 'agent',
      unitLabelPlural: 'agents',
      options: [{ code: 'TOUT', label: 'Toute la fonction' }],
      actWeights: null,
      noticePeriodMonths: 12,
      renewalWindowDays: 90,
      reminderOffsets: [90, 30],
      costModel: 'keys',
      keyBasis: 'fixed',
      keyParameters: { '49903': '60' },
      settlement: 'compensation',
      processesPersonalData: true,
    };
    await ds.manager.insert(ServiceEntity, drh);
    await ds.manager.insert(ServiceEntity, { ...drh, code: 'UNIFIE', legalBasis: 'service_unifie', keyBasis: 'mixed', keyParameters: { population: '0.5', forecastUnits: '0.5' } });
    await ds.manager.insert(UnitCostEntity, { epciSiren: IDLE, serviceCode: 'DRH', year: 2026, unitCostCents: null, totalCostCents: 480_000_000_000, notifiedAt: null, notifiedBy: null });

    expect(await ds.manager.findOneByOrFail(ServiceEntity, { epciSiren: IDLE, code: 'DRH' })).toEqual({ ...drh });
    expect(await ds.manager.findOneByOrFail(ServiceEntity, { epciSiren: IDLE, code: 'UNIFIE' })).toMatchObject({ legalBasis: 'service_unifie', keyBasis: 'mixed' });
    expect(await ds.manager.findOneByOrFail(UnitCostEntity, { epciSiren: IDLE, serviceCode: 'DRH', year: 2026 })).toMatchObject({ totalCostCents: 480_000_000_000 });
    // A service inserted without a legal basis or a settlement takes the columns' defaults.
    await insert(ds, 'service', { ...SERVICES[1]!, epci_siren: IDLE });
    expect(await ds.manager.findOneByOrFail(ServiceEntity, { epciSiren: IDLE, code: 'ACHATS' })).toMatchObject({
      legalBasis: 'mise_a_disposition',
      keyParameters: null,
      settlement: 'revenue_title',
    });
    // What TypeORM would change to make the database match the entities (PostgreSQL, which it diffs column by
    // column; on SQLite it rebuilds any table whose foreign keys it does not know): for these tables, only the
    // foreign keys, which the entities leave to the migrations, as every entity of the project does.
    if (kind === 'postgres') {
      const sync = await ds.driver.createSchemaBuilder().log();
      const touching = sync.upQueries.map((u) => u.query).filter((sql) => /"(service|unit_cost)"|adhesion_service/.test(sql));
      expect(touching.sort()).toEqual(
        [
          'ALTER TABLE "adhesion" DROP CONSTRAINT "adhesion_service_fkey"',
          'ALTER TABLE "service" DROP CONSTRAINT "service_epci_siren_fkey"',
          'ALTER TABLE "unit_cost" DROP CONSTRAINT "unit_cost_service_fkey"',
        ].sort(),
      );
    }
  });

  it('copies the catalogue to every EPCI of the table when no EPCI is concerned yet (nothing lost)', async () => {
    await fillTheOldWay(ds, { users: false, adhesions: false });
    await reopenWithAllMigrations();

    await ds.runMigrations({ transaction: 'each' });

    const { services, costs } = await snapshot(ds);
    expect([...new Set(services.map((s) => s['epci_siren']))].sort()).toEqual([ALM, SAUMUR, THIRD, FOURTH, IDLE].sort());
    expect(services).toHaveLength(5 * SERVICES.length);
    expect(costs).toHaveLength(5 * COSTS.length);
  });

  it('migrates an empty installation', async () => {
    await reopenWithAllMigrations();
    await ds.runMigrations({ transaction: 'each' });

    expect(await ds.query(`SELECT * FROM service`)).toEqual([]);
    expect(await migrationsRun(ds)).toContain('CataloguePerEpci1764220000000');
  });

  it('rolls everything back, schema included, when a reference would dangle', async () => {
    await fillTheOldWay(ds);
    // An adhesion whose EPCI is not in the epci table: only reachable with the foreign keys off.
    const broken = adhesion('49903', '999999999', 'ADS', 'draft');
    if (kind === 'sqlite') {
      await ds.query(`PRAGMA foreign_keys = OFF`);
      await insert(ds, 'adhesion', broken);
      await ds.query(`PRAGMA foreign_keys = ON`);
    } else {
      const runner = ds.createQueryRunner();
      await runner.query(`SET session_replication_role = replica`);
      await runner.query(`INSERT INTO adhesion (${Object.keys(broken).join(', ')}) VALUES (${Object.keys(broken).map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(broken));
      await runner.query(`SET session_replication_role = DEFAULT`);
      await runner.release();
    }
    const before = await snapshot(ds);
    await reopenWithAllMigrations();

    await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(kind === 'sqlite' ? /dangling reference/ : /foreign key/);

    expect(await snapshot(ds)).toEqual(before);
    expect(await columnsOf(ds, 'service')).not.toContain('epci_siren');
    expect(await migrationsRun(ds)).not.toContain('CataloguePerEpci1764220000000');
    const tables: Row[] =
      kind === 'sqlite'
        ? await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
        : await ds.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.map((t) => t['name'])).not.toEqual(expect.arrayContaining(['service_global']));
    expect(tables.map((t) => t['name'])).not.toContain('migration_catalogue_epci');
  });

  it('down() restores the global catalogue, its costs and the old foreign key; up() runs again', async () => {
    await fillTheOldWay(ds);
    const before = await snapshot(ds);
    const fks = await foreignKeysOf(ds, 'adhesion');
    const indexes = await indexesOf(ds, 'adhesion');
    await reopenWithAllMigrations();
    await ds.runMigrations({ transaction: 'each' });

    // SQLite: TypeORM opens the revert's transaction before it turns the foreign keys off, so the revert runs
    // with transaction 'none' and the migration manages both.
    await ds.undoLastMigration({ transaction: kind === 'sqlite' ? 'none' : 'all' });

    expect(await snapshot(ds)).toEqual(before);
    expect(await foreignKeysOf(ds, 'adhesion')).toEqual(fks);
    expect(await indexesOf(ds, 'adhesion')).toEqual(indexes);
    expect(await foreignKeysOf(ds, 'unit_cost')).toEqual(['service_code → service(code)']);
    expect(await migrationsRun(ds)).not.toContain('CataloguePerEpci1764220000000');
    if (kind === 'sqlite') {
      expect(await ds.query(`PRAGMA foreign_key_check`)).toEqual([]);
      expect(await ds.query(`PRAGMA foreign_keys`)).toEqual([{ foreign_keys: 1 }]);
    }

    await ds.runMigrations({ transaction: 'each' });
    expect((await snapshot(ds)).services).toHaveLength(4 * SERVICES.length);
  });

  it('down() refuses, changing nothing, when two EPCIs decided differently', async () => {
    await fillTheOldWay(ds);
    await reopenWithAllMigrations();
    await ds.runMigrations({ transaction: 'each' });
    await ds.query(`UPDATE unit_cost SET unit_cost_cents = 19000 WHERE epci_siren = '${SAUMUR}' AND service_code = 'ADS' AND year = 2026`);
    await ds.query(`UPDATE service SET legal_basis = 'service_commun' WHERE epci_siren = '${ALM}' AND code = 'ADS'`);
    const before = await snapshot(ds);

    const failure = await ds.undoLastMigration({ transaction: kind === 'sqlite' ? 'none' : 'all' }).then(
      () => null,
      (error: Error) => error,
    );

    expect(failure?.message).toMatch(/cannot be reverted without losing what EPCIs decided \(2\)/);
    expect(failure?.message).toContain(`${ALM}/ADS: legal basis service_commun`);
    expect(failure?.message).toMatch(new RegExp(`ADS 2026: unit costs of \\d{9} and ${SAUMUR} differ`));
    expect(await snapshot(ds)).toEqual(before);
    expect(await migrationsRun(ds)).toContain('CataloguePerEpci1764220000000');
    expect(await foreignKeysOf(ds, 'adhesion')).toContain('epci_siren,service_code → service(epci_siren,code)');
  });

  if (kind === 'sqlite') {
    it('runs with transaction "none" too, turning the foreign keys off and back on itself', async () => {
      await fillTheOldWay(ds);
      const before = await snapshot(ds);
      await reopenWithAllMigrations();

      await ds.runMigrations({ transaction: 'none' });

      const after = await snapshot(ds);
      expect(after.services).toHaveLength(4 * SERVICES.length);
      expect(after.adhesions).toEqual(before.adhesions);
      expect(await ds.query(`PRAGMA foreign_key_check`)).toEqual([]);
      expect(await ds.query(`PRAGMA foreign_keys`)).toEqual([{ foreign_keys: 1 }]);
    });

    it('says how to revert when the foreign keys cannot be turned off (a transaction already open)', async () => {
      await fillTheOldWay(ds);
      await reopenWithAllMigrations();
      await ds.runMigrations({ transaction: 'each' });
      const before = await snapshot(ds);

      await expect(ds.undoLastMigration()).rejects.toThrow(/transaction: 'none'/);

      expect(await snapshot(ds)).toEqual(before);
      expect(await migrationsRun(ds)).toContain('CataloguePerEpci1764220000000');
    });
  }
});
