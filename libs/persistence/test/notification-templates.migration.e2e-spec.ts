// The migration that adds the EPCIs' own notification templates (1764290000000), on both databases: an EPCI of
// before the migration keeps the product's wording (no row), its DGS's template is stored once per (EPCI, kind)
// and changed only by a compare-and-swap, and down() removes the table.
import { type DataSource } from 'typeorm';
import { StaleVersion } from '#workflow';
import { UniqueViolation } from '../../application/src/ports/repositories.js';
import { DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { NotificationTemplates1764290000000 } from '../src/migrations/1764290000000-notification-templates.js';
import { TypeOrmUnitOfWork } from '../src/typeorm-unit-of-work.js';
import { closeAndDrop, databaseFilledBefore, insert, migrationsRun } from './support/migration-database.js';

const EPCI_A = '200000001';
const EPCI_B = '200000002';
const row = (epciSiren: string, version = 1) => ({
  epciSiren,
  kind: 'turn_to_act',
  subject: 'À vous : {{service}}',
  body: 'Le dossier {{de_commune}} attend.',
  version,
  updatedBy: null,
  updatedAt: '2026-01-05T09:00:00.000Z',
});

describe.each(DATABASE_KINDS)('NotificationTemplates1764290000000 on %s', (kind: DatabaseKind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, NotificationTemplates1764290000000, async (old) => {
      await insert(old, 'epci', { siren: EPCI_A, name: 'CC A', nature: 'CC' });
      await insert(old, 'epci', { siren: EPCI_B, name: 'CC B', nature: 'CC' });
    }));
    await ds.runMigrations({ transaction: 'each' });
  });

  afterEach(() => closeAndDrop(db, ds));

  it('starts with no EPCI’s own template, stores one per EPCI and kind, and changes it by compare-and-swap only', async () => {
    expect(await migrationsRun(ds)).toContain('NotificationTemplates1764290000000');
    const uow = new TypeOrmUnitOfWork(ds);
    expect(await uow.read((r) => r.notificationTemplates.ofEpci(EPCI_A))).toEqual([]);

    await uow.write((r) => r.notificationTemplates.insert(row(EPCI_A)));
    await uow.write((r) => r.notificationTemplates.insert(row(EPCI_B)));
    await expect(uow.write((r) => r.notificationTemplates.insert(row(EPCI_A)))).rejects.toThrow(UniqueViolation);

    await uow.write((r) => r.notificationTemplates.compareAndSwap({ ...row(EPCI_A), subject: 'Nouveau' }, 1));
    await expect(uow.write((r) => r.notificationTemplates.compareAndSwap({ ...row(EPCI_A), subject: 'Perdu' }, 1))).rejects.toThrow(StaleVersion);
    expect(await uow.read((r) => r.notificationTemplates.get(EPCI_A, 'turn_to_act'))).toMatchObject({ subject: 'Nouveau', version: 2 });
    expect(await uow.read((r) => r.notificationTemplates.get(EPCI_B, 'turn_to_act'))).toMatchObject({ subject: 'À vous : {{service}}', version: 1 });

    await expect(uow.write((r) => r.notificationTemplates.remove(EPCI_A, 'turn_to_act', 1))).rejects.toThrow(StaleVersion);
    await uow.write((r) => r.notificationTemplates.remove(EPCI_A, 'turn_to_act', 2));
    expect(await uow.read((r) => r.notificationTemplates.get(EPCI_A, 'turn_to_act'))).toBeNull();
  });

  it('refuses a template of an EPCI that does not exist, and down() drops the table', async () => {
    const uow = new TypeOrmUnitOfWork(ds);
    await expect(uow.write((r) => r.notificationTemplates.insert(row('999999999')))).rejects.toThrow();
    await ds.undoLastMigration({ transaction: 'each' });
    await expect(ds.query('SELECT 1 FROM notification_template')).rejects.toThrow();
  });
});
