import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { frenchSortKey } from '#domain';

const BATCH = 500;

/**
 * The communes are listed a page at a time in the order of their names, and the database sorts them by bytes:
 * « Écouflant » after « Vern-d’Anjou ». `name_sort` holds the name with accents folded and in lower case
 * (frenchSortKey), compared byte by byte on both databases (COLLATE "C" on PostgreSQL, whose default collation
 * depends on the server's locale; BINARY on SQLite), so that its order is French order. The import writes it with
 * the name; this fills it for the communes already there.
 */
export class CommuneNameSort1764310000000 implements MigrationInterface {
  name = 'CommuneNameSort1764310000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.query(`ALTER TABLE commune ADD COLUMN name_sort varchar(200)${postgres ? ' COLLATE "C"' : ''} NOT NULL DEFAULT ''`);
    const rows: Array<{ insee: string; name: string }> = await q.query(`SELECT insee, name FROM commune ORDER BY insee`);
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const params: string[] = [];
      const p = (value: string) => {
        params.push(value);
        return postgres ? `$${params.length}` : '?';
      };
      const cases = batch.map((r) => `WHEN ${p(r.insee)} THEN ${p(frenchSortKey(r.name))}`).join(' ');
      const keys = batch.map((r) => p(r.insee)).join(', ');
      await q.query(`UPDATE commune SET name_sort = CASE insee ${cases} END WHERE insee IN (${keys})`, params);
    }
    await q.query(`CREATE INDEX commune_name_sort ON commune (name_sort, insee)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX commune_name_sort`);
    await q.query(`ALTER TABLE commune DROP COLUMN name_sort`);
  }
}
