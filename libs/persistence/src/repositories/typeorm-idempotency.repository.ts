// The first answer to a request carrying an Idempotency-Key, stored in the transaction of its own write.
import type { IdempotencyRecord, IdempotencyRecords } from '../../../application/src/ports/index.js';
import { LessThan } from 'typeorm';
import { IdempotencyKeyEntity } from '../entities/index.js';
import { toIdempotencyRecord } from './mappers.js';
import { TypeOrmRepository } from './typeorm-repository.js';

export class TypeOrmIdempotencyRecords extends TypeOrmRepository implements IdempotencyRecords {
  async find(userId: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.m.findOneBy(IdempotencyKeyEntity, { userId, key });
    return row ? toIdempotencyRecord(row) : null;
  }

  async remember(record: IdempotencyRecord): Promise<void> {
    await this.writing(this.m.insert(IdempotencyKeyEntity, record as never));
  }

  async purgeBefore(before: string): Promise<number> {
    const result = await this.m.delete(IdempotencyKeyEntity, { createdAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
