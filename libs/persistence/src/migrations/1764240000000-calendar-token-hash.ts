import { createHash } from 'node:crypto';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Calendar tokens are stored as their SHA-256 (hex, 64 characters: the column's width), never in clear: the
 * feed's URL hashes its token to find the user. The tokens already given out keep working.
 */
export class CalendarTokenHash1764240000000 implements MigrationInterface {
  name = 'CalendarTokenHash1764240000000';

  async up(q: QueryRunner): Promise<void> {
    const rows: Array<{ id: string; calendar_token: string }> = await q.query(`SELECT id, calendar_token FROM app_user WHERE calendar_token IS NOT NULL`);
    const postgres = q.connection.options.type === 'postgres';
    for (const row of rows) {
      if (/^[0-9a-f]{64}$/.test(row.calendar_token)) continue; // already a hash
      const hash = createHash('sha256').update(row.calendar_token).digest('hex');
      await q.query(postgres ? `UPDATE app_user SET calendar_token = $1 WHERE id = $2` : `UPDATE app_user SET calendar_token = ? WHERE id = ?`, [hash, row.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // A hash cannot be turned back into its token: the feeds must be created again.
    await q.query(`UPDATE app_user SET calendar_token = NULL`);
  }
}
