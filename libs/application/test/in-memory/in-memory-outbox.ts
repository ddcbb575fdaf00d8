// The outbox, in memory. Only deadline rows have a consumer (the relay to the queue); the others are a
// record of what happened, born processed, as the SQL implementation writes them.
import { RELAYED_OUTBOX_KIND, type Outbox, type OutboxRow } from '../../src/ports/index.js';
import { clone, compareText, type Tx } from './in-memory-tables.js';

export class InMemoryOutbox implements Outbox {
  constructor(private readonly tx: Tx) {}

  async append(rows: OutboxRow[]): Promise<void> {
    this.tx.mutable('outbox append');
    for (const row of rows) this.tx.insert('outbox', row);
  }

  /** Unprocessed `deadline.schedule` rows, oldest first (ties by id). */
  async pendingDeadlines(limit: number): Promise<OutboxRow[]> {
    return [...this.tx.rows.outbox.values()]
      .filter((row) => row.processedAt === null && row.kind === RELAYED_OUTBOX_KIND)
      .sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id))
      .slice(0, limit)
      .map(clone);
  }

  async markProcessed(ids: string[], at: string): Promise<void> {
    const tables = this.tx.mutable('outbox markProcessed');
    for (const id of ids) {
      const row = tables.outbox.get(id);
      if (row) this.tx.update('outbox', id, { ...row, processedAt: at });
    }
  }
}
