// The first answer to each Idempotency-Key, in memory: unique per (userId, key).
import { type IdempotencyRecord, type IdempotencyRecords } from '../../src/ports/index.js';
import { clone, compositeKey, type Tx } from './in-memory-tables.js';

export class InMemoryIdempotencyRecords implements IdempotencyRecords {
  constructor(private readonly tx: Tx) {}

  async find(userId: string, key: string): Promise<IdempotencyRecord | null> {
    const found = this.tx.rows.idempotency.get(compositeKey(userId, key)!);
    return found ? clone(found) : null;
  }

  async remember(record: IdempotencyRecord): Promise<void> {
    this.tx.insert('idempotency', record);
  }

  async purgeBefore(before: string): Promise<number> {
    const table = this.tx.mutable('delete from idempotency');
    let purged = 0;
    for (const [pk, row] of table.idempotency) if (row.createdAt < before && table.idempotency.delete(pk)) purged++;
    return purged;
  }
}
