// The migration that gives the communes a French sort key (1764310000000), on both databases: the communes already
// there get their key, a page of communes sorted by it is in French order (Béhuard before Briollay, Écouflant among
// the E), where their names in byte order put Écouflant after Vern-d’Anjou; down() drops the column.
import { type DataSource } from 'typeorm';
import { compareFr } from '#domain';
import { DATABASE_KINDS, type TestDatabase } from '../../../test/support/databases.js';
import { CommuneNameSort1764310000000 } from '../src/migrations/1764310000000-commune-name-sort.js';
import { closeAndDrop, databaseFilledBefore, insertEpci } from './support/migration-database.js';

const NAMES = ['Vern-d’Anjou', 'Briollay', 'Écouflant', 'Angers', 'Béhuard', 'Ecuillé', 'Œuilly', 'Avrillé', 'Les Ponts-de-Cé', 'bouchemaine'];

describe.each(DATABASE_KINDS)('CommuneNameSort1764310000000 on %s', (kind) => {
  let db: TestDatabase;
  let ds: DataSource | undefined;

  beforeAll(async () => {
    ({ db, ds } = await databaseFilledBefore(kind, CommuneNameSort1764310000000, (before) =>
      insertEpci(before, { siren: '200000001', name: 'CC Test' }, { communes: NAMES.map((name, i) => ({ insee: `490${String(10 + i)}`, name })), services: [] }),
    ));
  });
  afterAll(() => closeAndDrop(db, ds));

  it('fills the key of the communes already there, whose order is then French order, and down() drops it', async () => {
    const byName = (await ds!.query(`SELECT name FROM commune ORDER BY name, insee`)).map((r: { name: string }) => r.name);
    // Byte order: accented and lower-case initials after « Z ».
    expect(byName.indexOf('Écouflant')).toBeGreaterThan(byName.indexOf('Vern-d’Anjou'));

    await ds!.runMigrations({ transaction: 'each' });
    const rows: Array<{ name: string; name_sort: string }> = await ds!.query(`SELECT name, name_sort FROM commune ORDER BY name_sort, insee`);
    const french = [...NAMES].sort(compareFr);
    expect(rows.map((r) => r.name)).toEqual(french);
    expect(french.indexOf('Béhuard')).toBeLessThan(french.indexOf('Briollay'));
    expect(french.slice(french.indexOf('Ecuillé') - 1, french.indexOf('Ecuillé') + 1)).toEqual(['Écouflant', 'Ecuillé']);
    expect(rows.find((r) => r.name === 'Écouflant')?.name_sort).toBe('ecouflant');
    expect(rows.find((r) => r.name === 'Œuilly')?.name_sort).toBe('oeuilly');

    await ds!.undoLastMigration({ transaction: 'each' });
    const columns = (await ds!.query(kind === 'postgres' ? `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'commune'` : `PRAGMA table_info(commune)`)).map(
      (c: { name: string }) => c.name,
    );
    expect(columns).not.toContain('name_sort');
    expect(await ds!.query(`SELECT COUNT(*) AS n FROM commune`)).toEqual([{ n: kind === 'postgres' ? String(NAMES.length) : NAMES.length }]);
  });
});
