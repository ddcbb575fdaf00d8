import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * « Renouveler la convention »: a successor adhesion names the one it renews (`renews`), so that the two link to
 * each other. While its predecessor is live, a successor holds the live key `<insee>:<service>:renewal` (unique
 * like any live key: one successor at a time); it takes the plain key when the predecessor ends. No existing
 * row changes: none renews another yet.
 */
export class RenewalLink1764270000000 implements MigrationInterface {
  name = 'RenewalLink1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE adhesion ADD COLUMN renews varchar(36) NULL`);
    await q.query(`CREATE INDEX adhesion_renews ON adhesion (renews)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // A successor still beside its predecessor would become a second live adhesion of the pair: refuse.
    const [{ count }] = (await q.query(
      `SELECT COUNT(*) AS count FROM adhesion WHERE renews IS NOT NULL AND live_key IS NOT NULL AND live_key LIKE '%:renewal'`,
    )) as Array<{ count: number | string }>;
    if (Number(count) > 0) {
      throw new Error(`RenewalLink1764270000000: ${count} renewal(s) still beside a live convention; finish or withdraw them before reverting`);
    }
    await q.query(`DROP INDEX adhesion_renews`);
    await q.query(`ALTER TABLE adhesion DROP COLUMN renews`);
  }
}
