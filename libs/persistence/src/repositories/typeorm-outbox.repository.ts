// Work to do after a commit, written in the same transaction as the change it follows; the relay moves the
// deadline rows to the queue and marks them processed.
import { In, IsNull } from 'typeorm';
import { RELAYED_OUTBOX_KIND } from '../../../application/src/ports/outbox.js';
import type { Outbox, OutboxRow } from '../../../application/src/ports/index.js';
import { OutboxEntity } from '../entities/index.js';
import { toOutboxRow } from './mappers.js';
import { copies, TypeOrmRepository } from './typeorm-repository.js';


/** Many ids in one IN (…) stay well under both databases' limits on bound parameters. */
const ID_CHUNK = 500;

export class TypeOrmOutbox extends TypeOrmRepository implements Outbox {
  async append(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.writing(this.m.insert(OutboxEntity, copies(rows) as never));
  }


  async pendingDeadlines(limit: number): Promise<OutboxRow[]> {
    const rows = await this.m.find(OutboxEntity, {
      where: { processedAt: IsNull(), kind: RELAYED_OUTBOX_KIND },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
    return rows.map(toOutboxRow);
  }

  async markProcessed(ids: string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      await this.writing(this.m.update(OutboxEntity, { id: In(ids.slice(i, i + ID_CHUNK)) }, { processedAt: at }));
    }
  }
}
