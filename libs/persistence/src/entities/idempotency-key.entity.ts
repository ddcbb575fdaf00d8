import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a POST carrying an Idempotency-Key, stored in the transaction of its write. */
@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  @Column({ type: 'simple-json' })
  body: unknown;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
