// Work to do after a commit, written in the same transaction as the change it follows; the relay moves the
// deadline rows to the queue and marks them processed.
import { randomUUID } from 'node:crypto';
import { In, IsNull } from 'typeorm';
import type { Outbox, OutboxRow } from '../../../application/src/ports/index.js';
import { OutboxEntity } from '../entities/index.js';
import { toOutboxRow } from './mappers.js';
import { TypeOrmRepository } from './typeorm-repository.js';

/** The only kind with a consumer (the relay to the queue); the others are a record, born processed. */
const RELAYED_KIND = 'deadline.schedule';

/** Many ids in one IN (…) stay well under both databases' limits on bound parameters. */
const ID_CHUNK = 500;

export class TypeOrmOutbox extends TypeOrmRepository implements Outbox {
  async append(rows: Array<{ adhesionId: string | null; kind: string; payload: Record<string, unknown> }>, at: string): Promise<void> {
    if (rows.length === 0) return;
    await this.writing(
      this.m.insert(
        OutboxEntity,
        rows.map((row) => ({
          id: randomUUID(),
          adhesionId: row.adhesionId,
          kind: row.kind,
          payload: row.payload,
          attempts: 0,
          lastError: null,
          createdAt: at,
          processedAt: row.kind === RELAYED_KIND ? null : at,
        })) as never,
      ),
    );
  }

  async pendingDeadlines(limit: number): Promise<OutboxRow[]> {
    const rows = await this.m.find(OutboxEntity, {
      where: { processedAt: IsNull(), kind: RELAYED_KIND },
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
