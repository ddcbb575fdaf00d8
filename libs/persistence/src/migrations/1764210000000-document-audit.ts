import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The trail of generated documents: one row per PDF served, with the SHA-256 of its bytes. */
export class DocumentAudit1764210000000 implements MigrationInterface {
  name = 'DocumentAudit1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE document_audit (
      id varchar(36) PRIMARY KEY,
      adhesion_id varchar(36) NOT NULL REFERENCES adhesion(id),
      kind varchar(40) NOT NULL,
      sha256 varchar(64) NOT NULL,
      actor_id varchar(36),
      role varchar(20) NOT NULL,
      at varchar(30) NOT NULL,
      byte_size integer NOT NULL
    )`);
    await q.query(`CREATE INDEX document_audit_adhesion ON document_audit (adhesion_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_audit_adhesion`);
    await q.query(`DROP TABLE document_audit`);
  }
}
