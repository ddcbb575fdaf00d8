// Work to do after a commit, written in the same transaction as the change it follows; the relay moves the
// deadline rows to the queue and marks them processed.
import { In } from 'typeorm';
import { RELAYED_OUTBOX_KIND } from '../../../application/src/ports/outbox.js';
import type { Outbox, OutboxRow } from '../../../application/src/ports/index.js';
import { OutboxEntity } from '../entities/index.js';
import { toOutboxRow } from './mappers.js';
import { hydrate, insertRows, plain, selectColumns } from './plain-sql.js';
import { TypeOrmRepository } from './typeorm-repository.js';


/** Many ids in one IN (…) stay well under both databases' limits on bound parameters. */
const ID_CHUNK = 500;

export class TypeOrmOutbox extends TypeOrmRepository implements Outbox {
  async append(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.writing(insertRows(this.m, OutboxEntity, rows as Array<Partial<OutboxEntity>>));
  }


  async pendingDeadlines(limit: number): Promise<OutboxRow[]> {
    // Plain SQL (plain-sql.ts): the relay asks after every command that wrote a deadline.
    const m = this.m;
    const sql = plain(m, 'outbox pending', () =>
      `SELECT ${selectColumns(m, OutboxEntity, 'o')} FROM outbox o WHERE o.processed_at IS NULL AND o.kind = ? ORDER BY o.created_at ASC, o.id ASC LIMIT ?`,
    );
    const rows = (await m.query(sql, [RELAYED_OUTBOX_KIND, limit])) as Array<Record<string, unknown>>;
    return rows.map((raw) => toOutboxRow(hydrate(m, OutboxEntity, raw, 'o')));
  }

  async markProcessed(ids: string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      await this.writing(this.m.update(OutboxEntity, { id: In(ids.slice(i, i + ID_CHUNK)) }, { processedAt: at }));
    }
  }
}
