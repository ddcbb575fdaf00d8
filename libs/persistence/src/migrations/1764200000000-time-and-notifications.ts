import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Time and notifications: the anniversary the renewal reminders count down to, the ledger as the
 * outbox of notifications (status, recipient, attempts), the in-app notifications, calendar tokens.
 */
export class TimeAndNotifications1764200000000 implements MigrationInterface {
  name = 'TimeAndNotifications1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE adhesion ADD COLUMN anniversary_on varchar(10)`);
    await q.query(`CREATE INDEX adhesion_anniversary ON adhesion (anniversary_on)`);
    await q.query(`ALTER TABLE notification_ledger ADD COLUMN recipient varchar(10) NOT NULL DEFAULT 'commune'`);
    await q.query(`ALTER TABLE notification_ledger ADD COLUMN status varchar(12) NOT NULL DEFAULT 'pending'`);
    await q.query(`ALTER TABLE notification_ledger ADD COLUMN due_at varchar(30)`);
    await q.query(`ALTER TABLE notification_ledger ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE notification_ledger ADD COLUMN last_error text`);
    await q.query(`ALTER TABLE notification_ledger ADD COLUMN payload text NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX notification_ledger_status ON notification_ledger (status, created_at)`);
    // Notices to an EPCI as a whole (the yearly unit-cost deadline): once per EPCI, year, kind and offset.
    await q.query(`CREATE UNIQUE INDEX notification_epci_once ON notification_ledger (epci_siren, cycle, kind, offset_days)`);
    await q.query(`CREATE TABLE notification (
      id varchar(36) PRIMARY KEY,
      ledger_id varchar(36) NOT NULL REFERENCES notification_ledger(id),
      user_id varchar(36) NOT NULL REFERENCES app_user(id),
      adhesion_id varchar(36),
      kind varchar(60) NOT NULL,
      title varchar(300) NOT NULL,
      body text NOT NULL,
      link varchar(500),
      created_at varchar(30) NOT NULL,
      read_at varchar(30)
    )`);
    await q.query(`CREATE UNIQUE INDEX notification_per_user ON notification (ledger_id, user_id)`);
    await q.query(`CREATE INDEX notification_inbox ON notification (user_id, created_at)`);
    await q.query(`ALTER TABLE app_user ADD COLUMN calendar_token varchar(64)`);
    await q.query(`CREATE UNIQUE INDEX app_user_calendar_token ON app_user (calendar_token)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_calendar_token`);
    await q.query(`ALTER TABLE app_user DROP COLUMN calendar_token`);
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP INDEX notification_epci_once`);
    await q.query(`DROP INDEX notification_ledger_status`);
    for (const column of ['payload', 'last_error', 'attempts', 'due_at', 'status', 'recipient']) {
      await q.query(`ALTER TABLE notification_ledger DROP COLUMN ${column}`);
    }
    await q.query(`DROP INDEX adhesion_anniversary`);
    await q.query(`ALTER TABLE adhesion DROP COLUMN anniversary_on`);
  }
}
