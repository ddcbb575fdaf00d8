import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Work to do after a commit (schedule a deadline, send a notification), written in the same transaction. */
@Entity('outbox')
@Index('outbox_pending', ['processedAt', 'createdAt'])
export class OutboxEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'adhesion_id', type: 'varchar', length: 36, nullable: true })
  adhesionId: string | null;

  @Column({ type: 'varchar', length: 60 })
  kind: string;

  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'processed_at', type: 'varchar', length: 30, nullable: true })
  processedAt: string | null;
}
