// The migration that indexes the users of a commune and of an EPCI (1764320000000), on both databases: after it,
// the dispatcher's recipient lookups are answered through the indexes (the planner says so, with sequential scans
// discouraged on PostgreSQL, whose planner prefers them on a table this small); down() drops them.
import { type DataSource } from 'typeorm';
import { DATABASE_KINDS, type TestDatabase } from '../../../test/support/databases.js';
import { RecipientIndexes1764320000000 } from '../src/migrations/1764320000000-recipient-indexes.js';
import { closeAndDrop, databaseFilledBefore, insert, insertEpci } from './support/migration-database.js';

async function plan(ds: DataSource, where: string): Promise<string> {
  if (ds.options.type === 'postgres') {
    return ds.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const rows: Array<{ 'QUERY PLAN': string }> = await m.query(`EXPLAIN SELECT id, email FROM app_user WHERE ${where}`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }
  const rows: Array<{ detail: string }> = await ds.query(`EXPLAIN QUERY PLAN SELECT id, email FROM app_user WHERE ${where}`);
  return rows.map((r) => r.detail).join('\n');
}

describe.each(DATABASE_KINDS)('RecipientIndexes1764320000000 on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource | undefined;

  beforeAll(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, RecipientIndexes1764320000000, async (before) => {
      await insertEpci(before, { siren: '200000001', name: 'CC Test' }, { communes: [{ insee: '01001', name: 'Ambérieu' }], services: [] });
      await insert(before, 'app_user', {
        id: 'u-1',
        email: 'secretaire@ambérieu.test',
        display_name: 'Secrétaire',
        password_hash: 'x',
        role: 'secretary',
        commune_insee: '01001',
        epci_siren: null,
        pole: null,
        created_at: '2026-01-01T00:00:00.000Z',
      });
    }));
  });
  afterAll(() => closeAndDrop(db, ds));

  it('answers the lookups by commune and by EPCI through their indexes, and down() drops them', async () => {
    expect(await plan(ds!, `commune_insee = '01001'`)).not.toMatch(/app_user_commune/);
    await ds!.runMigrations({ transaction: 'each' });
    expect(await plan(ds!, `commune_insee = '01001'`)).toMatch(/app_user_commune/);
    expect(await plan(ds!, `epci_siren = '200000001'`)).toMatch(/app_user_epci/);

    await ds!.undoLastMigration({ transaction: 'each' });
    expect(await plan(ds!, `commune_insee = '01001'`)).not.toMatch(/app_user_commune/);
    expect(await ds!.query(`SELECT email FROM app_user`)).toEqual([{ email: 'secretaire@ambérieu.test' }]);
  });
});
