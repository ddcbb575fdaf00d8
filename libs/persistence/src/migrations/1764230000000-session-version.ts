import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A per-user session version, put in every token: bumping it revokes every token of the user. */
export class SessionVersion1764230000000 implements MigrationInterface {
  name = 'SessionVersion1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN session_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN session_version`);
  }
}
