import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The files attached to adhesions (DatabaseAttachmentStorage): `attachment` holds what is known of each (its kind,
 * the step, the sanitised name, the media type found in its bytes, size, SHA-256, a deliberation's council,
 * number, date and date of transmission to the prefecture, who attached it and when); `attachment_content` its
 * bytes, apart, so that a list never reads them. Both are written in one transaction. `bytea` on PostgreSQL,
 * `blob` on SQLite: no server of its own, and every api process sharing the PostgreSQL sees the same files.
 */
export class Attachments1764280000000 implements MigrationInterface {
  name = 'Attachments1764280000000';

  async up(q: QueryRunner): Promise<void> {
    const binary = q.connection.options.type === 'postgres' ? 'bytea' : 'blob';
    await q.query(`CREATE TABLE attachment (
      id varchar(36) PRIMARY KEY,
      adhesion_id varchar(36) NOT NULL REFERENCES adhesion(id),
      kind varchar(30) NOT NULL
        CONSTRAINT attachment_kind_check CHECK (kind IN ('deliberation', 'cst_minutes', 'impact_sheet', 'signed_convention', 'avenant')),
      step varchar(200) NOT NULL,
      file_name varchar(255) NOT NULL,
      media_type varchar(60) NOT NULL,
      byte_size integer NOT NULL,
      sha256 varchar(64) NOT NULL,
      deliberation_party varchar(10),
      deliberation_number varchar(100),
      deliberation_date varchar(10),
      transmitted_on varchar(10),
      uploaded_by varchar(36) NOT NULL,
      uploader_role varchar(20) NOT NULL,
      uploaded_at varchar(30) NOT NULL
    )`);
    await q.query(`CREATE INDEX attachment_adhesion ON attachment (adhesion_id, uploaded_at)`);
    await q.query(`CREATE TABLE attachment_content (
      attachment_id varchar(36) PRIMARY KEY REFERENCES attachment(id),
      bytes ${binary} NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment_content`);
    await q.query(`DROP INDEX attachment_adhesion`);
    await q.query(`DROP TABLE attachment`);
  }
}
