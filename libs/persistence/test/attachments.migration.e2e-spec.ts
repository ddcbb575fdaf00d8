// The attachments' tables (1764280000000) and the default AttachmentStorage that keeps the bytes in them, on both
// databases: the migration runs on a database holding an adhesion, the bytes come back the same (every byte value),
// the record and its bytes are written together or not at all, and down() removes both tables.
import { createHash } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { type AttachmentRecord } from '../../application/src/ports/attachments.js';
import { DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { Attachments1764280000000 } from '../src/migrations/1764280000000-attachments.js';
import { DatabaseAttachmentStorage } from '../src/database-attachment-storage.js';
import { UnitOfWork } from '../src/unit-of-work.js';
import { activeAdhesionRow, closeAndDrop, databaseFilledBefore, insert, insertEpci, migrationsRun } from './support/migration-database.js';

const EPCI = '200000001';
const ADHESION = '00000000-0000-4000-8000-000000000001';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function anAdhesion(ds: DataSource): Promise<void> {
  await insertEpci(ds, { siren: EPCI, name: 'CA du Bassin A', nature: 'CA' }, { communes: [{ insee: '01001', name: 'Ambérieu' }] });
  await insert(ds, 'adhesion', activeAdhesionRow({ id: ADHESION, commune_insee: '01001', epci_siren: EPCI, service_code: 'ADS' }));
}

function aRecord(overrides: Partial<AttachmentRecord> = {}): AttachmentRecord {
  return {
    id: '00000000-0000-4000-8000-0000000000a1',
    adhesionId: ADHESION,
    kind: 'deliberation',
    step: 'active',
    fileName: 'Délibération n°41.pdf',
    mediaType: 'application/pdf',
    byteSize: 256,
    sha256: 'x'.repeat(64),
    deliberation: { party: 'epci', number: 'DEL-2026-117', date: '2026-01-05', transmittedOn: '2026-01-07' },
    uploadedBy: 'u-dgs',
    uploaderRole: 'dgs',
    uploadedAt: '2026-01-08T10:00:00.000Z',
    ...overrides,
  };
}

describe.each(DATABASE_KINDS)('Attachments1764280000000 and DatabaseAttachmentStorage on %s', (kind: DatabaseKind) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeEach(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, Attachments1764280000000, anAdhesion));
  });

  afterEach(() => closeAndDrop(db, ds));

  it('stores every byte value and gives back the same bytes, and the records in order', async () => {
    expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(1);
    const storage = new DatabaseAttachmentStorage(new UnitOfWork(ds));
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const first = aRecord({ sha256: sha256(bytes) });
    const second = aRecord({ id: '00000000-0000-4000-8000-0000000000a2', kind: 'cst_minutes', deliberation: null, mediaType: 'image/png', uploadedAt: '2026-01-09T10:00:00.000Z' });
    await storage.save(second, Buffer.from('second'));
    await storage.save(first, bytes);

    expect(await storage.list(ADHESION)).toEqual([first, second]);
    expect(await storage.get(ADHESION, first.id)).toEqual(first);
    expect(await storage.get('another-adhesion', first.id)).toBeNull();
    const back = await storage.content(first.id);
    expect(Buffer.isBuffer(back)).toBe(true);
    expect(sha256(back!)).toBe(sha256(bytes));
    expect(await storage.content('none')).toBeNull();
  });

  it('writes the record and its bytes together: when the bytes fail, the record is not kept', async () => {
    await ds.runMigrations({ transaction: 'each' });
    const storage = new DatabaseAttachmentStorage(new UnitOfWork(ds));
    await expect(storage.save(aRecord(), null as unknown as Buffer)).rejects.toThrow();
    expect(await storage.list(ADHESION)).toEqual([]);
    // A file of no adhesion is refused by the foreign key.
    await expect(storage.save(aRecord({ adhesionId: '00000000-0000-4000-8000-000000000099' }), Buffer.from('x'))).rejects.toThrow();
  });

  it('down() drops both tables, and up() makes them again', async () => {
    await ds.runMigrations({ transaction: 'each' });
    await ds.undoLastMigration({ transaction: 'all' });
    expect(await migrationsRun(ds)).not.toContain('Attachments1764280000000');
    await expect(ds.query('SELECT id FROM attachment')).rejects.toThrow();
    await expect(ds.query('SELECT attachment_id FROM attachment_content')).rejects.toThrow();
    await ds.runMigrations({ transaction: 'each' });
    await new DatabaseAttachmentStorage(new UnitOfWork(ds)).save(aRecord(), Buffer.from('%PDF-'));
    expect(await new DatabaseAttachmentStorage(new UnitOfWork(ds)).list(ADHESION)).toHaveLength(1);
  });
});
