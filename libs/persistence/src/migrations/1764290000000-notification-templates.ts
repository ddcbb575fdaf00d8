import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The EPCIs' own notification templates: one row per (epci_siren, kind) that the EPCI's DGS rewrote, with the
 * version of its compare-and-swap. No row: the product's default wording (libs/application's
 * notifications/message-templates.ts). Plain SQL that both databases accept.
 */
export class NotificationTemplates1764290000000 implements MigrationInterface {
  name = 'NotificationTemplates1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notification_template (
      epci_siren varchar(9) NOT NULL REFERENCES epci(siren),
      kind varchar(40) NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      version integer NOT NULL,
      updated_by varchar(36),
      updated_at varchar(30) NOT NULL,
      PRIMARY KEY (epci_siren, kind)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_template`);
  }
}
