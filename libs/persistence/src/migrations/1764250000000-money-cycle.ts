import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The money of each year (CGCT D5211-16): how a service is settled, who notified a year's unit cost, the units
 * each commune used per period and the trail of their changes. Plain SQL that both databases accept.
 *
 * - `service.settlement`: `revenue_title` (a title of revenue issued by the EPCI, the default, what every
 *   existing service did) or `compensation` (a charge against the attribution de compensation: a service commun,
 *   L5211-4-2, the application checks it);
 * - `unit_cost.notified_by`: the user who notified the year's cost (NULL: set, not notified; or notified
 *   before this migration);
 * - `usage_record`: the units of one adhesion in one period of a year (a quarter, a half or the year), unique
 *   per (adhesion_id, year, period), with the ADS act counts (JSON) the units were weighed from, the version
 *   of its compare-and-swap and the secretary's contest (comment, by, at: all three or none);
 * - `usage_audit`: every change of a usage record, as it was after the change. Append-only.
 */
export class MoneyCycle1764250000000 implements MigrationInterface {
  name = 'MoneyCycle1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE service ADD COLUMN settlement varchar(20) NOT NULL DEFAULT 'revenue_title'
         CONSTRAINT service_settlement_check CHECK (settlement IN ('revenue_title', 'compensation'))`,
    );
    await q.query(`ALTER TABLE unit_cost ADD COLUMN notified_by varchar(36)`);
    await q.query(`CREATE TABLE usage_record (
      id varchar(36) PRIMARY KEY,
      adhesion_id varchar(36) NOT NULL REFERENCES adhesion(id),
      epci_siren varchar(9) NOT NULL,
      commune_insee varchar(5) NOT NULL,
      service_code varchar(40) NOT NULL,
      year integer NOT NULL,
      period integer NOT NULL,
      act_counts text,
      units varchar(30) NOT NULL,
      recorded_by varchar(36) NOT NULL,
      recorded_at varchar(30) NOT NULL,
      version integer NOT NULL,
      contest_comment text,
      contested_by varchar(36),
      contested_at varchar(30)
    )`);
    await q.query(`CREATE UNIQUE INDEX usage_record_period ON usage_record (adhesion_id, year, period)`);
    await q.query(`CREATE INDEX usage_record_epci_year ON usage_record (epci_siren, year)`);
    await q.query(`CREATE TABLE usage_audit (
      id varchar(36) PRIMARY KEY,
      usage_id varchar(36) NOT NULL REFERENCES usage_record(id),
      adhesion_id varchar(36) NOT NULL REFERENCES adhesion(id),
      action varchar(20) NOT NULL,
      year integer NOT NULL,
      period integer NOT NULL,
      units varchar(30) NOT NULL,
      act_counts text,
      comment text,
      actor_id varchar(36) NOT NULL,
      role varchar(20) NOT NULL,
      at varchar(30) NOT NULL
    )`);
    await q.query(`CREATE INDEX usage_audit_adhesion ON usage_audit (adhesion_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage_audit_adhesion`);
    await q.query(`DROP TABLE usage_audit`);
    await q.query(`DROP INDEX usage_record_epci_year`);
    await q.query(`DROP INDEX usage_record_period`);
    await q.query(`DROP TABLE usage_record`);
    await q.query(`ALTER TABLE unit_cost DROP COLUMN notified_by`);
    await q.query(`ALTER TABLE service DROP COLUMN settlement`);
  }
}
