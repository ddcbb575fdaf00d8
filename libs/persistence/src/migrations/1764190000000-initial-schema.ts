import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The initial schema, in SQL that SQLite and PostgreSQL both accept (varchar, integer, bigint, text),
 * so that one migration serves both databases. Instants are ISO-8601 UTC text, see adhesion.entity.ts.
 */
export class InitialSchema1764190000000 implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE epci (
      siren varchar(9) PRIMARY KEY,
      name varchar(200) NOT NULL,
      nature varchar(20) NOT NULL
    )`);
    await q.query(`CREATE TABLE commune (
      insee varchar(5) PRIMARY KEY,
      siren varchar(9),
      name varchar(200) NOT NULL,
      population integer,
      epci_siren varchar(9) REFERENCES epci(siren)
    )`);
    await q.query(`CREATE INDEX commune_epci ON commune (epci_siren)`);
    await q.query(`CREATE TABLE service (
      code varchar(40) PRIMARY KEY,
      name varchar(200) NOT NULL,
      pole varchar(60) NOT NULL,
      description text NOT NULL DEFAULT '',
      unit_code varchar(40) NOT NULL,
      unit_label varchar(120) NOT NULL,
      unit_label_plural varchar(120) NOT NULL,
      options text NOT NULL,
      act_weights text,
      notice_period_months integer NOT NULL DEFAULT 6,
      renewal_window_days integer NOT NULL DEFAULT 90,
      reminder_offsets text NOT NULL,
      cost_model varchar(10) NOT NULL DEFAULT 'unit',
      key_basis varchar(20)
    )`);
    await q.query(`CREATE TABLE unit_cost (
      service_code varchar(40) NOT NULL REFERENCES service(code),
      year integer NOT NULL,
      unit_cost_cents integer,
      total_cost_cents bigint,
      notified_at varchar(30),
      PRIMARY KEY (service_code, year)
    )`);
    await q.query(`CREATE TABLE app_user (
      id varchar(36) PRIMARY KEY,
      email varchar(254) NOT NULL UNIQUE,
      display_name varchar(200) NOT NULL,
      password_hash varchar(255) NOT NULL,
      role varchar(20) NOT NULL,
      commune_insee varchar(5) REFERENCES commune(insee),
      epci_siren varchar(9) REFERENCES epci(siren),
      pole varchar(60),
      created_at varchar(30) NOT NULL
    )`);
    await q.query(`CREATE TABLE adhesion (
      id varchar(36) PRIMARY KEY,
      commune_insee varchar(5) NOT NULL REFERENCES commune(insee),
      epci_siren varchar(9) NOT NULL REFERENCES epci(siren),
      service_code varchar(40) NOT NULL REFERENCES service(code),
      live_key varchar(60) UNIQUE,
      options text NOT NULL,
      forecast_units varchar(20) NOT NULL,
      state varchar(20) NOT NULL,
      state_detail varchar(200) NOT NULL,
      snapshot text NOT NULL,
      machine_version integer NOT NULL,
      version integer NOT NULL,
      next_deadline_at varchar(30),
      next_deadline_kind varchar(40),
      next_deadline_cycle integer,
      start_date varchar(10),
      contract_year integer NOT NULL DEFAULT 0,
      created_by varchar(36) NOT NULL,
      created_at varchar(30) NOT NULL,
      updated_at varchar(30) NOT NULL
    )`);
    await q.query(`CREATE INDEX adhesion_deadline ON adhesion (next_deadline_at)`);
    await q.query(`CREATE INDEX adhesion_epci_state ON adhesion (epci_siren, state)`);
    await q.query(`CREATE INDEX adhesion_commune ON adhesion (commune_insee)`);
    await q.query(`CREATE TABLE audit_event (
      id varchar(36) PRIMARY KEY,
      adhesion_id varchar(36) NOT NULL REFERENCES adhesion(id),
      sequence integer NOT NULL,
      event varchar(40) NOT NULL,
      payload text NOT NULL,
      actor_id varchar(36),
      role varchar(20) NOT NULL,
      from_state varchar(200),
      to_state varchar(200) NOT NULL,
      at varchar(30) NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX audit_adhesion_seq ON audit_event (adhesion_id, sequence)`);
    await q.query(`CREATE TABLE outbox (
      id varchar(36) PRIMARY KEY,
      adhesion_id varchar(36),
      kind varchar(60) NOT NULL,
      payload text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at varchar(30) NOT NULL,
      processed_at varchar(30)
    )`);
    await q.query(`CREATE INDEX outbox_pending ON outbox (processed_at, created_at)`);
    await q.query(`CREATE TABLE notification_ledger (
      id varchar(36) PRIMARY KEY,
      adhesion_id varchar(36) REFERENCES adhesion(id),
      epci_siren varchar(9) REFERENCES epci(siren),
      cycle integer NOT NULL,
      kind varchar(60) NOT NULL,
      offset_days integer NOT NULL,
      created_at varchar(30) NOT NULL,
      sent_at varchar(30)
    )`);
    await q.query(`CREATE UNIQUE INDEX notification_once ON notification_ledger (adhesion_id, cycle, kind, offset_days)`);
    await q.query(`CREATE TABLE idempotency_key (
      user_id varchar(36) NOT NULL,
      key varchar(200) NOT NULL,
      request_hash varchar(64) NOT NULL,
      status_code integer NOT NULL,
      body text NOT NULL,
      created_at varchar(30) NOT NULL,
      PRIMARY KEY (user_id, key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_key', 'notification_ledger', 'outbox', 'audit_event', 'adhesion', 'app_user', 'unit_cost', 'service', 'commune', 'epci']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
