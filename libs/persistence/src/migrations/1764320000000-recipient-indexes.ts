import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The recipients of a message are the users of a commune or of an EPCI: two indexes, so that each lookup of the
 * dispatcher is an index scan, not a scan of every user of France (36,127 in the bench: 3.35 ms → 0.03 ms a
 * lookup; docs/PERFORMANCE.md, P6).
 */
export class RecipientIndexes1764320000000 implements MigrationInterface {
  name = 'RecipientIndexes1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX app_user_commune ON app_user (commune_insee)`);
    await q.query(`CREATE INDEX app_user_epci ON app_user (epci_siren)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_epci`);
    await q.query(`DROP INDEX app_user_commune`);
  }
}
